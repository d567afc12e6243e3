/**
 * The engine's operation table: one function per CodeArtifact operation, named after it. An
 * operation missing here answers `operationNotImplemented` through the dispatcher.
 */
import type { OperationInput, OperationName, OperationOutput } from '../../shared/operations';
import type { EngineContext } from './context';
import { getPackageVersionAsset } from './assets/get-package-version-asset';
import { listPackageVersionAssets } from './assets/list-package-version-assets';
import { createDomain } from './domains/create-domain';
import { deleteDomain } from './domains/delete-domain';
import { describeDomain } from './domains/describe-domain';
import { listDomains } from './domains/list-domains';
import { getRepositoryEndpoint } from './endpoints/repository-endpoint';
import { getAssociatedPackageGroup, listAssociatedPackages } from './package-groups/associated-packages';
import { createPackageGroup } from './package-groups/create-package-group';
import { deletePackageGroup } from './package-groups/delete-package-group';
import { describePackageGroup } from './package-groups/describe-package-group';
import { listAllowedRepositoriesForGroup } from './package-groups/list-allowed-repositories-for-group';
import { listPackageGroups, listSubPackageGroups } from './package-groups/list-package-groups';
import { updatePackageGroup } from './package-groups/update-package-group';
import { updatePackageGroupOriginConfiguration } from './package-groups/update-package-group-origin-configuration';
import { copyPackageVersions } from './package-versions/copy-package-versions';
import { deletePackageVersions } from './package-versions/delete-package-versions';
import { describePackageVersion } from './package-versions/describe-package-version';
import { disposePackageVersions } from './package-versions/dispose-package-versions';
import { getPackageVersionReadme } from './package-versions/get-package-version-readme';
import { listPackageVersionDependencies } from './package-versions/list-package-version-dependencies';
import { listPackageVersions } from './package-versions/list-package-versions';
import { publishPackageVersion } from './package-versions/publish-package-version';
import { updatePackageVersionsStatus } from './package-versions/update-package-versions-status';
import { deletePackage } from './packages/delete-package';
import { describePackage } from './packages/describe-package';
import { listPackages } from './packages/list-packages';
import { putPackageOriginConfiguration } from './packages/put-package-origin-configuration';
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
  PublishPackageVersion: publishPackageVersion,
  ListPackages: listPackages,
  DescribePackage: describePackage,
  DeletePackage: deletePackage,
  PutPackageOriginConfiguration: putPackageOriginConfiguration,
  ListPackageVersions: listPackageVersions,
  DescribePackageVersion: describePackageVersion,
  ListPackageVersionAssets: listPackageVersionAssets,
  GetPackageVersionAsset: getPackageVersionAsset,
  GetPackageVersionReadme: getPackageVersionReadme,
  ListPackageVersionDependencies: listPackageVersionDependencies,
  UpdatePackageVersionsStatus: updatePackageVersionsStatus,
  DisposePackageVersions: disposePackageVersions,
  DeletePackageVersions: deletePackageVersions,
  CopyPackageVersions: copyPackageVersions,
  CreatePackageGroup: createPackageGroup,
  DescribePackageGroup: describePackageGroup,
  UpdatePackageGroup: updatePackageGroup,
  UpdatePackageGroupOriginConfiguration: updatePackageGroupOriginConfiguration,
  DeletePackageGroup: deletePackageGroup,
  ListPackageGroups: listPackageGroups,
  ListSubPackageGroups: listSubPackageGroups,
  GetAssociatedPackageGroup: getAssociatedPackageGroup,
  ListAssociatedPackages: listAssociatedPackages,
  ListAllowedRepositoriesForGroup: listAllowedRepositoriesForGroup,
};
