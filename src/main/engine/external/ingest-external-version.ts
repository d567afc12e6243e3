/**
 * Stores a version fetched through an external connection in the repository that holds the
 * connection: origin EXTERNAL (domainEntryPoint externalConnectionName), the package created with the
 * ingested defaults (publish BLOCK, upstream ALLOW), assets already streamed by storeAssetBlob,
 * metadata from the format's files, and the deprecation message the upstream shows, if any. The
 * origin controls are checked again inside the transaction: a package whose upstream is BLOCKed, or
 * whose package group blocks EXTERNAL_UPSTREAM, refuses the version (AccessDeniedException). A
 * version the repository already has is left as it is.
 */
import type { PackageVersionStatus } from '@aws-sdk/client-codeartifact';
import { assertDownloadableNames } from '../package-versions/downloadable-names';
import { commitWithBlobs, recordDomainBlob } from '../assets/asset-blobs';
import type { EngineContext } from '../context';
import { AccessDeniedException, ValidationException } from '../errors';
import { groupOriginRefusal } from '../package-groups/origin-restrictions';
import { describeCoordinates, requireVersionString } from '../packages/package-coordinates';
import {
  ensurePackage,
  findPackage,
  findVersion,
  ingestedOriginDefaults,
  insertAsset,
  insertVersion,
  putDistTag,
  type VersionMetadata,
} from '../packages/package-records';
import { packageOf, repositoryNames, requireTarget, type PackageRequest } from '../packages/package-target';
import type { FormatAsset } from '../package-versions/publish-format-version';
import { normaliseDeprecation, writeDeprecation } from '../package-versions/deprecate-package-versions';
import { externalConnectionFormats } from '../repositories/external-connections';

export interface ExternalVersionRequest extends PackageRequest {
  readonly version: string;
  /** The external connection the version came through, e.g. `public:npmjs`. */
  readonly connection: string;
  readonly assets: readonly FormatAsset[];
  readonly metadata?: VersionMetadata;
  /** When the upstream says the version was published (defaults to now). */
  readonly publishedTime?: Date;
  /** npm dist-tags the upstream points at this version. */
  readonly distTags?: readonly string[];
  /** The deprecation message the upstream shows for the version (npm); empty means none. */
  readonly deprecated?: string;
}

export interface ExternalVersionResult {
  readonly created: boolean;
  readonly status: PackageVersionStatus;
}

export async function ingestExternalVersion(
  ctx: EngineContext,
  request: ExternalVersionRequest,
): Promise<ExternalVersionResult> {
  return commitWithBlobs(ctx, request.assets, () => commit(ctx, request));
}

function commit(ctx: EngineContext, request: ExternalVersionRequest): ExternalVersionResult {
  const names = repositoryNames(ctx, request);
  const coordinates = packageOf(request);
  const version = requireVersionString(coordinates.format, request.version);
  if (externalConnectionFormats[request.connection] !== coordinates.format) {
    throw new ValidationException(
      `External connection '${request.connection}' does not serve ${coordinates.format} packages.`,
    );
  }
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
    const connected = db.get<{ name: string }>(
      'SELECT name FROM repository_external_connections WHERE repository_id = ? AND name = ?',
      [repository.id, request.connection],
    );
    if (!connected) {
      throw new ValidationException(
        `Repository '${repository.name}' has no external connection '${request.connection}'.`,
      );
    }
    const label = `${describeCoordinates(coordinates)} ${version}`;
    const existing = findPackage(db, repository.id, coordinates);
    if (existing?.upstream === 'BLOCK') {
      throw new AccessDeniedException(
        `${label} cannot be fetched from '${request.connection}' into repository '${repository.name}': the package's origin configuration blocks upstreams (upstream: BLOCK).`,
      );
    }
    const refusal = groupOriginRefusal(db, domain, repository, coordinates, 'EXTERNAL_UPSTREAM');
    if (refusal !== undefined) {
      throw new AccessDeniedException(`${label} cannot be fetched from '${request.connection}': ${refusal}`);
    }
    const pkg = existing ?? ensurePackage(db, repository.id, coordinates, ingestedOriginDefaults, now);
    const found = findVersion(db, pkg.id, version);
    if (found) return { created: false, status: found.status };
    const row = insertVersion(
      db,
      pkg,
      {
        version,
        status: 'Published',
        publishedTime: request.publishedTime?.getTime() ?? now,
        origin: { originType: 'EXTERNAL', externalConnection: request.connection },
        metadata: request.metadata,
      },
      now,
    );
    const deprecated = normaliseDeprecation(request.deprecated);
    if (deprecated !== null) writeDeprecation(db, row.id, deprecated);
    for (const asset of request.assets) {
      recordDomainBlob(db, domain.id, asset.blob, now, coordinates);
      insertAsset(db, row.id, domain.id, asset.name, asset.blob.hashes.sha256, now);
    }
    for (const tag of request.distTags ?? []) putDistTag(db, pkg.id, tag, version, now);
    return { created: true, status: row.status };
  });
}
