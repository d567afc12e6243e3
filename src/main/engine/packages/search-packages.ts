/**
 * Package search across every domain and repository of the local account, by name: what the
 * console's search screen and command palette ask for. ListPackages only prefix-matches inside one
 * repository; this finds a name fragment anywhere (case-insensitive, also against `namespace/name`),
 * optionally narrowed to one format or domain, best matches first (exact name, then prefix, then the
 * rest, each alphabetically), in one store read.
 */
import type {
  PackageSearchHit,
  PackageSearchRequest,
  PackageSearchResult,
} from '../../../shared/app-operations';
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import { namespaceOf, requireFormat } from './package-coordinates';

export const defaultSearchResults = 50;
export const maxSearchResults = 200;
const maxQueryLength = 255;

interface SearchRow {
  domain: string;
  repository: string;
  format: string;
  namespace: string;
  name: string;
  versions: number;
}

function checkedRequest(request: PackageSearchRequest): {
  query: string;
  format?: string;
  domain?: string;
  limit: number;
} {
  const query = typeof request.query === 'string' ? request.query.trim().toLowerCase() : '';
  if (query === '') throw new ValidationException('Type part of a package name to search for.');
  if (query.length > maxQueryLength)
    throw new ValidationException(`A search is at most ${maxQueryLength} characters long.`);
  const limit = request.maxResults ?? defaultSearchResults;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxSearchResults)
    throw new ValidationException(`maxResults must be a whole number from 1 to ${maxSearchResults}.`);
  if (request.domain !== undefined && (typeof request.domain !== 'string' || request.domain === ''))
    throw new ValidationException('domain must name a domain when it is given.');
  return {
    query,
    limit,
    ...(request.format !== undefined ? { format: requireFormat(request.format) } : {}),
    ...(request.domain !== undefined ? { domain: request.domain } : {}),
  };
}

export function searchPackages(ctx: EngineContext, request: PackageSearchRequest): PackageSearchResult {
  const { query, format, domain, limit } = checkedRequest(request);
  const where = [
    'd.owner = ?',
    "(instr(lower(p.name), ?) > 0 OR instr(lower(p.namespace || '/' || p.name), ?) > 0)",
  ];
  // npm scopes are stored without their '@'; `@scope/na` finds `scope/name`.
  const values: (string | number)[] = [ctx.config.accountId, query, query.replace(/^@/, '')];
  if (format !== undefined) {
    where.push('p.format = ?');
    values.push(format);
  }
  if (domain !== undefined) {
    where.push('d.name = ?');
    values.push(domain);
  }
  const rows = ctx.store.read((db) =>
    db.all<SearchRow>(
      `SELECT d.name AS domain, r.name AS repository, p.format AS format, p.namespace AS namespace,
              p.name AS name,
              (SELECT COUNT(*) FROM package_versions v WHERE v.package_id = p.id) AS versions
         FROM packages p
         JOIN repositories r ON r.id = p.repository_id
         JOIN domains d ON d.id = r.domain_id
        WHERE ${where.join(' AND ')}
        ORDER BY lower(p.name) = ? DESC, instr(lower(p.name), ?) = 1 DESC, lower(p.name), p.namespace,
                 p.format, d.name, r.name
        LIMIT ?`,
      [...values, query, query, limit + 1],
    ),
  );
  const packages = rows.slice(0, limit).map((row): PackageSearchHit => {
    const namespace = namespaceOf(row);
    return {
      domain: row.domain,
      repository: row.repository,
      format: row.format,
      ...(namespace === undefined ? {} : { namespace }),
      package: row.name,
      versionCount: row.versions,
    };
  });
  return { packages, truncated: rows.length > limit };
}
