/**
 * Package version operations: publish, describe, list, copy, delete, dispose, change status, and
 * read a version's assets, readme and dependencies.
 */
import {
  Asset,
  AssetName,
  AssetSummary,
  BooleanOptional,
  PackageDependency,
  PackageFormat,
  PackageName,
  PackageNamespace,
  PackageVersion,
  PackageVersionDescription,
  PackageVersionErrorMap,
  PackageVersionList,
  PackageVersionOriginType,
  PackageVersionRevision,
  PackageVersionRevisionMap,
  PackageVersionSortType,
  PackageVersionStatus,
  PackageVersionSummary,
  PaginationToken,
  PlainString,
  RepositoryName,
  SHA256,
  SuccessfulPackageVersionInfoMap,
  maxResults,
} from '../common-shapes';
import { allErrors, defineOperation, errorsExcept } from '../operation-model';
import { asPayload, inHeader, inQuery, list, required } from '../shape-dsl';
import {
  domainMembers,
  packageCoordinates,
  packageMembers,
  packageVersionMembers,
  queryPagination,
} from './common-members';

/** What the batch operations answer: results keyed by version. */
const batchResult = {
  successfulVersions: SuccessfulPackageVersionInfoMap,
  failedVersions: PackageVersionErrorMap,
};

/** The version a response is about, echoed back by several read operations. */
const versionEcho = {
  format: PackageFormat,
  namespace: PackageNamespace,
  package: PackageName,
  version: PackageVersion,
  versionRevision: PackageVersionRevision,
};

export const PublishPackageVersion = defineOperation('PublishPackageVersion', {
  method: 'POST',
  path: '/v1/package/version/publish',
  input: {
    ...packageVersionMembers,
    assetContent: required(asPayload(Asset)),
    assetName: required(inQuery('asset', AssetName)),
    // The SHA-256 the client signed the payload with doubles as the asset's declared hash.
    assetSHA256: required(inHeader('x-amz-content-sha256', SHA256)),
    unfinished: inQuery('unfinished', BooleanOptional),
  },
  output: { ...versionEcho, status: PackageVersionStatus, asset: AssetSummary },
  errors: allErrors,
});

export const DescribePackageVersion = defineOperation('DescribePackageVersion', {
  method: 'GET',
  path: '/v1/package/version',
  input: packageVersionMembers,
  output: { packageVersion: PackageVersionDescription },
  errors: errorsExcept('ServiceQuotaExceededException'),
});

export const ListPackageVersions = defineOperation('ListPackageVersions', {
  method: 'POST',
  path: '/v1/package/versions',
  input: {
    ...packageMembers,
    status: inQuery('status', PackageVersionStatus),
    sortBy: inQuery('sortBy', PackageVersionSortType),
    ...queryPagination(maxResults('ListPackageVersionsMaxResults')),
    originType: inQuery('originType', PackageVersionOriginType),
  },
  output: {
    defaultDisplayVersion: PackageVersion,
    format: PackageFormat,
    namespace: PackageNamespace,
    package: PackageName,
    versions: list('PackageVersionSummaryList', PackageVersionSummary),
    nextToken: PaginationToken,
  },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});

export const CopyPackageVersions = defineOperation('CopyPackageVersions', {
  method: 'POST',
  path: '/v1/package/versions/copy',
  input: {
    ...domainMembers,
    sourceRepository: required(inQuery('source-repository', RepositoryName)),
    destinationRepository: required(inQuery('destination-repository', RepositoryName)),
    ...packageCoordinates,
    versions: PackageVersionList,
    versionRevisions: PackageVersionRevisionMap,
    allowOverwrite: BooleanOptional,
    includeFromUpstream: BooleanOptional,
  },
  output: batchResult,
  errors: allErrors,
});

export const DeletePackageVersions = defineOperation('DeletePackageVersions', {
  method: 'POST',
  path: '/v1/package/versions/delete',
  input: { ...packageMembers, versions: required(PackageVersionList), expectedStatus: PackageVersionStatus },
  output: batchResult,
  errors: errorsExcept('ServiceQuotaExceededException'),
});

export const DisposePackageVersions = defineOperation('DisposePackageVersions', {
  method: 'POST',
  path: '/v1/package/versions/dispose',
  input: {
    ...packageMembers,
    versions: required(PackageVersionList),
    versionRevisions: PackageVersionRevisionMap,
    expectedStatus: PackageVersionStatus,
  },
  output: batchResult,
  errors: errorsExcept('ServiceQuotaExceededException'),
});

export const UpdatePackageVersionsStatus = defineOperation('UpdatePackageVersionsStatus', {
  method: 'POST',
  path: '/v1/package/versions/update_status',
  input: {
    ...packageMembers,
    versions: required(PackageVersionList),
    versionRevisions: PackageVersionRevisionMap,
    expectedStatus: PackageVersionStatus,
    targetStatus: required(PackageVersionStatus),
  },
  output: batchResult,
  errors: errorsExcept('ServiceQuotaExceededException'),
});

export const GetPackageVersionAsset = defineOperation('GetPackageVersionAsset', {
  method: 'GET',
  path: '/v1/package/version/asset',
  input: {
    ...packageVersionMembers,
    asset: required(inQuery('asset', AssetName)),
    packageVersionRevision: inQuery('revision', PackageVersionRevision),
  },
  output: {
    asset: asPayload(Asset),
    assetName: inHeader('X-AssetName', AssetName),
    packageVersion: inHeader('X-PackageVersion', PackageVersion),
    packageVersionRevision: inHeader('X-PackageVersionRevision', PackageVersionRevision),
  },
  errors: errorsExcept('ServiceQuotaExceededException'),
});

export const GetPackageVersionReadme = defineOperation('GetPackageVersionReadme', {
  method: 'GET',
  path: '/v1/package/version/readme',
  input: packageVersionMembers,
  output: { ...versionEcho, readme: PlainString },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});

export const ListPackageVersionAssets = defineOperation('ListPackageVersionAssets', {
  method: 'POST',
  path: '/v1/package/version/assets',
  input: { ...packageVersionMembers, ...queryPagination(maxResults('ListPackageVersionAssetsMaxResults')) },
  output: { ...versionEcho, nextToken: PaginationToken, assets: list('AssetSummaryList', AssetSummary) },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});

export const ListPackageVersionDependencies = defineOperation('ListPackageVersionDependencies', {
  method: 'POST',
  path: '/v1/package/version/dependencies',
  input: { ...packageVersionMembers, nextToken: inQuery('next-token', PaginationToken) },
  output: {
    ...versionEcho,
    nextToken: PaginationToken,
    dependencies: list('PackageDependencyList', PackageDependency),
  },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});
