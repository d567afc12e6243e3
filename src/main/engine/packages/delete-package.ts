/**
 * DeletePackage: the package, every version, asset, dependency and dist-tag of it in one repository.
 * Its versions are kept in the app's trash first (engine/trash/), so the package comes back with them
 * when they are restored. Blobs no other version of the domain (nor the trash) refers to are released
 * in the same transaction and their files removed after it commits.
 */
import type { DeletePackageRequest, DeletePackageResult } from '@aws-sdk/client-codeartifact';
import { releaseUnreferencedBlobs, removeBlobFiles } from '../assets/asset-blobs';
import type { EngineContext } from '../context';
import { moveToTrash } from '../trash/move-to-trash';
import { packageSummary } from './package-description';
import { assetDigestsOf, requirePackage, type VersionRow } from './package-records';
import { packageOf, repositoryNames, requireTarget } from './package-target';

export async function deletePackage(
  ctx: EngineContext,
  input: DeletePackageRequest,
): Promise<DeletePackageResult> {
  const names = repositoryNames(ctx, input);
  const coordinates = packageOf(input);
  const now = ctx.now().getTime();
  const { summary, released } = ctx.store.write((db) => {
    const { domain, repository } = requireTarget(db, names);
    const pkg = requirePackage(db, repository, coordinates);
    const digests = assetDigestsOf(db, { packageId: pkg.id });
    for (const version of db.all<VersionRow>('SELECT * FROM package_versions WHERE package_id = ?', [pkg.id]))
      moveToTrash(db, pkg, version, now);
    // Versions, assets, dependencies and dist-tags go with the package (ON DELETE CASCADE).
    db.run('DELETE FROM packages WHERE id = ?', [pkg.id]);
    return { summary: packageSummary(pkg), released: releaseUnreferencedBlobs(db, domain.id, digests) };
  });
  await removeBlobFiles(ctx, names.domain, released);
  return { deletedPackage: summary };
}
