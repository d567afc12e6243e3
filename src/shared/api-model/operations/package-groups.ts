/** Package group operations: create, describe, update, list, delete, origin configuration, associations. */
import {
  AssociatedPackage,
  BooleanOptional,
  Description,
  PackageFormat,
  PackageGroupAllowedRepositoryList,
  PackageGroupAllowedRepositoryUpdateType,
  PackageGroupAssociationType,
  PackageGroupContactInfo,
  PackageGroupDescription,
  PackageGroupOriginRestrictionMode,
  PackageGroupOriginRestrictionType,
  PackageGroupPattern,
  PackageGroupPatternPrefix,
  PackageGroupSummary,
  PackageName,
  PackageNamespace,
  PaginationToken,
  PlainString,
  RepositoryNameList,
  TagList,
  maxResults,
} from '../common-shapes';
import { allErrors, defineOperation, errorsExcept } from '../operation-model';
import { inQuery, list, map, required } from '../shape-dsl';
import { domainMembers, queryPagination } from './common-members';

const packageGroupQuery = required(inQuery('package-group', PackageGroupPattern));
const packageGroupsPage = {
  packageGroups: list('PackageGroupSummaryList', PackageGroupSummary),
  nextToken: PaginationToken,
};

export const CreatePackageGroup = defineOperation('CreatePackageGroup', {
  method: 'POST',
  path: '/v1/package-group',
  input: {
    ...domainMembers,
    packageGroup: required(PackageGroupPattern),
    contactInfo: PackageGroupContactInfo,
    description: Description,
    tags: TagList,
  },
  output: { packageGroup: PackageGroupDescription },
  errors: allErrors,
});

export const DescribePackageGroup = defineOperation('DescribePackageGroup', {
  method: 'GET',
  path: '/v1/package-group',
  input: { ...domainMembers, packageGroup: packageGroupQuery },
  output: { packageGroup: PackageGroupDescription },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});

export const UpdatePackageGroup = defineOperation('UpdatePackageGroup', {
  method: 'PUT',
  path: '/v1/package-group',
  input: {
    ...domainMembers,
    packageGroup: required(PackageGroupPattern),
    contactInfo: PackageGroupContactInfo,
    description: Description,
  },
  output: { packageGroup: PackageGroupDescription },
  errors: errorsExcept('ConflictException'),
});

export const DeletePackageGroup = defineOperation('DeletePackageGroup', {
  method: 'DELETE',
  path: '/v1/package-group',
  // The model types this member as a plain string, without the pattern's constraints.
  input: { ...domainMembers, packageGroup: required(inQuery('package-group', PlainString)) },
  output: { packageGroup: PackageGroupDescription },
  errors: allErrors,
});

export const ListPackageGroups = defineOperation('ListPackageGroups', {
  method: 'POST',
  path: '/v1/package-groups',
  input: {
    ...domainMembers,
    ...queryPagination(maxResults('ListPackageGroupsMaxResults')),
    prefix: inQuery('prefix', PackageGroupPatternPrefix),
  },
  output: packageGroupsPage,
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});

export const ListSubPackageGroups = defineOperation('ListSubPackageGroups', {
  method: 'POST',
  path: '/v1/package-groups/sub-groups',
  input: {
    ...domainMembers,
    packageGroup: packageGroupQuery,
    ...queryPagination(maxResults('ListPackageGroupsMaxResults')),
  },
  output: packageGroupsPage,
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});

export const UpdatePackageGroupOriginConfiguration = defineOperation(
  'UpdatePackageGroupOriginConfiguration',
  {
    method: 'PUT',
    path: '/v1/package-group-origin-configuration',
    input: {
      ...domainMembers,
      packageGroup: packageGroupQuery,
      restrictions: map(
        'OriginRestrictions',
        PackageGroupOriginRestrictionType,
        PackageGroupOriginRestrictionMode,
      ),
      addAllowedRepositories: PackageGroupAllowedRepositoryList,
      removeAllowedRepositories: PackageGroupAllowedRepositoryList,
    },
    output: {
      packageGroup: PackageGroupDescription,
      allowedRepositoryUpdates: map(
        'PackageGroupAllowedRepositoryUpdates',
        PackageGroupOriginRestrictionType,
        map(
          'PackageGroupAllowedRepositoryUpdate',
          PackageGroupAllowedRepositoryUpdateType,
          RepositoryNameList,
        ),
      ),
    },
    errors: errorsExcept('ConflictException'),
  },
);

export const ListAllowedRepositoriesForGroup = defineOperation('ListAllowedRepositoriesForGroup', {
  method: 'GET',
  path: '/v1/package-group-allowed-repositories',
  input: {
    ...domainMembers,
    packageGroup: packageGroupQuery,
    originRestrictionType: required(inQuery('originRestrictionType', PackageGroupOriginRestrictionType)),
    ...queryPagination(maxResults('ListAllowedRepositoriesForGroupMaxResults')),
  },
  output: { allowedRepositories: RepositoryNameList, nextToken: PaginationToken },
  errors: errorsExcept('ConflictException'),
});

export const GetAssociatedPackageGroup = defineOperation('GetAssociatedPackageGroup', {
  method: 'GET',
  path: '/v1/get-associated-package-group',
  input: {
    ...domainMembers,
    format: required(inQuery('format', PackageFormat)),
    namespace: inQuery('namespace', PackageNamespace),
    package: required(inQuery('package', PackageName)),
  },
  output: { packageGroup: PackageGroupDescription, associationType: PackageGroupAssociationType },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException', 'ThrottlingException'),
});

export const ListAssociatedPackages = defineOperation('ListAssociatedPackages', {
  method: 'GET',
  path: '/v1/list-associated-packages',
  input: {
    ...domainMembers,
    packageGroup: packageGroupQuery,
    ...queryPagination(maxResults('ListPackagesMaxResults')),
    preview: inQuery('preview', BooleanOptional),
  },
  output: { packages: list('AssociatedPackageList', AssociatedPackage), nextToken: PaginationToken },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException', 'ThrottlingException'),
});
