/**
 * GetPackageVersionAsset: streams one asset of a version. Only Published and Unlisted versions can be
 * downloaded; an Archived, Disposed or Unfinished version answers ConflictException (the version
 * exists, its state forbids the download), as does a `packageVersionRevision` that is not the
 * version's current revision.
 */
import type {
  GetPackageVersionAssetRequest,
  GetPackageVersionAssetResult,
} from '@aws-sdk/client-codeartifact';
import type { Readable } from 'node:stream';
import type { EngineContext } from '../context';
import { ConflictException, ResourceNotFoundException } from '../errors';
import { requireMember } from '../input';
import { describeCoordinates } from '../packages/package-coordinates';
import { coordinatesOf, findAsset, type StoredVersionStatus } from '../packages/package-records';
import { requireVersionTarget, versionNames } from '../package-versions/version-target';
import { openLeasedAsset } from './open-asset';

/** The statuses whose assets clients may download (semantics: Unlisted is downloadable by exact version). */
export const downloadableStatuses: ReadonlySet<StoredVersionStatus> = new Set(['Published', 'Unlisted']);

export type GetPackageVersionAssetOutput = Omit<GetPackageVersionAssetResult, 'asset'> & { asset: Readable };

export async function getPackageVersionAsset(
  ctx: EngineContext,
  input: GetPackageVersionAssetRequest,
): Promise<GetPackageVersionAssetOutput> {
  const request = versionNames(ctx, input);
  const assetName = requireMember(input.asset, 'asset');
  const found = ctx.store.read((db) => {
    const { pkg, version } = requireVersionTarget(db, request);
    const label = `${describeCoordinates(coordinatesOf(pkg))} ${version.version}`;
    if (!downloadableStatuses.has(version.status)) {
      throw new ConflictException(
        `Version ${label} is ${version.status}; only Published and Unlisted versions can be downloaded.`,
        version.version,
        'package-version',
      );
    }
    if (input.packageVersionRevision !== undefined && input.packageVersionRevision !== version.revision) {
      throw new ConflictException(
        `Version ${label} is at revision ${version.revision}, not ${input.packageVersionRevision}.`,
        version.version,
        'package-version',
      );
    }
    const asset = findAsset(db, version.id, assetName);
    if (!asset) {
      throw new ResourceNotFoundException(
        `Version ${label} has no asset '${assetName}'.`,
        assetName,
        'asset',
      );
    }
    return { version, asset, label };
  });
  const stream = await openLeasedAsset(
    ctx,
    request.names.domain,
    found.asset.sha256,
    `asset '${found.asset.name}' of ${found.label}`,
  );
  return {
    asset: stream,
    assetName: found.asset.name,
    packageVersion: found.version.version,
    packageVersionRevision: found.version.revision,
  };
}
