/**
 * Inside the write that deletes a version (DeletePackageVersions, DeletePackage): keeps a copy of
 * everything the version was (its row, readme, dependencies, the dist-tags that named it, its
 * package's origin controls and its files) in the trash (migration 13), unless the trash is off or
 * the version is Disposed (its files are already gone, so there is nothing to restore). The caller
 * deletes the live rows afterwards; the trashed files keep their domain_blobs rows, so they are
 * neither released nor swept.
 */
import type { Db } from '../../store/types';
import { listDependencies, type PackageRow, type VersionRow } from '../packages/package-records';
import { descriptionColumns } from '../packages/version-descriptions';
import { readTrashRetentionDays } from './trash-retention';

export function moveToTrash(db: Db, pkg: PackageRow, version: VersionRow, now: number): boolean {
  if (version.status === 'Disposed' || readTrashRetentionDays(db) === 0) return false;
  // The trash keeps the list as it always has: one object per dependency, in order.
  const dependencies = listDependencies(db, version).map((dependency) => ({
    namespace: dependency.namespace,
    package: dependency.package,
    dependency_type: dependency.dependency_type,
    version_requirement: dependency.version_requirement,
  }));
  const distTags = db
    .all<{ tag: string }>('SELECT tag FROM package_dist_tags WHERE package_id = ? AND version = ?', [
      pkg.id,
      version.version,
    ])
    .map((row) => row.tag);
  db.run(
    `INSERT INTO trash_versions (repository_id, format, namespace, package, package_publish, package_upstream,
       version, status, revision, published_time, updated_time, origin_type, origin_repository,
       origin_external_connection, display_name, summary, home_page, source_code_repository, licenses,
       deprecated, readme, dependencies, dist_tags, deleted_time)
     SELECT ?, ?, ?, ?, ?, ?, v.version, v.status, v.revision, v.published_time, v.updated_time, v.origin_type,
       v.origin_repository, v.origin_external_connection, ${descriptionColumns('d')},
       v.deprecated, r.readme, ?, ?, ?
     FROM package_versions v LEFT JOIN package_version_readmes r ON r.version_id = v.id
       LEFT JOIN version_descriptions d ON d.id = v.description_id WHERE v.id = ?`,
    [
      pkg.repository_id,
      pkg.format,
      pkg.namespace,
      pkg.name,
      pkg.publish,
      pkg.upstream,
      JSON.stringify(dependencies),
      JSON.stringify(distTags),
      now,
      version.id,
    ],
  );
  const trashId = db.get<{ id: number }>('SELECT last_insert_rowid() AS id')?.id;
  if (trashId === undefined) throw new Error('trash row vanished right after its insert');
  db.run(
    `INSERT INTO trash_version_assets (trash_id, name, domain_id, sha256, created_time)
     SELECT ?, name, domain_id, sha256, created_time FROM package_version_assets WHERE version_id = ?`,
    [trashId, version.id],
  );
  return true;
}
