/**
 * The engine's operation table: one function per CodeArtifact operation, named after it. An
 * operation missing here answers `operationNotImplemented` through the dispatcher.
 */
import type { OperationInput, OperationName, OperationOutput } from '../../shared/operations';
import type { EngineContext } from './context';
import { createDomain } from './domains/create-domain';
import { deleteDomain } from './domains/delete-domain';
import { describeDomain } from './domains/describe-domain';
import { listDomains } from './domains/list-domains';
import { getRepositoryEndpoint } from './endpoints/repository-endpoint';
import {
  deleteDomainPermissionsPolicy,
  getDomainPermissionsPolicy,
  putDomainPermissionsPolicy,
} from './policies/domain-policy';
import {
  deleteRepositoryPermissionsPolicy,
  getRepositoryPermissionsPolicy,
  putRepositoryPermissionsPolicy,
} from './policies/repository-policy';
import { createRepository } from './repositories/create-repository';
import { deleteRepository } from './repositories/delete-repository';
import { describeRepository } from './repositories/describe-repository';
import {
  associateExternalConnection,
  disassociateExternalConnection,
} from './repositories/external-connections';
import { listRepositories, listRepositoriesInDomain } from './repositories/list-repositories';
import { updateRepository } from './repositories/update-repository';
import { listTagsForResource, tagResource, untagResource } from './tags/tag-operations';
import { getAuthorizationToken } from './tokens/authorization-tokens';

export type Handler<O extends OperationName> = (
  ctx: EngineContext,
  input: OperationInput<O>,
) => OperationOutput<O> | Promise<OperationOutput<O>>;

export type EngineHandlers = { [O in OperationName]?: Handler<O> };

export const engineHandlers: EngineHandlers = {
  CreateDomain: createDomain,
  DescribeDomain: describeDomain,
  DeleteDomain: deleteDomain,
  ListDomains: listDomains,
  PutDomainPermissionsPolicy: putDomainPermissionsPolicy,
  GetDomainPermissionsPolicy: getDomainPermissionsPolicy,
  DeleteDomainPermissionsPolicy: deleteDomainPermissionsPolicy,
  CreateRepository: createRepository,
  DescribeRepository: describeRepository,
  UpdateRepository: updateRepository,
  DeleteRepository: deleteRepository,
  ListRepositories: listRepositories,
  ListRepositoriesInDomain: listRepositoriesInDomain,
  AssociateExternalConnection: associateExternalConnection,
  DisassociateExternalConnection: disassociateExternalConnection,
  PutRepositoryPermissionsPolicy: putRepositoryPermissionsPolicy,
  GetRepositoryPermissionsPolicy: getRepositoryPermissionsPolicy,
  DeleteRepositoryPermissionsPolicy: deleteRepositoryPermissionsPolicy,
  GetAuthorizationToken: getAuthorizationToken,
  GetRepositoryEndpoint: getRepositoryEndpoint,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
