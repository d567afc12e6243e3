/** ListDomains: the local account's domains, sorted by name, in pages. */
import type { ListDomainsRequest, ListDomainsResult } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import type { DomainRow } from '../lookups';
import { decodeNextToken, pageSize, toPage } from '../pagination';
import { domainSummary } from './domain-description';

const listing = 'ListDomains';

export function listDomains(ctx: EngineContext, input: ListDomainsRequest): ListDomainsResult {
  const size = pageSize(input.maxResults);
  const after = decodeNextToken(listing, input.nextToken, 1);
  const owner = ctx.config.accountId;
  return ctx.store.read((db) => {
    const rows = db.all<DomainRow>(
      `SELECT * FROM domains WHERE owner = ? AND name > ? ORDER BY name LIMIT ?`,
      [owner, String(after?.[0] ?? ''), size + 1],
    );
    const page = toPage(
      listing,
      rows,
      size,
      (row) => [row.name],
      (row) => domainSummary(ctx, row),
    );
    return { domains: page.items, nextToken: page.nextToken };
  });
}
