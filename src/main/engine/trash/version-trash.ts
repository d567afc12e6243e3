/**
 * The trash as the app's own operations use it (never a CodeArtifact operation): list what a domain
 * or repository holds, restore entries as the versions they were, purge entries for good, and purge
 * what is past the retention. A restore puts back the version row with its status, revision, origin,
 * metadata, readme, dependencies and files, the dist-tags that named it where the tag is not taken,
 * and its package (with the origin controls it had) when the package was deleted too. A version of
 * the same string published after the delete is never overwritten: the restore is refused with a
 * ConflictException and the trashed copy stays until it expires or is purged.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import type { Db } from '../../store/types';
import { internDescription, type DescriptionFields } from '../packages/version-descriptions';
import type {
  TrashEntriesRequest,
  TrashEntry,
  TrashListRequest,
  TrashListing,
  TrashPurgeResult,
  TrashRestoreResult,
} from '../../../shared/trash';
import { versionLabel } from '../../../shared/package-version-label';
import { releaseUnreferencedBlobs, removeBlobFiles } from '../assets/asset-blobs';
import { blobKeyHex } from '../assets/blob-keys';
import type { EngineContext } from '../context';
import { ConflictException, ResourceNotFoundException, ValidationException } from '../errors';
import { requireMember } from '../input';
import { domainOwnerOf, requireDomain, requireRepository, type DomainRow } from '../lookups';
import { packageCoordinates } from '../packages/package-coordinates';
import {
  findPackage,
  findVersion,
  putDistTag,
  replaceDependencies,
  writeReadme,
  type VersionRow,
} from '../packages/package-records';
import { versionSortKey } from '../package-versions/version-order';
import { dayMs, readTrashRetentionDays } from './trash-retention';

/** A trash_versions row: the columns of the version it was, plus what the trash adds (migration 13). */
/** A trashed version keeps its descriptive fields as text, so it restores exactly. */
interface TrashRow extends Omit<VersionRow, 'package_id' | 'sort_key' | 'description_id'>, DescriptionFields {
  readonly repository_id: number;
  readonly repository: string;
  readonly format: PackageFormat;
  readonly namespace: string;
  readonly package: string;
  readonly package_publish: string;
  readonly package_upstream: string;
  readonly readme: string | null;
  readonly dependencies: string;
  readonly dist_tags: string;
  readonly deleted_time: number;
}

const trashSelect = `SELECT t.*, r.name AS repository FROM trash_versions t
  JOIN repositories r ON r.id = t.repository_id`;

const labelOf = (row: TrashRow): string =>
  versionLabel({
    format: row.format,
    ...(row.namespace ? { namespace: row.namespace } : {}),
    package: row.package,
    version: row.version,
  });

function targetDomain(
  ctx: EngineContext,
  db: Db,
  input: { domain?: string; domainOwner?: string },
): DomainRow {
  return requireDomain(db, requireMember(input.domain, 'domain'), domainOwnerOf(ctx, input.domainOwner));
}

export function listTrash(ctx: EngineContext, input: TrashListRequest): TrashListing {
  return ctx.store.read((db) => {
    const domain = targetDomain(ctx, db, input);
    const retentionDays = readTrashRetentionDays(db);
    const where = ['r.domain_id = ?'];
    const values: (string | number)[] = [domain.id];
    if (input.repository !== undefined) {
      where.push('t.repository_id = ?');
      values.push(requireRepository(db, domain, input.repository).id);
    }
    if (input.format !== undefined && input.package !== undefined) {
      const coordinates = packageCoordinates(input.format, input.namespace, input.package);
      where.push('t.format = ? AND t.namespace = ? AND t.package = ?');
      values.push(coordinates.format, coordinates.namespace, coordinates.name);
    }
    const rows = db.all<TrashRow & { asset_count: number; size_bytes: number }>(
      `SELECT t.id, t.repository_id, r.name AS repository, t.format, t.namespace, t.package, t.version,
         t.status, t.deleted_time,
         (SELECT COUNT(*) FROM trash_version_assets a WHERE a.trash_id = t.id) AS asset_count,
         (SELECT COALESCE(SUM(b.size), 0) FROM trash_version_assets a
            JOIN domain_blobs b ON b.domain_id = a.domain_id AND b.sha256 = a.sha256
            WHERE a.trash_id = t.id) AS size_bytes
       FROM trash_versions t JOIN repositories r ON r.id = t.repository_id
       WHERE ${where.join(' AND ')} ORDER BY t.deleted_time DESC, t.id DESC`,
      values,
    );
    const entries: TrashEntry[] = rows.map((row) => {
      const pkg = findPackage(db, row.repository_id, {
        format: row.format,
        namespace: row.namespace,
        name: row.package,
      });
      return {
        id: row.id,
        repository: row.repository,
        format: row.format,
        ...(row.namespace ? { namespace: row.namespace } : {}),
        package: row.package,
        version: row.version,
        status: row.status,
        deletedTime: new Date(row.deleted_time),
        expiresTime: new Date(row.deleted_time + retentionDays * dayMs),
        assetCount: row.asset_count,
        sizeBytes: row.size_bytes,
        replaced: pkg !== undefined && findVersion(db, pkg.id, row.version) !== undefined,
      };
    });
    return { retentionDays, entries };
  });
}

function entryIds(input: TrashEntriesRequest): number[] {
  const ids = (input as { ids?: unknown }).ids;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100)
    throw new ValidationException('ids must list 1 to 100 trash entries.');
  for (const id of ids)
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0)
      throw new ValidationException(`ids must be positive whole numbers; got ${String(id)}.`);
  return [...new Set(ids as number[])];
}

function requireEntries(db: Db, domain: DomainRow, ids: readonly number[]): TrashRow[] {
  return ids.map((id) => {
    const row = db.get<TrashRow>(`${trashSelect} WHERE t.id = ? AND r.domain_id = ?`, [id, domain.id]);
    if (!row)
      throw new ResourceNotFoundException(
        `Trash entry ${id} does not exist in domain '${domain.name}' (restored, purged or expired).`,
        String(id),
      );
    return row;
  });
}

/** Restores every entry or none: a conflict with a version published since refuses the whole call. */
export async function restoreTrashed(
  ctx: EngineContext,
  input: TrashEntriesRequest,
): Promise<TrashRestoreResult> {
  const ids = entryIds(input);
  const now = ctx.now().getTime();
  const restored = ctx.store.write((db) => {
    const domain = targetDomain(ctx, db, input);
    const rows = requireEntries(db, domain, ids);
    const seen = new Set<string>();
    for (const row of rows) {
      const key = `${row.repository_id}\u0000${labelOf(row)}`;
      if (seen.has(key))
        throw new ConflictException(
          `${labelOf(row)} is asked for twice in repository '${row.repository}'; restore one copy.`,
          labelOf(row),
          'package-version',
        );
      seen.add(key);
    }
    return rows.map((row) => {
      restoreEntry(db, row, now);
      return { id: row.id, label: labelOf(row) };
    });
  });
  await ctx.store.flush();
  return { restored };
}

function restoreEntry(db: Db, row: TrashRow, now: number): void {
  const coordinates = { format: row.format, namespace: row.namespace, name: row.package };
  let pkg = findPackage(db, row.repository_id, coordinates);
  if (pkg && findVersion(db, pkg.id, row.version)) {
    throw new ConflictException(
      `${labelOf(row)} exists again in repository '${row.repository}' (published after it was deleted); ` +
        'delete that version first to restore the trashed copy.',
      labelOf(row),
      'package-version',
    );
  }
  if (!pkg) {
    db.run(
      `INSERT INTO packages (repository_id, format, namespace, name, publish, upstream, created_time)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        row.repository_id,
        row.format,
        row.namespace,
        row.package,
        row.package_publish,
        row.package_upstream,
        now,
      ],
    );
    pkg = findPackage(db, row.repository_id, coordinates);
    if (!pkg) throw new Error('package row vanished right after its insert');
  }
  db.run(
    `INSERT INTO package_versions (package_id, version, sort_key, status, revision, published_time,
       updated_time, origin_type, origin_repository, origin_external_connection, description_id, deprecated)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      pkg.id,
      row.version,
      versionSortKey(row.format, row.version),
      row.status,
      row.revision,
      row.published_time,
      now,
      row.origin_type,
      row.origin_repository,
      row.origin_external_connection,
      internDescription(db, row),
      row.deprecated,
    ],
  );
  const version = findVersion(db, pkg.id, row.version);
  if (!version) throw new Error('version row vanished right after its insert');
  db.run(
    `INSERT INTO package_version_assets (version_id, name, domain_id, sha256, created_time)
     SELECT ?, name, domain_id, sha256, created_time FROM trash_version_assets WHERE trash_id = ?`,
    [version.id, row.id],
  );
  if (row.readme !== null) writeReadme(db, version.id, row.readme);
  const dependencies = JSON.parse(row.dependencies) as {
    namespace: string | null;
    package: string;
    dependency_type: string | null;
    version_requirement: string | null;
  }[];
  if (dependencies.length > 0)
    replaceDependencies(
      db,
      version.id,
      dependencies.map((dependency) => ({
        ...(dependency.namespace !== null ? { namespace: dependency.namespace } : {}),
        package: dependency.package,
        ...(dependency.dependency_type !== null ? { dependencyType: dependency.dependency_type } : {}),
        ...(dependency.version_requirement !== null
          ? { versionRequirement: dependency.version_requirement }
          : {}),
      })),
    );
  for (const tag of JSON.parse(row.dist_tags) as string[]) {
    const taken = db.get('SELECT 1 AS taken FROM package_dist_tags WHERE package_id = ? AND tag = ?', [
      pkg.id,
      tag,
    ]);
    if (!taken) putDistTag(db, pkg.id, tag, row.version, now);
  }
  db.run('DELETE FROM trash_versions WHERE id = ?', [row.id]);
}

/** Deletes trash rows chosen by `where` (inside a write) and releases the blobs only they held. */
function dropEntries(db: Db, where: string, values: readonly (string | number)[]): Map<string, string[]> {
  const rows = db.all<{ id: number; domain: string; domain_id: number }>(
    `SELECT t.id, d.name AS domain, d.id AS domain_id FROM trash_versions t
     JOIN repositories r ON r.id = t.repository_id JOIN domains d ON d.id = r.domain_id WHERE ${where}`,
    values,
  );
  const released = new Map<string, string[]>();
  for (const row of rows) {
    const digests = db
      .all<{ sha256: string }>(
        `SELECT ${blobKeyHex('sha256')} FROM trash_version_assets WHERE trash_id = ?`,
        [row.id],
      )
      .map((asset) => asset.sha256);
    db.run('DELETE FROM trash_versions WHERE id = ?', [row.id]);
    const freed = releaseUnreferencedBlobs(db, row.domain_id, digests);
    released.set(row.domain, [...(released.get(row.domain) ?? []), ...freed]);
  }
  return released;
}

async function removeReleased(ctx: EngineContext, released: Map<string, string[]>): Promise<void> {
  await ctx.store.flush();
  for (const [domain, digests] of released) await removeBlobFiles(ctx, domain, digests);
}

/** Deletes entries for good ("Delete forever"); their files go unless something else holds them. */
export async function purgeTrashed(
  ctx: EngineContext,
  input: TrashEntriesRequest,
): Promise<TrashPurgeResult> {
  const ids = entryIds(input);
  const released = ctx.store.write((db) => {
    const domain = targetDomain(ctx, db, input);
    requireEntries(db, domain, ids);
    return dropEntries(db, `t.id IN (${ids.map(() => '?').join(', ')})`, ids);
  });
  await removeReleased(ctx, released);
  return { purged: ids.length };
}

/** Purges every entry past the retention (all of them when the trash is off); returns how many. */
export async function purgeExpiredTrash(ctx: EngineContext): Promise<number> {
  const now = ctx.now().getTime();
  const expired = ctx.store.read((db) => {
    const cutoff = now - readTrashRetentionDays(db) * dayMs;
    return db.get<{ n: number }>('SELECT COUNT(*) AS n FROM trash_versions WHERE deleted_time <= ?', [cutoff])
      ?.n;
  });
  if (!expired) return 0;
  const released = ctx.store.write((db) =>
    dropEntries(db, 't.deleted_time <= ?', [now - readTrashRetentionDays(db) * dayMs]),
  );
  await removeReleased(ctx, released);
  return expired;
}

/** Digests of a repository's trashed files, before deleting the repository cascades their rows. */
export function trashDigestsOf(db: Db, repositoryId: number): string[] {
  return db
    .all<{ sha256: string }>(
      `SELECT DISTINCT ${blobKeyHex('a.sha256')} FROM trash_version_assets a JOIN trash_versions t ON t.id = a.trash_id
       WHERE t.repository_id = ?`,
      [repositoryId],
    )
    .map((row) => row.sha256);
}
