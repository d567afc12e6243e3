/** DescribeDomain. */
import type { DescribeDomainRequest, DescribeDomainResult } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { requireMember } from '../input';
import { domainOwnerOf, requireDomain } from '../lookups';
import { domainDescription } from './domain-description';

export function describeDomain(ctx: EngineContext, input: DescribeDomainRequest): DescribeDomainResult {
  const name = requireMember(input.domain, 'domain');
  const owner = domainOwnerOf(ctx, input.domainOwner);
  return ctx.store.read((db) => ({ domain: domainDescription(ctx, db, requireDomain(db, name, owner)) }));
}
