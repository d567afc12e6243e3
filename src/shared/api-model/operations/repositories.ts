/** Repository operations: create, describe, update, list, delete, endpoints, external connections. */
import {
  Description,
  EndpointType,
  ExternalConnectionName,
  PackageFormat,
  PaginationToken,
  PlainString,
  RepositoryDescription,
  RepositoryName,
  RepositorySummary,
  TagList,
  UpstreamRepositoryList,
  maxResults,
} from '../common-shapes';
import { allErrors, defineOperation, errorsExcept } from '../operation-model';
import { inQuery, list, required } from '../shape-dsl';
import { queryPagination, repositoryMembers } from './common-members';

export const CreateRepository = defineOperation('CreateRepository', {
  method: 'POST',
  path: '/v1/repository',
  input: { ...repositoryMembers, description: Description, upstreams: UpstreamRepositoryList, tags: TagList },
  output: { repository: RepositoryDescription },
  errors: allErrors,
});

export const DescribeRepository = defineOperation('DescribeRepository', {
  method: 'GET',
  path: '/v1/repository',
  input: repositoryMembers,
  output: { repository: RepositoryDescription },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});

export const UpdateRepository = defineOperation('UpdateRepository', {
  method: 'PUT',
  path: '/v1/repository',
  input: { ...repositoryMembers, description: Description, upstreams: UpstreamRepositoryList },
  output: { repository: RepositoryDescription },
  errors: allErrors,
});

export const DeleteRepository = defineOperation('DeleteRepository', {
  method: 'DELETE',
  path: '/v1/repository',
  input: repositoryMembers,
  output: { repository: RepositoryDescription },
  errors: errorsExcept('ServiceQuotaExceededException'),
});

export const ListRepositories = defineOperation('ListRepositories', {
  method: 'POST',
  path: '/v1/repositories',
  input: {
    repositoryPrefix: inQuery('repository-prefix', RepositoryName),
    ...queryPagination(maxResults('ListRepositoriesMaxResults')),
  },
  output: { repositories: list('RepositorySummaryList', RepositorySummary), nextToken: PaginationToken },
  errors: errorsExcept('ConflictException', 'ResourceNotFoundException', 'ServiceQuotaExceededException'),
});

export const GetRepositoryEndpoint = defineOperation('GetRepositoryEndpoint', {
  method: 'GET',
  path: '/v1/repository/endpoint',
  input: {
    ...repositoryMembers,
    format: required(inQuery('format', PackageFormat)),
    endpointType: inQuery('endpointType', EndpointType),
  },
  output: { repositoryEndpoint: PlainString },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});

const externalConnectionQuery = required(inQuery('external-connection', ExternalConnectionName));

export const AssociateExternalConnection = defineOperation('AssociateExternalConnection', {
  method: 'POST',
  path: '/v1/repository/external-connection',
  input: { ...repositoryMembers, externalConnection: externalConnectionQuery },
  output: { repository: RepositoryDescription },
  errors: allErrors,
});

export const DisassociateExternalConnection = defineOperation('DisassociateExternalConnection', {
  method: 'DELETE',
  path: '/v1/repository/external-connection',
  input: { ...repositoryMembers, externalConnection: externalConnectionQuery },
  output: { repository: RepositoryDescription },
  errors: allErrors,
});
