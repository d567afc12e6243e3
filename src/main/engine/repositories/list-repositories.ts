/**
 * ListRepositories (every repository of the local account) and ListRepositoriesInDomain, sorted by
 * name, filtered by name prefix (and administrator account), in pages.
 */
import type {
  ListRepositoriesInDomainRequest,
  ListRepositoriesInDomainResult,
  ListRepositoriesRequest,
  ListRepositoriesResult,
} from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { requireMember } from '../input';
import { domainOwnerOf, requireDomain, type RepositoryRow } from '../lookups';
import { decodeNextToken, pageSize, toPage } from '../pagination';
import type { SqlValue } from '../../store/types';
import { repositorySummary } from './repository-description';

/** SQL condition and parameters for "name starts with prefix", exact and case-sensitive (LIKE is neither). */
function prefixFilter(column: string, prefix: string | undefined): { sql: string; params: SqlValue[] } {
  if (prefix === undefined || prefix === '') return { sql: '1', params: [] };
  return { sql: `substr(${column}, 1, ?) = ?`, params: [[...prefix].length, prefix] };
}

interface AccountRepositoryRow extends RepositoryRow {
  readonly domain_name: string;
  readonly domain_owner: string;
}

export function listRepositories(ctx: EngineContext, input: ListRepositoriesRequest): ListRepositoriesResult {
  const listing = 'ListRepositories';
  const size = pageSize(input.maxResults);
  const after = decodeNextToken(listing, input.nextToken, 2);
  const prefix = prefixFilter('r.name', input.repositoryPrefix);
  // Names repeat across domains, so the sort key (and the page key) is (repository name, domain name).
  const afterName = String(after?.[0] ?? '');
  const afterDomain = String(after?.[1] ?? '');
  return ctx.store.read((db) => {
    const rows = db.all<AccountRepositoryRow>(
      `SELECT r.*, d.name AS domain_name, d.owner AS domain_owner
       FROM repositories r JOIN domains d ON d.id = r.domain_id
       WHERE d.owner = ? AND (r.name > ? OR (r.name = ? AND d.name > ?)) AND ${prefix.sql}
       ORDER BY r.name, d.name LIMIT ?`,
      [ctx.config.accountId, afterName, afterName, afterDomain, ...prefix.params, size + 1],
    );
    const page = toPage(
      listing,
      rows,
      size,
      (row) => [row.name, row.domain_name],
      (row) => repositorySummary(ctx, { name: row.domain_name, owner: row.domain_owner }, row),
    );
    return { repositories: page.items, nextToken: page.nextToken };
  });
}

export function listRepositoriesInDomain(
  ctx: EngineContext,
  input: ListRepositoriesInDomainRequest,
): ListRepositoriesInDomainResult {
  const listing = 'ListRepositoriesInDomain';
  const domainName = requireMember(input.domain, 'domain');
  const owner = domainOwnerOf(ctx, input.domainOwner);
  const size = pageSize(input.maxResults);
  const after = decodeNextToken(listing, input.nextToken, 1);
  const prefix = prefixFilter('name', input.repositoryPrefix);
  const admin =
    input.administratorAccount === undefined
      ? { sql: '1', params: [] as SqlValue[] }
      : { sql: 'administrator_account = ?', params: [input.administratorAccount] };
  return ctx.store.read((db) => {
    const domain = requireDomain(db, domainName, owner);
    const rows = db.all<RepositoryRow>(
      `SELECT * FROM repositories
       WHERE domain_id = ? AND name > ? AND ${prefix.sql} AND ${admin.sql}
       ORDER BY name LIMIT ?`,
      [domain.id, String(after?.[0] ?? ''), ...prefix.params, ...admin.params, size + 1],
    );
    const page = toPage(
      listing,
      rows,
      size,
      (row) => [row.name],
      (row) => repositorySummary(ctx, domain, row),
    );
    return { repositories: page.items, nextToken: page.nextToken };
  });
}
