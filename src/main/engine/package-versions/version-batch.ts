/**
 * The shared part of the batch operations (UpdatePackageVersionsStatus, DisposePackageVersions,
 * DeletePackageVersions, CopyPackageVersions): versions are judged one by one and the answer is two
 * maps keyed by version. A failed precondition (missing version, unexpected status or revision)
 * puts that version in `failedVersions`; it never fails the whole call.
 */
import type {
  PackageFormat,
  PackageVersionError,
  PackageVersionErrorCode,
  PackageVersionStatus,
  SuccessfulPackageVersionInfo,
} from '@aws-sdk/client-codeartifact';
import { ValidationException } from '../errors';
import { requireVersionString } from '../packages/package-coordinates';
import { findVersion, type PackageRow, type VersionRow } from '../packages/package-records';
import type { Db } from '../../store/types';

/** The API caps every batch at 100 versions. */
export const maxBatchVersions = 100;

export class BatchResult {
  readonly successfulVersions: Record<string, SuccessfulPackageVersionInfo> = {};
  readonly failedVersions: Record<string, PackageVersionError> = {};

  succeed(version: string, revision: string, status: PackageVersionStatus): void {
    this.successfulVersions[version] = { revision, status };
  }

  fail(version: string, errorCode: PackageVersionErrorCode, errorMessage: string): void {
    this.failedVersions[version] = { errorCode, errorMessage };
  }

  output() {
    return { successfulVersions: this.successfulVersions, failedVersions: this.failedVersions };
  }
}

/** The distinct versions of a request, normalised, in the order given; at most 100. */
export function batchVersions(format: PackageFormat, versions: readonly string[] | undefined): string[] {
  if (!Array.isArray(versions))
    throw new ValidationException(`The request is missing the required member 'versions'.`);
  if (versions.length > maxBatchVersions) {
    throw new ValidationException(
      `At most ${maxBatchVersions} versions can be given at once; ${versions.length} were.`,
    );
  }
  return [...new Set(versions.map((version) => requireVersionString(format, version)))];
}

export interface Preconditions {
  readonly expectedStatus?: PackageVersionStatus;
  readonly versionRevisions?: Record<string, string>;
}

/**
 * The version's row when it exists and meets the request's preconditions; otherwise records the
 * failure and returns undefined.
 */
export function checkVersion(
  db: Db,
  pkg: PackageRow | undefined,
  version: string,
  preconditions: Preconditions,
  result: BatchResult,
): VersionRow | undefined {
  const row = pkg && findVersion(db, pkg.id, version);
  if (!row) {
    result.fail(version, 'NOT_FOUND', `Version ${version} does not exist.`);
    return undefined;
  }
  if (preconditions.expectedStatus !== undefined && row.status !== preconditions.expectedStatus) {
    result.fail(
      version,
      'MISMATCHED_STATUS',
      `Version ${version} is ${row.status}, not the expected ${preconditions.expectedStatus}.`,
    );
    return undefined;
  }
  const expectedRevision = preconditions.versionRevisions?.[version];
  if (expectedRevision !== undefined && expectedRevision !== row.revision) {
    result.fail(
      version,
      'MISMATCHED_REVISION',
      `Version ${version} is at revision ${row.revision}, not the expected ${expectedRevision}.`,
    );
    return undefined;
  }
  return row;
}

/**
 * The `expectedStatus` of a request, which the API reference restricts per operation (Deleted is
 * never one: a deleted version is gone; UpdatePackageVersionsStatus does not take Disposed either).
 */
export function expectedStatusOf(
  value: PackageVersionStatus | undefined,
  allowed: readonly PackageVersionStatus[],
): PackageVersionStatus | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value)) {
    throw new ValidationException(
      `expectedStatus must be one of ${allowed.join(', ')}; '${String(value)}' is not.`,
    );
  }
  return value;
}

/** versionRevisions with its keys normalised like the versions they name. */
export function normaliseRevisions(
  format: PackageFormat,
  revisions: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (revisions === undefined) return undefined;
  if (typeof revisions !== 'object' || revisions === null) {
    throw new ValidationException('versionRevisions must map versions to revisions.');
  }
  const normalised: Record<string, string> = {};
  for (const [version, revision] of Object.entries(revisions)) {
    normalised[requireVersionString(format, version)] = revision;
  }
  return normalised;
}
