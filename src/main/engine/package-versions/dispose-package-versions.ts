/**
 * DisposePackageVersions: deletes the assets of versions and keeps their records as Disposed (so
 * they still list and describe, but can never be downloaded or restored). Blobs that no other
 * version of the domain holds are released and their files removed after the commit.
 */
import type {
  DisposePackageVersionsRequest,
  DisposePackageVersionsResult,
} from '@aws-sdk/client-codeartifact';
import { releaseUnreferencedBlobs, removeBlobFiles } from '../assets/asset-blobs';
import type { EngineContext } from '../context';
import { deleteAssets, findPackage, packageNotFound, setVersionStatus } from '../packages/package-records';
import { packageOf, repositoryNames, requireTarget } from '../packages/package-target';
import {
  BatchResult,
  batchVersions,
  checkVersion,
  expectedStatusOf,
  normaliseRevisions,
} from './version-batch';

/** The expectedStatus values the API reference allows for Dispose and Delete. */
export const disposableExpectations = [
  'Archived',
  'Disposed',
  'Published',
  'Unfinished',
  'Unlisted',
] as const;

export async function disposePackageVersions(
  ctx: EngineContext,
  input: DisposePackageVersionsRequest,
): Promise<DisposePackageVersionsResult> {
  const names = repositoryNames(ctx, input);
  const coordinates = packageOf(input);
  const versions = batchVersions(coordinates.format, input.versions);
  const preconditions = {
    expectedStatus: expectedStatusOf(input.expectedStatus, disposableExpectations),
    versionRevisions: normaliseRevisions(coordinates.format, input.versionRevisions),
  };
  const now = ctx.now().getTime();
  const { output, released } = ctx.store.write((db) => {
    const { domain, repository } = requireTarget(db, names);
    const pkg = findPackage(db, repository.id, coordinates);
    if (!pkg) throw packageNotFound(repository, coordinates);
    const result = new BatchResult();
    const digests: string[] = [];
    for (const version of versions) {
      const row = checkVersion(db, pkg, version, preconditions, result);
      if (!row) continue;
      if (row.status === 'Disposed') {
        result.succeed(version, row.revision, 'Disposed');
        continue;
      }
      digests.push(...deleteAssets(db, row.id));
      result.succeed(version, setVersionStatus(db, row, 'Disposed', now), 'Disposed');
    }
    return { output: result.output(), released: releaseUnreferencedBlobs(db, domain.id, digests) };
  });
  await removeBlobFiles(ctx, names.domain, released);
  return output;
}
