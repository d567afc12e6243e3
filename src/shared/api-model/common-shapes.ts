/**
 * Shapes that many CodeArtifact operations share: names, identifiers, enums, pagination and tags,
 * plus the descriptions and summaries that responses carry. Each is defined once here.
 *
 * The model's patterns are Java regular expressions. Java's `\s` and `\S` mean ASCII whitespace
 * only (space, \t, \n, \x0B, \f, \r), unlike JavaScript's Unicode-aware `\s`, so they are spelled
 * out; `\p{IsWhitespace}` is Unicode's White_Space property.
 */
import {
  blob,
  enumeration,
  integer,
  list,
  long,
  map,
  pattern,
  required,
  string,
  structure,
  timestamp,
  boolean,
} from './shape-dsl';

// ---- identifiers and names --------------------------------------------------------------------

const nonWhitespace = pattern('\\S+', /^[^ \t\n\v\f\r]+$/u);
const printable = pattern('\\P{C}*', /^\P{C}*$/u);
const printableNonEmpty = pattern('\\P{C}+', /^\P{C}+$/u);
const packageComponent = pattern('[^#/\\s]+', /^[^#/ \t\n\v\f\r]+$/u);
const lowerHex = pattern('[0-9a-f]+', /^[0-9a-f]+$/u);

export const AccountId = string('AccountId', {
  min: 12,
  max: 12,
  pattern: pattern('[0-9]{12}', /^[0-9]{12}$/u),
});
export const Arn = string('Arn', { min: 1, max: 1011, pattern: nonWhitespace });
export const DomainName = string('DomainName', {
  min: 2,
  max: 50,
  pattern: pattern('[a-z][a-z0-9\\-]{0,48}[a-z0-9]', /^[a-z][a-z0-9-]{0,48}[a-z0-9]$/u),
});
export const RepositoryName = string('RepositoryName', {
  min: 2,
  max: 100,
  pattern: pattern('[A-Za-z0-9][A-Za-z0-9._\\-]{1,99}', /^[A-Za-z0-9][A-Za-z0-9._-]{1,99}$/u),
});
export const ExternalConnectionName = string('ExternalConnectionName', {
  min: 2,
  max: 100,
  pattern: pattern('[A-Za-z0-9][A-Za-z0-9._\\-:]{1,99}', /^[A-Za-z0-9][A-Za-z0-9._\-:]{1,99}$/u),
});
export const Description = string('Description', { max: 1000, pattern: printable });
export const PackageNamespace = string('PackageNamespace', { min: 1, max: 255, pattern: packageComponent });
export const PackageName = string('PackageName', { min: 1, max: 255, pattern: packageComponent });
export const PackageVersion = string('PackageVersion', { min: 1, max: 255, pattern: packageComponent });
export const PackageVersionRevision = string('PackageVersionRevision', {
  min: 1,
  max: 50,
  pattern: nonWhitespace,
});
export const AssetName = string('AssetName', { min: 1, max: 255, pattern: printableNonEmpty });
export const HashValue = string('HashValue', { min: 32, max: 512, pattern: lowerHex });
export const SHA256 = string('SHA256', { min: 64, max: 64, pattern: lowerHex });
export const PaginationToken = string('PaginationToken', { min: 1, max: 2000, pattern: nonWhitespace });
export const PolicyRevision = string('PolicyRevision', { min: 1, max: 100, pattern: nonWhitespace });
export const PolicyDocument = string('PolicyDocument', {
  min: 1,
  max: 7168,
  pattern: pattern('[\\P{C}\\s]+', /^[\P{C} \t\n\v\f\r]+$/u),
});
export const PackageGroupPattern = string('PackageGroupPattern', {
  min: 2,
  max: 520,
  pattern: pattern('[^\\p{C}\\p{IsWhitespace}]+', /^[^\p{C}\p{White_Space}]+$/u),
});
export const PackageGroupPatternPrefix = string('PackageGroupPatternPrefix', {
  min: 0,
  max: 520,
  pattern: printable,
});
export const PackageGroupContactInfo = string('PackageGroupContactInfo', {
  min: 0,
  max: 1000,
  pattern: printable,
});
export const TagKey = string('TagKey', { min: 1, max: 128, pattern: printableNonEmpty });
export const TagValue = string('TagValue', { min: 0, max: 256, pattern: printable });
export const String255 = string('String255', { min: 1, max: 255 });
export const PlainString = string('String');
export const ErrorMessage = string('ErrorMessage');

// ---- enums ----------------------------------------------------------------------------------------

export const PackageFormat = enumeration('PackageFormat', [
  'npm',
  'pypi',
  'maven',
  'nuget',
  'generic',
  'ruby',
  'swift',
  'cargo',
]);
export const PackageVersionStatus = enumeration('PackageVersionStatus', [
  'Published',
  'Unfinished',
  'Unlisted',
  'Archived',
  'Disposed',
  'Deleted',
]);
export const DomainStatus = enumeration('DomainStatus', ['Active', 'Deleted']);
export const AllowPublish = enumeration('AllowPublish', ['ALLOW', 'BLOCK']);
export const AllowUpstream = enumeration('AllowUpstream', ['ALLOW', 'BLOCK']);
export const EndpointType = enumeration('EndpointType', ['dualstack', 'ipv4']);
export const ExternalConnectionStatus = enumeration('ExternalConnectionStatus', ['Available']);
export const HashAlgorithm = enumeration('HashAlgorithm', ['MD5', 'SHA-1', 'SHA-256', 'SHA-512']);
export const PackageVersionErrorCode = enumeration('PackageVersionErrorCode', [
  'ALREADY_EXISTS',
  'MISMATCHED_REVISION',
  'MISMATCHED_STATUS',
  'NOT_ALLOWED',
  'NOT_FOUND',
  'SKIPPED',
]);
export const PackageVersionOriginType = enumeration('PackageVersionOriginType', [
  'INTERNAL',
  'EXTERNAL',
  'UNKNOWN',
]);
export const PackageVersionSortType = enumeration('PackageVersionSortType', ['PUBLISHED_TIME']);
export const PackageGroupAssociationType = enumeration('PackageGroupAssociationType', ['STRONG', 'WEAK']);
export const PackageGroupOriginRestrictionMode = enumeration('PackageGroupOriginRestrictionMode', [
  'ALLOW',
  'ALLOW_SPECIFIC_REPOSITORIES',
  'BLOCK',
  'INHERIT',
]);
export const PackageGroupOriginRestrictionType = enumeration('PackageGroupOriginRestrictionType', [
  'EXTERNAL_UPSTREAM',
  'INTERNAL_UPSTREAM',
  'PUBLISH',
]);
export const PackageGroupAllowedRepositoryUpdateType = enumeration(
  'PackageGroupAllowedRepositoryUpdateType',
  ['ADDED', 'REMOVED'],
);

// ---- numbers, flags, times, bytes -----------------------------------------------------------

export const IntegerValue = integer('Integer');
export const LongValue = long('Long');
export const LongOptional = long('LongOptional');
export const BooleanOptional = boolean('BooleanOptional');
export const Timestamp = timestamp('Timestamp');
export const AuthorizationTokenDurationSeconds = long('AuthorizationTokenDurationSeconds', {
  min: 0,
  max: 43200,
});
/** Every list operation caps a page at 1000; the model gives each its own named shape. */
export function maxResults(name: string) {
  return integer(name, { min: 1, max: 1000 });
}
export const Asset = blob('Asset', { streaming: true });

// ---- tags and lists of names ----------------------------------------------------------------

export const Tag = structure('Tag', { key: required(TagKey), value: required(TagValue) });
export const TagList = list('TagList', Tag, { min: 0, max: 200 });
export const TagKeyList = list('TagKeyList', TagKey, { min: 0, max: 200 });
export const PackageVersionList = list('PackageVersionList', PackageVersion, { max: 100 });
export const PackageVersionRevisionMap = map(
  'PackageVersionRevisionMap',
  PackageVersion,
  PackageVersionRevision,
);
export const RepositoryNameList = list('RepositoryNameList', RepositoryName);

// ---- domains and repositories -----------------------------------------------------------------

export const DomainDescription = structure('DomainDescription', {
  name: DomainName,
  owner: AccountId,
  arn: Arn,
  status: DomainStatus,
  createdTime: Timestamp,
  encryptionKey: Arn,
  repositoryCount: IntegerValue,
  assetSizeBytes: LongValue,
  s3BucketArn: Arn,
});

export const DomainSummary = structure('DomainSummary', {
  name: DomainName,
  owner: AccountId,
  arn: Arn,
  status: DomainStatus,
  createdTime: Timestamp,
  encryptionKey: Arn,
});

export const UpstreamRepository = structure('UpstreamRepository', {
  repositoryName: required(RepositoryName),
});
export const UpstreamRepositoryList = list('UpstreamRepositoryList', UpstreamRepository);

export const RepositoryDescription = structure('RepositoryDescription', {
  name: RepositoryName,
  administratorAccount: AccountId,
  domainName: DomainName,
  domainOwner: AccountId,
  arn: Arn,
  description: Description,
  upstreams: list(
    'UpstreamRepositoryInfoList',
    structure('UpstreamRepositoryInfo', { repositoryName: RepositoryName }),
  ),
  externalConnections: list(
    'RepositoryExternalConnectionInfoList',
    structure('RepositoryExternalConnectionInfo', {
      externalConnectionName: ExternalConnectionName,
      packageFormat: PackageFormat,
      status: ExternalConnectionStatus,
    }),
  ),
  createdTime: Timestamp,
});

export const RepositorySummary = structure('RepositorySummary', {
  name: RepositoryName,
  administratorAccount: AccountId,
  domainName: DomainName,
  domainOwner: AccountId,
  arn: Arn,
  description: Description,
  createdTime: Timestamp,
});

export const ResourcePolicy = structure('ResourcePolicy', {
  resourceArn: Arn,
  revision: PolicyRevision,
  document: PolicyDocument,
});

// ---- packages and versions --------------------------------------------------------------------

export const PackageOriginRestrictions = structure('PackageOriginRestrictions', {
  publish: required(AllowPublish),
  upstream: required(AllowUpstream),
});

export const PackageOriginConfiguration = structure('PackageOriginConfiguration', {
  restrictions: PackageOriginRestrictions,
});

export const PackageSummary = structure('PackageSummary', {
  format: PackageFormat,
  namespace: PackageNamespace,
  package: PackageName,
  originConfiguration: PackageOriginConfiguration,
});

export const PackageDescription = structure('PackageDescription', {
  format: PackageFormat,
  namespace: PackageNamespace,
  name: PackageName,
  originConfiguration: PackageOriginConfiguration,
});

export const PackageVersionOrigin = structure('PackageVersionOrigin', {
  domainEntryPoint: structure('DomainEntryPoint', {
    repositoryName: RepositoryName,
    externalConnectionName: ExternalConnectionName,
  }),
  originType: PackageVersionOriginType,
});

export const PackageVersionDescription = structure('PackageVersionDescription', {
  format: PackageFormat,
  namespace: PackageNamespace,
  packageName: PackageName,
  displayName: String255,
  version: PackageVersion,
  summary: PlainString,
  homePage: PlainString,
  sourceCodeRepository: PlainString,
  publishedTime: Timestamp,
  licenses: list('LicenseInfoList', structure('LicenseInfo', { name: PlainString, url: PlainString })),
  revision: PackageVersionRevision,
  status: PackageVersionStatus,
  origin: PackageVersionOrigin,
});

export const PackageVersionSummary = structure('PackageVersionSummary', {
  version: required(PackageVersion),
  revision: PackageVersionRevision,
  status: required(PackageVersionStatus),
  origin: PackageVersionOrigin,
});

export const SuccessfulPackageVersionInfoMap = map(
  'SuccessfulPackageVersionInfoMap',
  PackageVersion,
  structure('SuccessfulPackageVersionInfo', { revision: PlainString, status: PackageVersionStatus }),
);

export const PackageVersionErrorMap = map(
  'PackageVersionErrorMap',
  PackageVersion,
  structure('PackageVersionError', { errorCode: PackageVersionErrorCode, errorMessage: ErrorMessage }),
);

export const AssetSummary = structure('AssetSummary', {
  name: required(AssetName),
  size: LongOptional,
  hashes: map('AssetHashes', HashAlgorithm, HashValue),
});

export const PackageDependency = structure('PackageDependency', {
  namespace: PackageNamespace,
  package: PackageName,
  dependencyType: PlainString,
  versionRequirement: PlainString,
});

// ---- package groups -----------------------------------------------------------------------------

export const PackageGroupReference = structure('PackageGroupReference', {
  arn: Arn,
  pattern: PackageGroupPattern,
});

export const PackageGroupOriginConfiguration = structure('PackageGroupOriginConfiguration', {
  restrictions: map(
    'PackageGroupOriginRestrictions',
    PackageGroupOriginRestrictionType,
    structure('PackageGroupOriginRestriction', {
      mode: PackageGroupOriginRestrictionMode,
      effectiveMode: PackageGroupOriginRestrictionMode,
      inheritedFrom: PackageGroupReference,
      repositoriesCount: LongOptional,
    }),
  ),
});

const packageGroupMembers = {
  arn: Arn,
  pattern: PackageGroupPattern,
  domainName: DomainName,
  domainOwner: AccountId,
  createdTime: Timestamp,
  contactInfo: PackageGroupContactInfo,
  description: Description,
  originConfiguration: PackageGroupOriginConfiguration,
  parent: PackageGroupReference,
};

export const PackageGroupDescription = structure('PackageGroupDescription', packageGroupMembers);
export const PackageGroupSummary = structure('PackageGroupSummary', packageGroupMembers);

export const AssociatedPackage = structure('AssociatedPackage', {
  format: PackageFormat,
  namespace: PackageNamespace,
  package: PackageName,
  associationType: PackageGroupAssociationType,
});

export const PackageGroupAllowedRepository = structure('PackageGroupAllowedRepository', {
  repositoryName: RepositoryName,
  originRestrictionType: PackageGroupOriginRestrictionType,
});
export const PackageGroupAllowedRepositoryList = list(
  'PackageGroupAllowedRepositoryList',
  PackageGroupAllowedRepository,
);
