/**
 * Writes a version pulled from a remote CodeArtifact: the assets are already stored (and verified
 * against the remote's SHA-256) by storeAssetBlob, so one transaction creates the package if needed,
 * the version with the remote's status, revision, publish time and metadata, and its assets: the
 * version is either wholly there or not at all.
 *
 * A version the repository already has with the same assets takes the remote's status and revision
 * (nothing is rewritten when they already match). One with other assets is a ConflictException
 * unless `replace` is set, in which case it is deleted and written again in the same transaction.
 */
import type { PackageVersionStatus } from '@aws-sdk/client-codeartifact';
import {
  commitWithBlobs,
  recordDomainBlob,
  releaseUnreferencedBlobs,
  removeBlobFiles,
} from '../assets/asset-blobs';
import type { EngineContext } from '../context';
import { ConflictException, ValidationException } from '../errors';
import { describeCoordinates, requireVersionString } from '../packages/package-coordinates';
import {
  deleteAssets,
  ensurePackage,
  findVersion,
  insertAsset,
  insertVersion,
  listAssets,
  publishedOriginDefaults,
  type StoredVersionStatus,
  type VersionMetadata,
} from '../packages/package-records';
import { packageOf, repositoryNames, requireTarget, type PackageRequest } from '../packages/package-target';
import { assertDownloadableNames } from './downloadable-names';
import type { FormatAsset } from './publish-format-version';

export interface MirroredVersionRequest extends PackageRequest {
  readonly version: string;
  readonly status: PackageVersionStatus;
  readonly revision: string;
  readonly publishedTime?: Date;
  readonly metadata?: VersionMetadata;
  readonly assets: readonly FormatAsset[];
  /** Replace a version that holds other assets (the user asked to overwrite conflicts). */
  readonly replace?: boolean;
}

export interface MirroredVersionResult {
  /** `created`, `replaced`, `updated` (status or revision taken over) or `unchanged`. */
  readonly outcome: 'created' | 'replaced' | 'updated' | 'unchanged';
  readonly revision: string;
}

export async function importMirroredVersion(
  ctx: EngineContext,
  request: MirroredVersionRequest,
): Promise<MirroredVersionResult> {
  const names = repositoryNames(ctx, request);
  const coordinates = packageOf(request);
  const versionName = requireVersionString(coordinates.format, request.version);
  const label = `${describeCoordinates(coordinates)} ${versionName}`;
  if (request.status === 'Deleted')
    throw new ValidationException(`${label}: a Deleted version is not copied.`);
  const status: StoredVersionStatus = request.status;
  assertDownloadableNames(
    coordinates,
    versionName,
    request.assets.map((asset) => asset.name),
  );
  for (const asset of request.assets) {
    if (asset.blob.domain !== names.domain)
      throw new ValidationException(`${label}: asset '${asset.name}' was stored for another domain.`);
  }
  const now = ctx.now().getTime();
  let released: string[] = [];
  const result = await commitWithBlobs(ctx, request.assets, () =>
    ctx.store.write((db): MirroredVersionResult => {
      const { domain, repository } = requireTarget(db, names);
      const pkg = ensurePackage(db, repository.id, coordinates, publishedOriginDefaults, now);
      const existing = findVersion(db, pkg.id, versionName);
      let outcome: MirroredVersionResult['outcome'] = 'created';
      if (existing) {
        const held = new Map(listAssets(db, existing.id).map((asset) => [asset.name, asset.sha256]));
        const identical =
          held.size === request.assets.length &&
          request.assets.every((asset) => held.get(asset.name) === asset.blob.hashes.sha256);
        if (identical) {
          if (existing.status === status && existing.revision === request.revision)
            return { outcome: 'unchanged', revision: existing.revision };
          db.run('UPDATE package_versions SET status = ?, revision = ?, updated_time = ? WHERE id = ?', [
            status,
            request.revision,
            now,
            existing.id,
          ]);
          return { outcome: 'updated', revision: request.revision };
        }
        if (!request.replace) {
          throw new ConflictException(
            `${label} already exists here with other assets; it is not overwritten unless asked.`,
            versionName,
            'package-version',
          );
        }
        released = deleteAssets(db, existing.id);
        db.run('DELETE FROM package_dist_tags WHERE package_id = ? AND version = ?', [pkg.id, versionName]);
        db.run('DELETE FROM package_versions WHERE id = ?', [existing.id]);
        outcome = 'replaced';
      }
      const row = insertVersion(
        db,
        pkg,
        {
          version: versionName,
          status,
          revision: request.revision,
          publishedTime: request.publishedTime?.getTime() ?? now,
          origin: { originType: 'INTERNAL', repository: repository.name },
          metadata: request.metadata,
        },
        now,
      );
      for (const asset of request.assets) {
        recordDomainBlob(db, domain.id, asset.blob, now, coordinates);
        insertAsset(db, row.id, domain.id, asset.name, asset.blob.hashes.sha256, now);
      }
      released = releaseUnreferencedBlobs(db, domain.id, released);
      return { outcome, revision: row.revision };
    }),
  );
  await removeBlobFiles(ctx, names.domain, released);
  return result;
}
