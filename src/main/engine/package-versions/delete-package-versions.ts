/**
 * DeletePackageVersions: removes versions entirely (assets, dependencies and the dist-tags that
 * pointed at them go too), so the same version can be published again. Each deleted version is
 * reported with the revision it had and the status Deleted, as the API reference specifies. What is
 * deleted is kept in the app's trash (engine/trash/) for its retention, where no API call sees it.
 */
import type { DeletePackageVersionsRequest, DeletePackageVersionsResult } from '@aws-sdk/client-codeartifact';
import { releaseUnreferencedBlobs, removeBlobFiles } from '../assets/asset-blobs';
import type { EngineContext } from '../context';
import { deleteAssets, findPackage, packageNotFound } from '../packages/package-records';
import { packageOf, repositoryNames, requireTarget } from '../packages/package-target';
import { moveToTrash } from '../trash/move-to-trash';
import { disposableExpectations } from './dispose-package-versions';
import { BatchResult, batchVersions, checkVersion, expectedStatusOf } from './version-batch';

export async function deletePackageVersions(
  ctx: EngineContext,
  input: DeletePackageVersionsRequest,
): Promise<DeletePackageVersionsResult> {
  const names = repositoryNames(ctx, input);
  const coordinates = packageOf(input);
  const versions = batchVersions(coordinates.format, input.versions);
  const expectedStatus = expectedStatusOf(input.expectedStatus, disposableExpectations);
  const now = ctx.now().getTime();
  const { output, released } = ctx.store.write((db) => {
    const { domain, repository } = requireTarget(db, names);
    const pkg = findPackage(db, repository.id, coordinates);
    if (!pkg) throw packageNotFound(repository, coordinates);
    const result = new BatchResult();
    const digests: string[] = [];
    for (const version of versions) {
      const row = checkVersion(db, pkg, version, { expectedStatus }, result);
      if (!row) continue;
      moveToTrash(db, pkg, row, now);
      digests.push(...deleteAssets(db, row.id));
      db.run('DELETE FROM package_dist_tags WHERE package_id = ? AND version = ?', [pkg.id, row.version]);
      db.run('DELETE FROM package_versions WHERE id = ?', [row.id]);
      result.succeed(version, row.revision, 'Deleted');
    }
    return { output: result.output(), released: releaseUnreferencedBlobs(db, domain.id, digests) };
  });
  await removeBlobFiles(ctx, names.domain, released);
  return output;
}
