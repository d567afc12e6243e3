/** Package operations: describe, list, delete, and per-package origin configuration. */
import {
  AllowPublish,
  AllowUpstream,
  PackageDescription,
  PackageFormat,
  PackageName,
  PackageNamespace,
  PackageOriginConfiguration,
  PackageOriginRestrictions,
  PackageSummary,
  PaginationToken,
  maxResults,
} from '../common-shapes';
import { defineOperation, errorsExcept } from '../operation-model';
import { inQuery, list, required } from '../shape-dsl';
import { packageMembers, queryPagination, repositoryMembers } from './common-members';

export const DescribePackage = defineOperation('DescribePackage', {
  method: 'GET',
  path: '/v1/package',
  input: packageMembers,
  output: { package: PackageDescription },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});

export const DeletePackage = defineOperation('DeletePackage', {
  method: 'DELETE',
  path: '/v1/package',
  input: packageMembers,
  output: { deletedPackage: PackageSummary },
  errors: errorsExcept('ServiceQuotaExceededException'),
});

export const ListPackages = defineOperation('ListPackages', {
  method: 'POST',
  path: '/v1/packages',
  input: {
    ...repositoryMembers,
    format: inQuery('format', PackageFormat),
    namespace: inQuery('namespace', PackageNamespace),
    packagePrefix: inQuery('package-prefix', PackageName),
    ...queryPagination(maxResults('ListPackagesMaxResults')),
    publish: inQuery('publish', AllowPublish),
    upstream: inQuery('upstream', AllowUpstream),
  },
  output: { packages: list('PackageSummaryList', PackageSummary), nextToken: PaginationToken },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});

export const PutPackageOriginConfiguration = defineOperation('PutPackageOriginConfiguration', {
  method: 'POST',
  path: '/v1/package',
  input: { ...packageMembers, restrictions: required(PackageOriginRestrictions) },
  output: { originConfiguration: PackageOriginConfiguration },
  errors: errorsExcept('ConflictException', 'ServiceQuotaExceededException'),
});
