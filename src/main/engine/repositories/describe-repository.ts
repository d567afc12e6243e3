/** DescribeRepository. */
import type { DescribeRepositoryRequest, DescribeRepositoryResult } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { requireMember } from '../input';
import { domainOwnerOf, requireDomain, requireRepository } from '../lookups';
import { repositoryDescription } from './repository-description';

export function describeRepository(
  ctx: EngineContext,
  input: DescribeRepositoryRequest,
): DescribeRepositoryResult {
  const domainName = requireMember(input.domain, 'domain');
  const name = requireMember(input.repository, 'repository');
  const owner = domainOwnerOf(ctx, input.domainOwner);
  return ctx.store.read((db) => {
    const domain = requireDomain(db, domainName, owner);
    return { repository: repositoryDescription(ctx, db, domain, requireRepository(db, domain, name)) };
  });
}
