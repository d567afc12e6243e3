/**
 * ListPackageVersions: the versions of a package in a repository, of every status unless `status`
 * filters them, optionally by origin type. Without `sortBy` the newest version by the format's
 * version order comes first; with PUBLISHED_TIME the most recently published comes first. Pages are
 * keyset pages over an index, so a package with many thousands of versions lists as fast as a small one.
 *
 * defaultDisplayVersion follows the API reference: for npm the version the `latest` dist-tag names,
 * otherwise (and when `latest` is not set) the most recently published version.
 */
import type {
  ListPackageVersionsRequest,
  ListPackageVersionsResult,
  PackageVersionStatus,
} from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import { decodeNextToken, pageSize, toPage } from '../pagination';
import { namespaceOf } from '../packages/package-coordinates';
import { requirePackage, type PackageRow, type VersionRow } from '../packages/package-records';
import { packageOf, repositoryNames, requireTarget } from '../packages/package-target';
import type { Db, SqlValue } from '../../store/types';
import { versionSummary } from './version-description';

/** The filter values the API reference allows: a Deleted version is gone, so it is not one. */
const statuses: readonly PackageVersionStatus[] = [
  'Archived',
  'Disposed',
  'Published',
  'Unfinished',
  'Unlisted',
];
const originTypes = ['INTERNAL', 'EXTERNAL', 'UNKNOWN'];

/** The version a client shows first for this package (see the module comment), if any. */
export function defaultDisplayVersion(db: Db, pkg: PackageRow): string | undefined {
  if (pkg.format === 'npm') {
    const latest = db.get<{ version: string }>(
      `SELECT t.version FROM package_dist_tags t
       JOIN package_versions v ON v.package_id = t.package_id AND v.version = t.version
       WHERE t.package_id = ? AND t.tag = 'latest'`,
      [pkg.id],
    );
    if (latest) return latest.version;
  }
  return db.get<{ version: string }>(
    `SELECT version FROM package_versions WHERE package_id = ? AND status = 'Published'
     ORDER BY published_time DESC, sort_key DESC, version DESC LIMIT 1`,
    [pkg.id],
  )?.version;
}

export function listPackageVersions(
  ctx: EngineContext,
  input: ListPackageVersionsRequest,
): ListPackageVersionsResult {
  const names = repositoryNames(ctx, input);
  const coordinates = packageOf(input);
  const size = pageSize(input.maxResults);
  if (input.status !== undefined && !statuses.includes(input.status)) {
    throw new ValidationException(`status must be one of ${statuses.join(', ')}; '${input.status}' is not.`);
  }
  if (input.originType !== undefined && !originTypes.includes(input.originType)) {
    throw new ValidationException(`originType must be one of ${originTypes.join(', ')}.`);
  }
  if (input.sortBy !== undefined && input.sortBy !== 'PUBLISHED_TIME') {
    throw new ValidationException(`sortBy must be PUBLISHED_TIME.`);
  }
  const byTime = input.sortBy === 'PUBLISHED_TIME';
  // The two orders have different keys; a token of one is refused by the other.
  const listing = byTime ? 'ListPackageVersions/published' : 'ListPackageVersions/version';
  const after = decodeNextToken(listing, input.nextToken, 2);

  const conditions = ['package_id = ?'];
  const params: SqlValue[] = [];
  if (input.status !== undefined) {
    conditions.push('status = ?');
    params.push(input.status);
  }
  if (input.originType !== undefined) {
    conditions.push('origin_type = ?');
    params.push(input.originType);
  }
  const orderColumn = byTime ? 'published_time' : 'sort_key';
  if (after !== undefined) {
    const [first, version = ''] = after;
    conditions.push(`(${orderColumn} < ? OR (${orderColumn} = ? AND version < ?))`);
    params.push(first ?? '', first ?? '', String(version));
  }

  return ctx.store.read((db) => {
    const { repository } = requireTarget(db, names);
    const pkg = requirePackage(db, repository, coordinates);
    const rows = db.all<VersionRow>(
      `SELECT * FROM package_versions WHERE ${conditions.join(' AND ')}
       ORDER BY ${orderColumn} DESC, version DESC LIMIT ?`,
      [pkg.id, ...params, size + 1],
    );
    const page = toPage(
      listing,
      rows,
      size,
      (row) => [byTime ? row.published_time : row.sort_key, row.version],
      versionSummary,
    );
    return {
      defaultDisplayVersion: defaultDisplayVersion(db, pkg),
      format: pkg.format,
      namespace: namespaceOf(pkg),
      package: pkg.name,
      versions: page.items,
      nextToken: page.nextToken,
    };
  });
}
