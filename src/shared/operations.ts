/**
 * The operation map: every CodeArtifact operation (API 2018-09-22) typed with the request and
 * result types of @aws-sdk/client-codeartifact. The HTTP adapter, the IPC bridge and the renderer
 * all speak in these names, so an operation is spelled exactly once.
 */
import type * as CA from '@aws-sdk/client-codeartifact';

export const operationNames = [
  'AssociateExternalConnection',
  'CopyPackageVersions',
  'CreateDomain',
  'CreatePackageGroup',
  'CreateRepository',
  'DeleteDomain',
  'DeleteDomainPermissionsPolicy',
  'DeletePackage',
  'DeletePackageGroup',
  'DeletePackageVersions',
  'DeleteRepository',
  'DeleteRepositoryPermissionsPolicy',
  'DescribeDomain',
  'DescribePackage',
  'DescribePackageGroup',
  'DescribePackageVersion',
  'DescribeRepository',
  'DisassociateExternalConnection',
  'DisposePackageVersions',
  'GetAssociatedPackageGroup',
  'GetAuthorizationToken',
  'GetDomainPermissionsPolicy',
  'GetPackageVersionAsset',
  'GetPackageVersionReadme',
  'GetRepositoryEndpoint',
  'GetRepositoryPermissionsPolicy',
  'ListAllowedRepositoriesForGroup',
  'ListAssociatedPackages',
  'ListDomains',
  'ListPackageGroups',
  'ListPackageVersionAssets',
  'ListPackageVersionDependencies',
  'ListPackageVersions',
  'ListPackages',
  'ListRepositories',
  'ListRepositoriesInDomain',
  'ListSubPackageGroups',
  'ListTagsForResource',
  'PublishPackageVersion',
  'PutDomainPermissionsPolicy',
  'PutPackageOriginConfiguration',
  'PutRepositoryPermissionsPolicy',
  'TagResource',
  'UntagResource',
  'UpdatePackageGroup',
  'UpdatePackageGroupOriginConfiguration',
  'UpdatePackageVersionsStatus',
  'UpdateRepository',
] as const;

export type OperationName = (typeof operationNames)[number];

export function isOperationName(name: string): name is OperationName {
  return (operationNames as readonly string[]).includes(name);
}

/** Request and result of each operation, as the AWS SDK types them. */
export interface Operations {
  AssociateExternalConnection: {
    input: CA.AssociateExternalConnectionRequest;
    output: CA.AssociateExternalConnectionResult;
  };
  CopyPackageVersions: { input: CA.CopyPackageVersionsRequest; output: CA.CopyPackageVersionsResult };
  CreateDomain: { input: CA.CreateDomainRequest; output: CA.CreateDomainResult };
  CreatePackageGroup: { input: CA.CreatePackageGroupRequest; output: CA.CreatePackageGroupResult };
  CreateRepository: { input: CA.CreateRepositoryRequest; output: CA.CreateRepositoryResult };
  DeleteDomain: { input: CA.DeleteDomainRequest; output: CA.DeleteDomainResult };
  DeleteDomainPermissionsPolicy: {
    input: CA.DeleteDomainPermissionsPolicyRequest;
    output: CA.DeleteDomainPermissionsPolicyResult;
  };
  DeletePackage: { input: CA.DeletePackageRequest; output: CA.DeletePackageResult };
  DeletePackageGroup: { input: CA.DeletePackageGroupRequest; output: CA.DeletePackageGroupResult };
  DeletePackageVersions: { input: CA.DeletePackageVersionsRequest; output: CA.DeletePackageVersionsResult };
  DeleteRepository: { input: CA.DeleteRepositoryRequest; output: CA.DeleteRepositoryResult };
  DeleteRepositoryPermissionsPolicy: {
    input: CA.DeleteRepositoryPermissionsPolicyRequest;
    output: CA.DeleteRepositoryPermissionsPolicyResult;
  };
  DescribeDomain: { input: CA.DescribeDomainRequest; output: CA.DescribeDomainResult };
  DescribePackage: { input: CA.DescribePackageRequest; output: CA.DescribePackageResult };
  DescribePackageGroup: { input: CA.DescribePackageGroupRequest; output: CA.DescribePackageGroupResult };
  DescribePackageVersion: {
    input: CA.DescribePackageVersionRequest;
    output: CA.DescribePackageVersionResult;
  };
  DescribeRepository: { input: CA.DescribeRepositoryRequest; output: CA.DescribeRepositoryResult };
  DisassociateExternalConnection: {
    input: CA.DisassociateExternalConnectionRequest;
    output: CA.DisassociateExternalConnectionResult;
  };
  DisposePackageVersions: {
    input: CA.DisposePackageVersionsRequest;
    output: CA.DisposePackageVersionsResult;
  };
  GetAssociatedPackageGroup: {
    input: CA.GetAssociatedPackageGroupRequest;
    output: CA.GetAssociatedPackageGroupResult;
  };
  GetAuthorizationToken: { input: CA.GetAuthorizationTokenRequest; output: CA.GetAuthorizationTokenResult };
  GetDomainPermissionsPolicy: {
    input: CA.GetDomainPermissionsPolicyRequest;
    output: CA.GetDomainPermissionsPolicyResult;
  };
  GetPackageVersionAsset: {
    input: CA.GetPackageVersionAssetRequest;
    output: Omit<CA.GetPackageVersionAssetResult, 'asset'> & { asset?: unknown };
  };
  GetPackageVersionReadme: {
    input: CA.GetPackageVersionReadmeRequest;
    output: CA.GetPackageVersionReadmeResult;
  };
  GetRepositoryEndpoint: { input: CA.GetRepositoryEndpointRequest; output: CA.GetRepositoryEndpointResult };
  GetRepositoryPermissionsPolicy: {
    input: CA.GetRepositoryPermissionsPolicyRequest;
    output: CA.GetRepositoryPermissionsPolicyResult;
  };
  ListAllowedRepositoriesForGroup: {
    input: CA.ListAllowedRepositoriesForGroupRequest;
    output: CA.ListAllowedRepositoriesForGroupResult;
  };
  ListAssociatedPackages: {
    input: CA.ListAssociatedPackagesRequest;
    output: CA.ListAssociatedPackagesResult;
  };
  ListDomains: { input: CA.ListDomainsRequest; output: CA.ListDomainsResult };
  ListPackageGroups: { input: CA.ListPackageGroupsRequest; output: CA.ListPackageGroupsResult };
  ListPackageVersionAssets: {
    input: CA.ListPackageVersionAssetsRequest;
    output: CA.ListPackageVersionAssetsResult;
  };
  ListPackageVersionDependencies: {
    input: CA.ListPackageVersionDependenciesRequest;
    output: CA.ListPackageVersionDependenciesResult;
  };
  ListPackageVersions: { input: CA.ListPackageVersionsRequest; output: CA.ListPackageVersionsResult };
  ListPackages: { input: CA.ListPackagesRequest; output: CA.ListPackagesResult };
  ListRepositories: { input: CA.ListRepositoriesRequest; output: CA.ListRepositoriesResult };
  ListRepositoriesInDomain: {
    input: CA.ListRepositoriesInDomainRequest;
    output: CA.ListRepositoriesInDomainResult;
  };
  ListSubPackageGroups: { input: CA.ListSubPackageGroupsRequest; output: CA.ListSubPackageGroupsResult };
  ListTagsForResource: { input: CA.ListTagsForResourceRequest; output: CA.ListTagsForResourceResult };
  PublishPackageVersion: {
    input: Omit<CA.PublishPackageVersionRequest, 'assetContent'> & { assetContent?: unknown };
    output: CA.PublishPackageVersionResult;
  };
  PutDomainPermissionsPolicy: {
    input: CA.PutDomainPermissionsPolicyRequest;
    output: CA.PutDomainPermissionsPolicyResult;
  };
  PutPackageOriginConfiguration: {
    input: CA.PutPackageOriginConfigurationRequest;
    output: CA.PutPackageOriginConfigurationResult;
  };
  PutRepositoryPermissionsPolicy: {
    input: CA.PutRepositoryPermissionsPolicyRequest;
    output: CA.PutRepositoryPermissionsPolicyResult;
  };
  TagResource: { input: CA.TagResourceRequest; output: CA.TagResourceResult };
  UntagResource: { input: CA.UntagResourceRequest; output: CA.UntagResourceResult };
  UpdatePackageGroup: { input: CA.UpdatePackageGroupRequest; output: CA.UpdatePackageGroupResult };
  UpdatePackageGroupOriginConfiguration: {
    input: CA.UpdatePackageGroupOriginConfigurationRequest;
    output: CA.UpdatePackageGroupOriginConfigurationResult;
  };
  UpdatePackageVersionsStatus: {
    input: CA.UpdatePackageVersionsStatusRequest;
    output: CA.UpdatePackageVersionsStatusResult;
  };
  UpdateRepository: { input: CA.UpdateRepositoryRequest; output: CA.UpdateRepositoryResult };
}

export type OperationInput<O extends OperationName> = Operations[O]['input'];
export type OperationOutput<O extends OperationName> = Operations[O]['output'];
