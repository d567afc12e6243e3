/**
 * Copying a version record from one repository's package to another's within a domain: status,
 * revision, publish time, origin, metadata, deprecation message, dependencies, and asset rows that
 * point at the same blobs (content is stored once per domain, never duplicated). Used by
 * CopyPackageVersions and by upstream retention. Runs inside the caller's write transaction.
 */
import {
  deleteAssets,
  findVersion,
  insertAsset,
  insertVersion,
  listAssets,
  listDependencies,
  parseLicenses,
  readReadme,
  replaceDependencies,
  writeReadme,
  type PackageRow,
  type StoredVersionStatus,
  type VersionMetadata,
  type VersionOrigin,
  type VersionRow,
} from '../packages/package-records';
import { readDescription } from '../packages/version-descriptions';
import type { Db } from '../../store/types';
import { writeDeprecation } from './deprecate-package-versions';

export function metadataOf(db: Db, row: VersionRow): VersionMetadata {
  const description = readDescription(db, row.description_id);
  return {
    displayName: description.display_name ?? undefined,
    summary: description.summary ?? undefined,
    homePage: description.home_page ?? undefined,
    sourceCodeRepository: description.source_code_repository ?? undefined,
    licenses: parseLicenses(description.licenses),
    readme: readReadme(db, row.id),
    dependencies: listDependencies(db, row).map((dependency) => ({
      namespace: dependency.namespace ?? undefined,
      package: dependency.package,
      dependencyType: dependency.dependency_type ?? undefined,
      versionRequirement: dependency.version_requirement ?? undefined,
    })),
  };
}

export function originOf(row: VersionRow): VersionOrigin {
  return {
    originType: row.origin_type,
    repository: row.origin_repository ?? undefined,
    externalConnection: row.origin_external_connection ?? undefined,
  };
}

/** Whether two versions hold the same files under the same names. */
export function sameAssets(db: Db, a: VersionRow, b: VersionRow): boolean {
  const left = listAssets(db, a.id).map((asset) => `${asset.name}\u0000${asset.sha256}`);
  const right = listAssets(db, b.id).map((asset) => `${asset.name}\u0000${asset.sha256}`);
  return left.length === right.length && left.every((entry, index) => entry === right[index]);
}

export interface CopiedVersion {
  readonly row: VersionRow;
  /** Digests the overwritten destination version no longer holds (candidates for release). */
  readonly dropped: string[];
}

/**
 * Writes `source` (a version of `sourcePackage`) into `target`. When `replace` is given, that
 * destination version is overwritten in place; otherwise the destination must not have the version.
 */
export function copyVersionRecord(
  db: Db,
  source: VersionRow,
  target: PackageRow,
  domainId: number,
  now: number,
  replace?: VersionRow,
  status: StoredVersionStatus = source.status,
): CopiedVersion {
  const metadata = metadataOf(db, source);
  const assets = listAssets(db, source.id);
  let dropped: string[] = [];
  if (replace) {
    dropped = deleteAssets(db, replace.id);
    db.run(
      `UPDATE package_versions SET status = ?, revision = ?, published_time = ?, updated_time = ?,
         origin_type = ?, origin_repository = ?, origin_external_connection = ?, description_id = ?, deprecated = ?
       WHERE id = ?`,
      [
        status,
        source.revision,
        source.published_time,
        now,
        source.origin_type,
        source.origin_repository,
        source.origin_external_connection,
        source.description_id,
        source.deprecated,
        replace.id,
      ],
    );
    replaceDependencies(db, replace.id, metadata.dependencies ?? []);
    writeReadme(db, replace.id, metadata.readme ?? null);
  } else {
    insertVersion(
      db,
      target,
      {
        version: source.version,
        status,
        revision: source.revision,
        publishedTime: source.published_time,
        origin: originOf(source),
        metadata,
      },
      now,
    );
  }
  let row = findVersion(db, target.id, source.version);
  if (!row) throw new Error('the copied version vanished inside its own transaction');
  if (!replace && row.deprecated !== source.deprecated) {
    writeDeprecation(db, row.id, source.deprecated);
    row = { ...row, deprecated: source.deprecated };
  }
  for (const asset of assets) insertAsset(db, row.id, domainId, asset.name, asset.sha256, now);
  return { row, dropped };
}
