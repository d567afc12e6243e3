/**
 * DeletePackage: the package, every version, asset, dependency and dist-tag of it in one repository.
 * Blobs no other version of the domain refers to are released in the same transaction and their
 * files removed after it commits.
 */
import type { DeletePackageRequest, DeletePackageResult } from '@aws-sdk/client-codeartifact';
import { releaseUnreferencedBlobs, removeBlobFiles } from '../assets/asset-blobs';
import type { EngineContext } from '../context';
import { packageSummary } from './package-description';
import { assetDigestsOf, requirePackage } from './package-records';
import { packageOf, repositoryNames, requireTarget } from './package-target';

export async function deletePackage(
  ctx: EngineContext,
  input: DeletePackageRequest,
): Promise<DeletePackageResult> {
  const names = repositoryNames(ctx, input);
  const coordinates = packageOf(input);
  const { summary, released } = ctx.store.write((db) => {
    const { domain, repository } = requireTarget(db, names);
    const pkg = requirePackage(db, repository, coordinates);
    const digests = assetDigestsOf(db, { packageId: pkg.id });
    // Versions, assets, dependencies and dist-tags go with the package (ON DELETE CASCADE).
    db.run('DELETE FROM packages WHERE id = ?', [pkg.id]);
    return { summary: packageSummary(pkg), released: releaseUnreferencedBlobs(db, domain.id, digests) };
  });
  await removeBlobFiles(ctx, names.domain, released);
  return { deletedPackage: summary };
}
