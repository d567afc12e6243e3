/**
 * Finds the taggable resource an ARN names. A malformed ARN is a ValidationException; a well-formed
 * ARN of another account, region or partition names nothing here, so it is not found.
 */
import { domainArn, packageGroupArn, parseCodeArtifactArn, repositoryArn } from '../arn';
import type { EngineContext } from '../context';
import { ResourceNotFoundException, ValidationException } from '../errors';
import { findDomain, findRepository } from '../lookups';
import type { ResourceRef } from '../resources';
import type { Db } from '../../store/types';

export function resolveResourceArn(ctx: EngineContext, db: Db, arn: string): ResourceRef {
  const parsed = parseCodeArtifactArn(arn);
  if (parsed.resourceType === 'other') {
    throw new ValidationException(
      `Resources of type '${parsed.type}' cannot be tagged; tag a domain, repository or package group.`,
    );
  }
  const notFound = (resourceId: string, kind?: 'domain' | 'repository') =>
    new ResourceNotFoundException(`The resource ${arn} does not exist.`, resourceId, kind);
  const local = parsed.partition === 'aws' && parsed.region === ctx.config.region;
  const domain = local ? findDomain(db, parsed.domain, parsed.account) : undefined;
  switch (parsed.resourceType) {
    case 'domain':
      if (!domain) throw notFound(parsed.domain, 'domain');
      return {
        kind: 'domain',
        id: domain.id,
        name: domain.name,
        arn: domainArn(ctx.config, domain.owner, domain.name),
      };
    case 'repository': {
      const repository = domain ? findRepository(db, domain, parsed.repository) : undefined;
      if (!domain || !repository) throw notFound(parsed.repository, 'repository');
      return {
        kind: 'repository',
        id: repository.id,
        name: repository.name,
        arn: repositoryArn(ctx.config, domain.owner, domain.name, repository.name),
      };
    }
    case 'package-group': {
      const group = domain
        ? db.get<{ id: number; pattern: string }>(
            'SELECT id, pattern FROM package_groups WHERE domain_id = ? AND pattern = ?',
            [domain.id, parsed.pattern],
          )
        : undefined;
      if (!domain || !group) throw notFound(parsed.pattern);
      return {
        kind: 'package-group',
        id: group.id,
        name: group.pattern,
        arn: packageGroupArn(ctx.config, domain.owner, domain.name, group.pattern),
      };
    }
  }
}
