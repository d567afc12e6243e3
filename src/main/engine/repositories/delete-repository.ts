/**
 * DeleteRepository. CodeArtifact lets a repository be deleted while others list it as an upstream;
 * here those links are removed with it, so a later repository of the same name is never silently
 * wired into the old graph. Its own upstream list, external connection, policy and tags go too, and
 * so do its packages and its trash (by cascade); the blobs only it referred to are released and
 * their files removed after the commit.
 */
import type { DeleteRepositoryRequest, DeleteRepositoryResult } from '@aws-sdk/client-codeartifact';
import { releaseUnreferencedBlobs, removeBlobFiles } from '../assets/asset-blobs';
import type { EngineContext } from '../context';
import { requireMember } from '../input';
import { domainOwnerOf, requireDomain, requireRepository } from '../lookups';
import { assetDigestsOf } from '../packages/package-records';
import { trashDigestsOf } from '../trash/version-trash';
import { forgetResource } from '../resources';
import { repositoryDescription } from './repository-description';

export async function deleteRepository(
  ctx: EngineContext,
  input: DeleteRepositoryRequest,
): Promise<DeleteRepositoryResult> {
  const domainName = requireMember(input.domain, 'domain');
  const name = requireMember(input.repository, 'repository');
  const owner = domainOwnerOf(ctx, input.domainOwner);
  const { output, released } = ctx.store.write((db) => {
    const domain = requireDomain(db, domainName, owner);
    const row = requireRepository(db, domain, name);
    const description = repositoryDescription(ctx, db, domain, row);
    const digests = [...assetDigestsOf(db, { repositoryId: row.id }), ...trashDigestsOf(db, row.id)];
    db.run('DELETE FROM repository_upstreams WHERE repository_id = ? OR upstream_id = ?', [row.id, row.id]);
    db.run('DELETE FROM repository_external_connections WHERE repository_id = ?', [row.id]);
    forgetResource(db, 'repository', row.id);
    // Packages, versions, assets, dependencies and dist-tags go with it (ON DELETE CASCADE).
    db.run('DELETE FROM repositories WHERE id = ?', [row.id]);
    return {
      output: { repository: description },
      released: releaseUnreferencedBlobs(db, domain.id, digests),
    };
  });
  await removeBlobFiles(ctx, domainName, released);
  return output;
}
