/**
 * ListPackages: the packages of a repository, filtered by format, namespace prefix, name prefix and
 * origin restrictions, sorted by (format, namespace, name), in pages. A package with no versions (made
 * by PutPackageOriginConfiguration, or whose versions were all deleted) is listed too.
 */
import type { ListPackagesRequest, ListPackagesResult } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import { decodeNextToken, pageSize, toPage } from '../pagination';
import type { Db, SqlValue } from '../../store/types';
import { normaliseNamespace, normalisePackageName, requireFormat } from './package-coordinates';
import { packageSummary } from './package-description';
import type { PackageRow } from './package-records';
import { repositoryNames, requireTarget } from './package-target';

const listing = 'ListPackages';

function restriction(value: string | undefined, member: string): string | undefined {
  if (value === undefined) return undefined;
  if (value !== 'ALLOW' && value !== 'BLOCK')
    throw new ValidationException(`${member} must be ALLOW or BLOCK.`);
  return value;
}

export function listPackages(ctx: EngineContext, input: ListPackagesRequest): ListPackagesResult {
  const { items, nextToken } = listPackageRows(ctx, input, (_db, row) => packageSummary(row));
  return { packages: items, nextToken };
}

/**
 * One page of ListPackages with each package row mapped by `map` inside the same store read, so a
 * caller can add what it reads per package (the console's list adds the latest version).
 */
export function listPackageRows<T>(
  ctx: EngineContext,
  input: ListPackagesRequest,
  map: (db: Db, row: PackageRow) => T,
): { items: T[]; nextToken: string | undefined } {
  const names = repositoryNames(ctx, input);
  const size = pageSize(input.maxResults);
  const after = decodeNextToken(listing, input.nextToken, 3);
  const format = input.format === undefined ? undefined : requireFormat(input.format);
  // Prefixes are compared with the stored (normalised) names, so they are normalised the same way.
  const namespacePrefix =
    input.namespace === undefined || input.namespace === ''
      ? undefined
      : format === undefined
        ? input.namespace.replace(/^@/, '')
        : normaliseNamespace(format, input.namespace);
  const namePrefix =
    input.packagePrefix === undefined || input.packagePrefix === ''
      ? undefined
      : format === undefined
        ? input.packagePrefix
        : normalisePackageName(format, input.packagePrefix);
  const publish = restriction(input.publish, 'publish');
  const upstream = restriction(input.upstream, 'upstream');

  const conditions: string[] = ['repository_id = ?'];
  const params: SqlValue[] = [];
  if (format !== undefined) {
    conditions.push('format = ?');
    params.push(format);
  }
  if (namespacePrefix !== undefined) {
    conditions.push('substr(namespace, 1, ?) = ?');
    params.push([...namespacePrefix].length, namespacePrefix);
  }
  if (namePrefix !== undefined) {
    conditions.push('substr(name, 1, ?) = ?');
    params.push([...namePrefix].length, namePrefix);
  }
  if (publish !== undefined) {
    conditions.push('publish = ?');
    params.push(publish);
  }
  if (upstream !== undefined) {
    conditions.push('upstream = ?');
    params.push(upstream);
  }
  if (after !== undefined) {
    const [afterFormat = '', afterNamespace = '', afterName = ''] = after.map(String);
    conditions.push('(format > ? OR (format = ? AND (namespace > ? OR (namespace = ? AND name > ?))))');
    params.push(afterFormat, afterFormat, afterNamespace, afterNamespace, afterName);
  }
  return ctx.store.read((db) => {
    const { repository } = requireTarget(db, names);
    const rows = db.all<PackageRow>(
      `SELECT * FROM packages WHERE ${conditions.join(' AND ')} ORDER BY format, namespace, name LIMIT ?`,
      [repository.id, ...params, size + 1],
    );
    return toPage(
      listing,
      rows,
      size,
      (row) => [row.format, row.namespace, row.name],
      (row) => map(db, row),
    );
  });
}
