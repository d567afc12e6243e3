/** Resource policies on domains and repositories: put, get and delete. */
import { PolicyDocument, PolicyRevision, ResourcePolicy, AccountId, DomainName } from '../common-shapes';
import { allErrors, defineOperation, errorsExcept } from '../operation-model';
import { inQuery, required } from '../shape-dsl';
import { domainMembers, repositoryMembers } from './common-members';

const policyRevisionQuery = inQuery('policy-revision', PolicyRevision);

export const PutDomainPermissionsPolicy = defineOperation('PutDomainPermissionsPolicy', {
  method: 'PUT',
  path: '/v1/domain/permissions/policy',
  // Unlike every other domain operation, this one carries the domain in the JSON body.
  input: {
    domain: required(DomainName),
    domainOwner: AccountId,
    policyRevision: PolicyRevision,
    policyDocument: required(PolicyDocument),
  },
  output: { policy: ResourcePolicy },
  errors: allErrors,
});

export const GetDomainPermissionsPolicy = defineOperation('GetDomainPermissionsPolicy', {
  method: 'GET',
  path: '/v1/domain/permissions/policy',
  input: domainMembers,
  output: { policy: ResourcePolicy },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});

export const DeleteDomainPermissionsPolicy = defineOperation('DeleteDomainPermissionsPolicy', {
  method: 'DELETE',
  path: '/v1/domain/permissions/policy',
  input: { ...domainMembers, policyRevision: policyRevisionQuery },
  output: { policy: ResourcePolicy },
  errors: errorsExcept('ServiceQuotaExceededException'),
});

export const PutRepositoryPermissionsPolicy = defineOperation('PutRepositoryPermissionsPolicy', {
  method: 'PUT',
  path: '/v1/repository/permissions/policy',
  input: { ...repositoryMembers, policyRevision: PolicyRevision, policyDocument: required(PolicyDocument) },
  output: { policy: ResourcePolicy },
  errors: allErrors,
});

export const GetRepositoryPermissionsPolicy = defineOperation('GetRepositoryPermissionsPolicy', {
  method: 'GET',
  path: '/v1/repository/permissions/policy',
  input: repositoryMembers,
  output: { policy: ResourcePolicy },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});

export const DeleteRepositoryPermissionsPolicy = defineOperation('DeleteRepositoryPermissionsPolicy', {
  method: 'DELETE',
  // Plural "policies" here, singular for get and put: that is how the API spells it.
  path: '/v1/repository/permissions/policies',
  input: { ...repositoryMembers, policyRevision: policyRevisionQuery },
  output: { policy: ResourcePolicy },
  errors: errorsExcept('ServiceQuotaExceededException'),
});
