/**
 * UpdatePackageVersionsStatus: moves versions to Archived, Published or Unlisted. Disposed is terminal
 * (use DisposePackageVersions to get there) and nothing goes back to Unfinished. A version whose status
 * actually changes gets a new revision; one already in the target status is reported as it is.
 */
import type {
  UpdatePackageVersionsStatusRequest,
  UpdatePackageVersionsStatusResult,
} from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import {
  findPackage,
  packageNotFound,
  setVersionStatus,
  type StoredVersionStatus,
} from '../packages/package-records';
import { packageOf, repositoryNames, requireTarget } from '../packages/package-target';
import {
  BatchResult,
  batchVersions,
  checkVersion,
  expectedStatusOf,
  normaliseRevisions,
} from './version-batch';

const targets: ReadonlySet<string> = new Set(['Archived', 'Published', 'Unlisted']);

export function updatePackageVersionsStatus(
  ctx: EngineContext,
  input: UpdatePackageVersionsStatusRequest,
): UpdatePackageVersionsStatusResult {
  const names = repositoryNames(ctx, input);
  const coordinates = packageOf(input);
  const target = input.targetStatus;
  if (target === undefined || !targets.has(target)) {
    throw new ValidationException(
      `targetStatus must be Archived, Published or Unlisted (got '${String(target)}'); ` +
        'use DisposePackageVersions to dispose of versions.',
    );
  }
  const versions = batchVersions(coordinates.format, input.versions);
  const preconditions = {
    expectedStatus: expectedStatusOf(input.expectedStatus, [
      'Archived',
      'Published',
      'Unlisted',
      'Unfinished',
    ]),
    versionRevisions: normaliseRevisions(coordinates.format, input.versionRevisions),
  };
  const now = ctx.now().getTime();
  return ctx.store.write((db) => {
    const { repository } = requireTarget(db, names);
    const pkg = findPackage(db, repository.id, coordinates);
    if (!pkg) throw packageNotFound(repository, coordinates);
    const result = new BatchResult();
    for (const version of versions) {
      const row = checkVersion(db, pkg, version, preconditions, result);
      if (!row) continue;
      if (row.status === 'Disposed') {
        result.fail(
          version,
          'NOT_ALLOWED',
          `Version ${version} is Disposed; a disposed version's status cannot change.`,
        );
        continue;
      }
      if (row.status === target) {
        result.succeed(version, row.revision, row.status);
        continue;
      }
      const revision = setVersionStatus(db, row, target as StoredVersionStatus, now);
      result.succeed(version, revision, target);
    }
    return result.output();
  });
}
