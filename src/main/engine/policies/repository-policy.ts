/** PutRepositoryPermissionsPolicy, GetRepositoryPermissionsPolicy, DeleteRepositoryPermissionsPolicy. */
import type {
  DeleteRepositoryPermissionsPolicyRequest,
  DeleteRepositoryPermissionsPolicyResult,
  GetRepositoryPermissionsPolicyRequest,
  GetRepositoryPermissionsPolicyResult,
  PutRepositoryPermissionsPolicyRequest,
  PutRepositoryPermissionsPolicyResult,
} from '@aws-sdk/client-codeartifact';
import { repositoryArn } from '../arn';
import type { EngineContext } from '../context';
import { requireMember } from '../input';
import { domainOwnerOf, requireDomain, requireRepository } from '../lookups';
import type { ResourceRef } from '../resources';
import type { Db } from '../../store/types';
import { deletePolicy, getPolicy, putPolicy } from './resource-policies';

function repositoryResource(
  ctx: EngineContext,
  db: Db,
  input: { domain?: string | undefined; domainOwner?: string | undefined; repository?: string | undefined },
): ResourceRef {
  const domain = requireDomain(
    db,
    requireMember(input.domain, 'domain'),
    domainOwnerOf(ctx, input.domainOwner),
  );
  const repository = requireRepository(db, domain, requireMember(input.repository, 'repository'));
  return {
    kind: 'repository',
    id: repository.id,
    name: repository.name,
    arn: repositoryArn(ctx.config, domain.owner, domain.name, repository.name),
  };
}

export function putRepositoryPermissionsPolicy(
  ctx: EngineContext,
  input: PutRepositoryPermissionsPolicyRequest,
): PutRepositoryPermissionsPolicyResult {
  const document = requireMember(input.policyDocument, 'policyDocument');
  return ctx.store.write((db) => ({
    policy: putPolicy(db, repositoryResource(ctx, db, input), document, input.policyRevision, ctx.now()),
  }));
}

export function getRepositoryPermissionsPolicy(
  ctx: EngineContext,
  input: GetRepositoryPermissionsPolicyRequest,
): GetRepositoryPermissionsPolicyResult {
  return ctx.store.read((db) => ({ policy: getPolicy(db, repositoryResource(ctx, db, input)) }));
}

export function deleteRepositoryPermissionsPolicy(
  ctx: EngineContext,
  input: DeleteRepositoryPermissionsPolicyRequest,
): DeleteRepositoryPermissionsPolicyResult {
  return ctx.store.write((db) => ({
    policy: deletePolicy(db, repositoryResource(ctx, db, input), input.policyRevision),
  }));
}
