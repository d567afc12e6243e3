/**
 * Data access for packages and their versions, assets, dependencies and dist-tags: the row shapes of
 * migration 2 and the statements every package operation shares. Functions that change rows must be
 * called inside `ctx.store.write`; the rest work in `read` or `write`.
 */
import type {
  AllowPublish,
  AllowUpstream,
  PackageFormat,
  PackageVersionOriginType,
  PackageVersionStatus,
} from '@aws-sdk/client-codeartifact';
import { randomBytes } from 'node:crypto';
import { ResourceNotFoundException } from '../errors';
import { blobDigestColumns } from '../assets/asset-blobs';
import { blobKeyHex } from '../assets/blob-keys';
import type { RepositoryRow } from '../lookups';
import { versionSortKey } from '../package-versions/version-order';
import type { Db, SqlValue } from '../../store/types';
import { internDependencyList, readDependencyList, type StoredDependency } from './dependency-lists';
import { describeCoordinates, type PackageCoordinates } from './package-coordinates';
import {
  internDescription,
  noDescription,
  readDescription,
  type DescriptionFields,
} from './version-descriptions';

export interface PackageRow {
  readonly id: number;
  readonly repository_id: number;
  readonly format: PackageFormat;
  readonly namespace: string;
  readonly name: string;
  readonly publish: AllowPublish;
  readonly upstream: AllowUpstream;
  readonly created_time: number;
}

/** A status a version row can hold; Deleted is only ever reported, never stored. */
export type StoredVersionStatus = Exclude<PackageVersionStatus, 'Deleted'>;

export interface VersionRow {
  readonly id: number;
  readonly package_id: number;
  readonly version: string;
  readonly sort_key: string;
  readonly status: StoredVersionStatus;
  readonly revision: string;
  readonly published_time: number;
  readonly updated_time: number;
  readonly origin_type: PackageVersionOriginType;
  readonly origin_repository: string | null;
  readonly origin_external_connection: string | null;
  /** The row of version_descriptions holding its descriptive fields (migration 16); NULL for none. */
  readonly description_id: number | null;
  /** The row of dependency_lists holding its direct dependencies (migration 17); NULL for none. */
  readonly dependency_list_id: number | null;
  /** npm's deprecation message (migration 4); NULL when the version is not deprecated. */
  readonly deprecated: string | null;
}

/** An asset row joined with the size and hashes of its blob. */
export interface AssetRow {
  readonly version_id: number;
  readonly name: string;
  readonly domain_id: number;
  readonly sha256: string;
  readonly created_time: number;
  readonly size: number;
  readonly md5: string;
  readonly sha1: string;
  readonly sha512: string;
}

export interface DistTagRow {
  readonly package_id: number;
  readonly tag: string;
  readonly version: string;
  readonly updated_time: number;
}

export interface OriginRestrictions {
  readonly publish: AllowPublish;
  readonly upstream: AllowUpstream;
}

/** The default restrictions of a new package follow how its first version arrived. */
export const publishedOriginDefaults: OriginRestrictions = { publish: 'ALLOW', upstream: 'BLOCK' };
export const ingestedOriginDefaults: OriginRestrictions = { publish: 'BLOCK', upstream: 'ALLOW' };

/** An opaque revision: new whenever a version's assets, status or metadata change. */
export function newRevision(): string {
  // URL-safe, since clients pass it back in a query string (GetPackageVersionAsset's revision).
  return randomBytes(24).toString('base64url');
}

// ---- packages ------------------------------------------------------------------------------------

export function findPackage(
  db: Db,
  repositoryId: number,
  coordinates: PackageCoordinates,
): PackageRow | undefined {
  return db.get<PackageRow>(
    'SELECT * FROM packages WHERE repository_id = ? AND format = ? AND namespace = ? AND name = ?',
    [repositoryId, coordinates.format, coordinates.namespace, coordinates.name],
  );
}

export function packageNotFound(
  repository: Pick<RepositoryRow, 'name'>,
  coordinates: PackageCoordinates,
): ResourceNotFoundException {
  const name = describeCoordinates(coordinates);
  return new ResourceNotFoundException(
    `Package '${name}' (${coordinates.format}) does not exist in repository '${repository.name}'.`,
    name,
    'package',
  );
}

export function requirePackage(
  db: Db,
  repository: RepositoryRow,
  coordinates: PackageCoordinates,
): PackageRow {
  const row = findPackage(db, repository.id, coordinates);
  if (!row) throw packageNotFound(repository, coordinates);
  return row;
}

/** The package row, created with `defaults` as its origin restrictions when it does not exist yet. */
export function ensurePackage(
  db: Db,
  repositoryId: number,
  coordinates: PackageCoordinates,
  defaults: OriginRestrictions,
  now: number,
): PackageRow {
  return (
    findPackage(db, repositoryId, coordinates) ?? insertPackage(db, repositoryId, coordinates, defaults, now)
  );
}

/** Creates a package row the caller knows is missing, and returns it as stored. */
export function insertPackage(
  db: Db,
  repositoryId: number,
  coordinates: PackageCoordinates,
  defaults: OriginRestrictions,
  now: number,
): PackageRow {
  const created = db.get<PackageRow>(
    `INSERT INTO packages (repository_id, format, namespace, name, publish, upstream, created_time)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    [
      repositoryId,
      coordinates.format,
      coordinates.namespace,
      coordinates.name,
      defaults.publish,
      defaults.upstream,
      now,
    ],
  );
  if (!created) throw new Error('the package insert returned no row');
  return created;
}

export function coordinatesOf(row: PackageRow): PackageCoordinates {
  return { format: row.format, namespace: row.namespace, name: row.name };
}

// ---- versions ------------------------------------------------------------------------------------

export function findVersion(db: Db, packageId: number, version: string): VersionRow | undefined {
  return db.get<VersionRow>('SELECT * FROM package_versions WHERE package_id = ? AND version = ?', [
    packageId,
    version,
  ]);
}

export function versionNotFound(pkg: PackageRow, repository: Pick<RepositoryRow, 'name'>, version: string) {
  return new ResourceNotFoundException(
    `Version '${version}' of package '${describeCoordinates(coordinatesOf(pkg))}' does not exist in repository '${repository.name}'.`,
    version,
    'package-version',
  );
}

export function requireVersion(
  db: Db,
  repository: Pick<RepositoryRow, 'name'>,
  pkg: PackageRow,
  version: string,
): VersionRow {
  const row = findVersion(db, pkg.id, version);
  if (!row) throw versionNotFound(pkg, repository, version);
  return row;
}

export interface LicenseEntry {
  readonly name?: string;
  readonly url?: string;
}

export interface DependencyEntry {
  readonly namespace?: string;
  readonly package: string;
  readonly dependencyType?: string;
  readonly versionRequirement?: string;
}

/** What formats know about a version beyond its files. Undefined members are left as they are. */
export interface VersionMetadata {
  readonly displayName?: string;
  readonly summary?: string;
  readonly homePage?: string;
  readonly sourceCodeRepository?: string;
  readonly licenses?: readonly LicenseEntry[];
  readonly readme?: string;
  readonly dependencies?: readonly DependencyEntry[];
}

export interface VersionOrigin {
  readonly originType: PackageVersionOriginType;
  readonly repository?: string;
  readonly externalConnection?: string;
}

export interface NewVersion {
  readonly version: string;
  readonly status: StoredVersionStatus;
  readonly revision?: string;
  readonly publishedTime: number;
  readonly origin: VersionOrigin;
  readonly metadata?: VersionMetadata;
}

export function insertVersion(db: Db, pkg: PackageRow, fields: NewVersion, now: number): VersionRow {
  const metadata = fields.metadata ?? {};
  // RETURNING hands back the row as stored, so creating a version costs no second lookup.
  const row = db.get<VersionRow>(
    `INSERT INTO package_versions (package_id, version, sort_key, status, revision, published_time,
       updated_time, origin_type, origin_repository, origin_external_connection, description_id,
       dependency_list_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    [
      pkg.id,
      fields.version,
      versionSortKey(pkg.format, fields.version),
      fields.status,
      fields.revision ?? newRevision(),
      fields.publishedTime,
      now,
      fields.origin.originType,
      fields.origin.repository ?? null,
      fields.origin.externalConnection ?? null,
      internDescription(db, descriptionFieldsOf(metadata, noDescription)),
      internDependencyList(db, metadata.dependencies ?? []),
    ],
  );
  if (!row) throw new Error('the version insert returned no row');
  if (metadata.readme !== undefined) writeReadme(db, row.id, metadata.readme);
  return row;
}

/** A version's readme (migration 12 keeps it off the version row, so listings never read it). */
export function readReadme(db: Db, versionId: number): string | undefined {
  return (
    db.get<{ readme: string }>('SELECT readme FROM package_version_readmes WHERE version_id = ?', [versionId])
      ?.readme ?? undefined
  );
}

/** Sets (or, with null, removes) a version's readme. */
export function writeReadme(db: Db, versionId: number, readme: string | null): void {
  if (readme === null) db.run('DELETE FROM package_version_readmes WHERE version_id = ?', [versionId]);
  else
    db.run(
      `INSERT INTO package_version_readmes (version_id, readme) VALUES (?, ?)
       ON CONFLICT (version_id) DO UPDATE SET readme = excluded.readme`,
      [versionId, readme],
    );
}

/**
 * Writes the metadata members that are given; the version gets a new revision and update time.
 * Whether anything was given (and so the version was updated).
 */
export function updateVersionMetadata(
  db: Db,
  version: VersionRow,
  metadata: VersionMetadata,
  now: number,
): boolean {
  const columns: [string, SqlValue][] = [];
  if (describesVersion(metadata)) {
    const current = readDescription(db, version.description_id);
    columns.push(['description_id', internDescription(db, descriptionFieldsOf(metadata, current))]);
  }
  if (metadata.dependencies !== undefined)
    columns.push(['dependency_list_id', internDependencyList(db, metadata.dependencies)]);
  if (metadata.readme !== undefined) writeReadme(db, version.id, metadata.readme);
  if (columns.length === 0 && metadata.readme === undefined) return false;
  columns.push(['revision', newRevision()], ['updated_time', now]);
  db.run(
    `UPDATE package_versions SET ${columns.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`,
    [...columns.map(([, value]) => value), version.id],
  );
  return true;
}

/** Whether `metadata` gives any of the fields a version description holds. */
function describesVersion(metadata: VersionMetadata): boolean {
  return (
    metadata.displayName !== undefined ||
    metadata.summary !== undefined ||
    metadata.homePage !== undefined ||
    metadata.sourceCodeRepository !== undefined ||
    metadata.licenses !== undefined
  );
}

/** The description fields `metadata` gives, the rest taken from `current`. */
export function descriptionFieldsOf(
  metadata: VersionMetadata,
  current: DescriptionFields,
): DescriptionFields {
  return {
    display_name: metadata.displayName ?? current.display_name,
    summary: metadata.summary ?? current.summary,
    home_page: metadata.homePage ?? current.home_page,
    source_code_repository: metadata.sourceCodeRepository ?? current.source_code_repository,
    licenses: metadata.licenses === undefined ? current.licenses : JSON.stringify(metadata.licenses),
  };
}

/** Sets the status (and a new revision); becoming Published for the first time sets publishedTime. */
export function setVersionStatus(
  db: Db,
  version: VersionRow,
  status: StoredVersionStatus,
  now: number,
): string {
  const revision = newRevision();
  const publishedTime =
    version.status === 'Unfinished' && status === 'Published' ? now : version.published_time;
  db.run(
    'UPDATE package_versions SET status = ?, revision = ?, published_time = ?, updated_time = ? WHERE id = ?',
    [status, revision, publishedTime, now, version.id],
  );
  return revision;
}

/** A new revision after the version's assets changed. */
export function touchVersion(db: Db, versionId: number, now: number): string {
  const revision = newRevision();
  db.run('UPDATE package_versions SET revision = ?, updated_time = ? WHERE id = ?', [
    revision,
    now,
    versionId,
  ]);
  return revision;
}

export function parseLicenses(json: string | null): LicenseEntry[] | undefined {
  if (json === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as LicenseEntry[]) : undefined;
  } catch {
    return undefined;
  }
}

// ---- assets --------------------------------------------------------------------------------------

/** Asset rows (`a`) joined with their blob (`b`), as AssetRow: every digest read back as hex. */
export const assetSelect = `SELECT a.version_id, a.name, a.domain_id, ${blobKeyHex('a.sha256')}, a.created_time,
    b.size, ${blobDigestColumns}
  FROM package_version_assets a JOIN domain_blobs b ON b.domain_id = a.domain_id AND b.sha256 = a.sha256`;

export function listAssets(db: Db, versionId: number): AssetRow[] {
  return db.all<AssetRow>(`${assetSelect} WHERE a.version_id = ? ORDER BY a.name`, [versionId]);
}

export function findAsset(db: Db, versionId: number, name: string): AssetRow | undefined {
  return db.get<AssetRow>(`${assetSelect} WHERE a.version_id = ? AND a.name = ?`, [versionId, name]);
}

export function insertAsset(
  db: Db,
  versionId: number,
  domainId: number,
  name: string,
  sha256: string,
  now: number,
): void {
  db.run(
    'INSERT INTO package_version_assets (version_id, name, domain_id, sha256, created_time) VALUES (?, ?, ?, unhex(?), ?)',
    [versionId, name, domainId, sha256, now],
  );
}

/** Deletes the version's asset rows; returns the digests they pointed at (candidates for release). */
export function deleteAssets(db: Db, versionId: number): string[] {
  const digests = db
    .all<{ sha256: string }>(
      `SELECT DISTINCT ${blobKeyHex('sha256')} FROM package_version_assets WHERE version_id = ?`,
      [versionId],
    )
    .map((row) => row.sha256);
  db.run('DELETE FROM package_version_assets WHERE version_id = ?', [versionId]);
  return digests;
}

// ---- dependencies --------------------------------------------------------------------------------

/** Sets the version's dependencies (none for an empty list). */
export function replaceDependencies(
  db: Db,
  versionId: number,
  dependencies: readonly DependencyEntry[],
): void {
  db.run('UPDATE package_versions SET dependency_list_id = ? WHERE id = ?', [
    internDependencyList(db, dependencies),
    versionId,
  ]);
}

/** The version's dependencies, in the order its metadata gave them. */
export function listDependencies(
  db: Db,
  version: Pick<VersionRow, 'dependency_list_id'>,
): StoredDependency[] {
  return readDependencyList(db, version.dependency_list_id);
}

// ---- dist-tags -----------------------------------------------------------------------------------

export function listDistTagRows(db: Db, packageId: number): DistTagRow[] {
  return db.all<DistTagRow>('SELECT * FROM package_dist_tags WHERE package_id = ? ORDER BY tag', [packageId]);
}

export function putDistTag(db: Db, packageId: number, tag: string, version: string, now: number): void {
  db.run(
    `INSERT INTO package_dist_tags (package_id, tag, version, updated_time) VALUES (?, ?, ?, ?)
     ON CONFLICT (package_id, tag) DO UPDATE SET version = excluded.version, updated_time = excluded.updated_time`,
    [packageId, tag, version, now],
  );
}

/** Digests of every asset of a repository (or of one package), before a cascade deletes their rows. */
export function assetDigestsOf(db: Db, scope: { repositoryId: number } | { packageId: number }): string[] {
  const rows =
    'repositoryId' in scope
      ? db.all<{ sha256: string }>(
          `SELECT DISTINCT ${blobKeyHex('a.sha256')} FROM package_version_assets a
           JOIN package_versions v ON v.id = a.version_id
           JOIN packages p ON p.id = v.package_id
           WHERE p.repository_id = ?`,
          [scope.repositoryId],
        )
      : db.all<{ sha256: string }>(
          `SELECT DISTINCT ${blobKeyHex('a.sha256')} FROM package_version_assets a
           JOIN package_versions v ON v.id = a.version_id
           WHERE v.package_id = ?`,
          [scope.packageId],
        );
  return rows.map((row) => row.sha256);
}
