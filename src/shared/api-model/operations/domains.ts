/** Domain operations: create, describe, list and delete domains, list their repositories, tokens. */
import {
  AccountId,
  Arn,
  AuthorizationTokenDurationSeconds,
  DomainDescription,
  DomainSummary,
  PaginationToken,
  PlainString,
  RepositoryName,
  RepositorySummary,
  TagList,
  Timestamp,
  maxResults,
} from '../common-shapes';
import { defineOperation, errorsExcept, allErrors } from '../operation-model';
import { inQuery, list } from '../shape-dsl';
import { domainMembers, queryPagination } from './common-members';

export const CreateDomain = defineOperation('CreateDomain', {
  method: 'POST',
  path: '/v1/domain',
  input: { domain: domainMembers.domain, encryptionKey: Arn, tags: TagList },
  output: { domain: DomainDescription },
  errors: allErrors,
});

export const DeleteDomain = defineOperation('DeleteDomain', {
  method: 'DELETE',
  path: '/v1/domain',
  input: domainMembers,
  output: { domain: DomainDescription },
  errors: errorsExcept('ResourceNotFoundException', 'ServiceQuotaExceededException'),
});

export const DescribeDomain = defineOperation('DescribeDomain', {
  method: 'GET',
  path: '/v1/domain',
  input: domainMembers,
  output: { domain: DomainDescription },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});

export const ListDomains = defineOperation('ListDomains', {
  method: 'POST',
  path: '/v1/domains',
  // The one list operation that takes its paging members in the JSON body.
  input: { maxResults: maxResults('ListDomainsMaxResults'), nextToken: PaginationToken },
  output: { domains: list('DomainSummaryList', DomainSummary), nextToken: PaginationToken },
  errors: errorsExcept('ConflictException', 'ResourceNotFoundException', 'ServiceQuotaExceededException'),
});

export const ListRepositoriesInDomain = defineOperation('ListRepositoriesInDomain', {
  method: 'POST',
  path: '/v1/domain/repositories',
  input: {
    ...domainMembers,
    administratorAccount: inQuery('administrator-account', AccountId),
    repositoryPrefix: inQuery('repository-prefix', RepositoryName),
    ...queryPagination(maxResults('ListRepositoriesInDomainMaxResults')),
  },
  output: { repositories: list('RepositorySummaryList', RepositorySummary), nextToken: PaginationToken },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});

export const GetAuthorizationToken = defineOperation('GetAuthorizationToken', {
  method: 'POST',
  path: '/v1/authorization-token',
  input: { ...domainMembers, durationSeconds: inQuery('duration', AuthorizationTokenDurationSeconds) },
  output: { authorizationToken: PlainString, expiration: Timestamp },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});
