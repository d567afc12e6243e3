/**
 * UpdateRepository: a given description replaces the old one (an empty string clears it) and a given
 * upstream list replaces the old list; a member left out keeps its current value.
 */
import type { UpdateRepositoryRequest, UpdateRepositoryResult } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { requireMember } from '../input';
import { domainOwnerOf, requireDomain, requireRepository } from '../lookups';
import { repositoryDescription } from './repository-description';
import { replaceUpstreams, validateUpstreamNames } from './upstreams';

export function updateRepository(ctx: EngineContext, input: UpdateRepositoryRequest): UpdateRepositoryResult {
  const domainName = requireMember(input.domain, 'domain');
  const name = requireMember(input.repository, 'repository');
  const owner = domainOwnerOf(ctx, input.domainOwner);
  const upstreams = input.upstreams === undefined ? undefined : validateUpstreamNames(name, input.upstreams);
  return ctx.store.write((db) => {
    const domain = requireDomain(db, domainName, owner);
    let row = requireRepository(db, domain, name);
    if (input.description !== undefined) {
      db.run('UPDATE repositories SET description = ? WHERE id = ?', [input.description || null, row.id]);
      row = requireRepository(db, domain, name);
    }
    if (upstreams !== undefined) replaceUpstreams(db, domain, row, upstreams);
    return { repository: repositoryDescription(ctx, db, domain, row) };
  });
}
