/**
 * Adds files to a version that was fetched earlier through an external connection, for formats whose
 * versions hold several files fetched one at a time (a PyPI version's wheels and sdist). The files go
 * into the version in the repository holding the connection and into every retained copy of it in
 * the repositories named in `alsoIn` (the requesting repository and those between), so a client of
 * any of them sees the same files. Only versions whose origin is that external connection take files
 * this way; an existing file with different content is a ConflictException. Metadata read from an
 * added file (a Maven POM fetched after the version's jar) is written to each version that gained it,
 * so what the format's files say is stored when they arrive, whatever their order.
 */
import { commitWithBlobs, recordDomainBlob } from '../assets/asset-blobs';
import type { EngineContext } from '../context';
import { ConflictException, ValidationException } from '../errors';
import { findRepository } from '../lookups';
import { describeCoordinates, requireVersionString } from '../packages/package-coordinates';
import {
  findAsset,
  findPackage,
  findVersion,
  insertAsset,
  touchVersion,
  updateVersionMetadata,
  type VersionMetadata,
} from '../packages/package-records';
import { packageOf, repositoryNames, requireTarget, type PackageRequest } from '../packages/package-target';
import { assertDownloadableNames } from '../package-versions/downloadable-names';
import type { FormatAsset } from '../package-versions/publish-format-version';

export interface ExternalAssetsRequest extends PackageRequest {
  readonly version: string;
  readonly connection: string;
  readonly assets: readonly FormatAsset[];
  /** Other repositories of the domain whose retained copy of the version should get the files too. */
  readonly alsoIn?: readonly string[];
  /** What the added files say about the version, when they were read (written where a file was added). */
  readonly metadata?: VersionMetadata;
}

/** Returns the repositories whose version gained at least one file. */
export async function addExternalAssets(
  ctx: EngineContext,
  request: ExternalAssetsRequest,
): Promise<string[]> {
  return commitWithBlobs(ctx, request.assets, () => commit(ctx, request));
}

function commit(ctx: EngineContext, request: ExternalAssetsRequest): string[] {
  const names = repositoryNames(ctx, request);
  const coordinates = packageOf(request);
  const version = requireVersionString(coordinates.format, request.version);
  assertDownloadableNames(
    coordinates,
    version,
    request.assets.map((asset) => asset.name),
  );
  for (const asset of request.assets) {
    if (asset.blob.domain !== names.domain)
      throw new ValidationException(`Asset '${asset.name}' was stored for another domain.`);
  }
  const now = ctx.now().getTime();
  return ctx.store.write((db) => {
    const { domain, repository } = requireTarget(db, names);
    const holders = [repository];
    for (const name of request.alsoIn ?? []) {
      const other = findRepository(db, domain, name);
      if (other && !holders.some((holder) => holder.id === other.id)) holders.push(other);
    }
    const changed: string[] = [];
    for (const holder of holders) {
      const pkg = findPackage(db, holder.id, coordinates);
      const row = pkg && findVersion(db, pkg.id, version);
      if (!row || row.origin_type !== 'EXTERNAL' || row.origin_external_connection !== request.connection)
        continue;
      let added = false;
      for (const asset of request.assets) {
        const existing = findAsset(db, row.id, asset.name);
        if (existing) {
          if (existing.sha256 !== asset.blob.hashes.sha256) {
            throw new ConflictException(
              `${describeCoordinates(coordinates)} ${version}: file '${asset.name}' is already stored with different content.`,
              asset.name,
              'asset',
            );
          }
          continue;
        }
        recordDomainBlob(db, domain.id, asset.blob, now, coordinates);
        insertAsset(db, row.id, domain.id, asset.name, asset.blob.hashes.sha256, now);
        added = true;
      }
      if (added) {
        touchVersion(db, row.id, now);
        if (request.metadata) updateVersionMetadata(db, row, request.metadata, now);
        changed.push(holder.name);
      }
    }
    return changed;
  });
}
