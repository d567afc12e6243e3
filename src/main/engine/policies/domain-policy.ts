/** PutDomainPermissionsPolicy, GetDomainPermissionsPolicy, DeleteDomainPermissionsPolicy. */
import type {
  DeleteDomainPermissionsPolicyRequest,
  DeleteDomainPermissionsPolicyResult,
  GetDomainPermissionsPolicyRequest,
  GetDomainPermissionsPolicyResult,
  PutDomainPermissionsPolicyRequest,
  PutDomainPermissionsPolicyResult,
} from '@aws-sdk/client-codeartifact';
import { domainArn } from '../arn';
import type { EngineContext } from '../context';
import { requireMember } from '../input';
import { domainOwnerOf, requireDomain } from '../lookups';
import type { ResourceRef } from '../resources';
import type { Db } from '../../store/types';
import { deletePolicy, getPolicy, putPolicy } from './resource-policies';

function domainResource(
  ctx: EngineContext,
  db: Db,
  input: { domain?: string | undefined; domainOwner?: string | undefined },
): ResourceRef {
  const domain = requireDomain(
    db,
    requireMember(input.domain, 'domain'),
    domainOwnerOf(ctx, input.domainOwner),
  );
  return {
    kind: 'domain',
    id: domain.id,
    name: domain.name,
    arn: domainArn(ctx.config, domain.owner, domain.name),
  };
}

export function putDomainPermissionsPolicy(
  ctx: EngineContext,
  input: PutDomainPermissionsPolicyRequest,
): PutDomainPermissionsPolicyResult {
  const document = requireMember(input.policyDocument, 'policyDocument');
  return ctx.store.write((db) => ({
    policy: putPolicy(db, domainResource(ctx, db, input), document, input.policyRevision, ctx.now()),
  }));
}

export function getDomainPermissionsPolicy(
  ctx: EngineContext,
  input: GetDomainPermissionsPolicyRequest,
): GetDomainPermissionsPolicyResult {
  return ctx.store.read((db) => ({ policy: getPolicy(db, domainResource(ctx, db, input)) }));
}

export function deleteDomainPermissionsPolicy(
  ctx: EngineContext,
  input: DeleteDomainPermissionsPolicyRequest,
): DeleteDomainPermissionsPolicyResult {
  return ctx.store.write((db) => ({
    policy: deletePolicy(db, domainResource(ctx, db, input), input.policyRevision),
  }));
}
