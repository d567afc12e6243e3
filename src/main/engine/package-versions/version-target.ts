/** The lookups of every single-version operation: domain, repository, package and version must exist. */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import type { DomainRow, RepositoryRow } from '../lookups';
import { namespaceOf, requireVersionString, type PackageCoordinates } from '../packages/package-coordinates';
import {
  requirePackage,
  requireVersion,
  type PackageRow,
  type VersionRow,
} from '../packages/package-records';
import {
  packageOf,
  repositoryNames,
  requireTarget,
  type PackageRequest,
  type RepositoryNames,
} from '../packages/package-target';
import type { Db } from '../../store/types';

export interface VersionRequest extends PackageRequest {
  readonly packageVersion?: string;
}

export interface VersionNames {
  readonly names: RepositoryNames;
  readonly coordinates: PackageCoordinates;
  readonly version: string;
}

export interface VersionTarget {
  readonly domain: DomainRow;
  readonly repository: RepositoryRow;
  readonly pkg: PackageRow;
  readonly version: VersionRow;
}

export function versionNames(ctx: EngineContext, input: VersionRequest): VersionNames {
  const names = repositoryNames(ctx, input);
  const coordinates = packageOf(input);
  return { names, coordinates, version: requireVersionString(coordinates.format, input.packageVersion) };
}

export function requireVersionTarget(db: Db, request: VersionNames): VersionTarget {
  const { domain, repository } = requireTarget(db, request.names);
  const pkg = requirePackage(db, repository, request.coordinates);
  return { domain, repository, pkg, version: requireVersion(db, repository, pkg, request.version) };
}

/** The members that echo the version a response is about. */
export function versionEcho(pkg: PackageRow, version: VersionRow) {
  return {
    format: pkg.format as PackageFormat,
    namespace: namespaceOf(pkg),
    package: pkg.name,
    version: version.version,
    versionRevision: version.revision,
  };
}
