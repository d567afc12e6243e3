/** CreateRepository: a repository in an existing domain, optionally with upstreams, a description and tags. */
import type { CreateRepositoryRequest, CreateRepositoryResult } from '@aws-sdk/client-codeartifact';
import { repositoryArn } from '../arn';
import type { EngineContext } from '../context';
import { ConflictException } from '../errors';
import { requireMember } from '../input';
import { domainOwnerOf, findRepository, requireDomain, requireRepository } from '../lookups';
import { applyTags, validateTags } from '../tags/resource-tags';
import { repositoryDescription } from './repository-description';
import { replaceUpstreams, validateUpstreamNames } from './upstreams';

export function createRepository(ctx: EngineContext, input: CreateRepositoryRequest): CreateRepositoryResult {
  const domainName = requireMember(input.domain, 'domain');
  const name = requireMember(input.repository, 'repository');
  const owner = domainOwnerOf(ctx, input.domainOwner);
  const upstreams = validateUpstreamNames(name, input.upstreams ?? []);
  const tags = validateTags(input.tags);
  const createdTime = ctx.now().getTime();
  return ctx.store.write((db) => {
    const domain = requireDomain(db, domainName, owner);
    if (findRepository(db, domain, name)) {
      throw new ConflictException(
        `Repository '${name}' already exists in domain '${domainName}'.`,
        name,
        'repository',
      );
    }
    db.run(
      `INSERT INTO repositories (domain_id, name, administrator_account, description, created_time)
       VALUES (?, ?, ?, ?, ?)`,
      [domain.id, name, ctx.config.accountId, input.description || null, createdTime],
    );
    const row = requireRepository(db, domain, name);
    replaceUpstreams(db, domain, row, upstreams);
    const arn = repositoryArn(ctx.config, domain.owner, domain.name, name);
    applyTags(db, { kind: 'repository', id: row.id, name, arn }, tags);
    return { repository: repositoryDescription(ctx, db, domain, row) };
  });
}
