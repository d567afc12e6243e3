/**
 * The engine call the format endpoints (npm, PyPI, Maven, NuGet, Cargo, RubyGems, Swift) publish
 * through: create a version, or extend one, with assets already stored by `storeAssetBlob` and with
 * the metadata the format's files carried (readme, dependencies, licences, summary, home page, source
 * repository, display name) and, for npm, the dist-tags to point at it.
 *
 * The same rules as PublishPackageVersion apply: origin controls (publish: BLOCK refuses with
 * AccessDeniedException), an identical asset is a no-op, a different one under an existing name is a
 * ConflictException, Archived and Disposed versions take nothing, and a Published version never goes
 * back to Unfinished. Format rules on top: an npm version holds exactly one asset (the tarball); PyPI
 * and Maven versions may gain assets after they are Published; other formats only while Unfinished.
 */
import type { AssetSummary, PackageFormat, PackageVersionStatus } from '@aws-sdk/client-codeartifact';
import { commitWithBlobs, recordDomainBlob, type StoredBlob } from '../assets/asset-blobs';
import { assetSummary } from '../assets/asset-summary';
import type { EngineContext } from '../context';
import { AccessDeniedException, ConflictException, ValidationException } from '../errors';
import { assertDownloadableNames } from './downloadable-names';
import { assertGroupAllowsPublish } from '../package-groups/origin-restrictions';
import { describeCoordinates, namespaceOf, requireVersionString } from '../packages/package-coordinates';
import { checkDistTagName } from '../packages/dist-tags';
import {
  findAsset,
  findPackage,
  findVersion,
  insertAsset,
  insertPackage,
  insertVersion,
  listAssets,
  publishedOriginDefaults,
  putDistTag,
  setVersionStatus,
  touchVersion,
  updateVersionMetadata,
  type VersionMetadata,
} from '../packages/package-records';
import { packageOf, repositoryNames, requireTarget, type PackageRequest } from '../packages/package-target';

/** Formats whose versions hold a single asset. */
const singleAssetFormats: ReadonlySet<PackageFormat> = new Set(['npm']);
/** Formats whose Published versions can still gain assets (a wheel added next to an sdist, a classifier jar). */
const growingFormats: ReadonlySet<PackageFormat> = new Set(['pypi', 'maven']);

export interface FormatAsset {
  readonly name: string;
  /** Leased by storeAssetBlob; the call releases it whatever happens. */
  readonly blob: StoredBlob;
}

export interface FormatPublishRequest extends PackageRequest {
  readonly version: string;
  readonly assets: readonly FormatAsset[];
  /** What the version becomes once these assets are in (default Published). */
  readonly status?: 'Published' | 'Unfinished';
  readonly metadata?: VersionMetadata;
  /** npm dist-tags to point at this version. */
  readonly distTags?: readonly string[];
}

export interface FormatPublishResult {
  readonly format: PackageFormat;
  readonly namespace?: string;
  readonly package: string;
  readonly version: string;
  readonly status: PackageVersionStatus;
  readonly revision: string;
  /** Whether this call created the version. */
  readonly created: boolean;
  /** Every asset the version now holds. */
  readonly assets: AssetSummary[];
}

export async function publishFormatVersion(
  ctx: EngineContext,
  request: FormatPublishRequest,
): Promise<FormatPublishResult> {
  return commitWithBlobs(ctx, request.assets, () => commit(ctx, request));
}

function commit(ctx: EngineContext, request: FormatPublishRequest): FormatPublishResult {
  const names = repositoryNames(ctx, request);
  const coordinates = packageOf(request);
  const versionName = requireVersionString(coordinates.format, request.version);
  const label = `${describeCoordinates(coordinates)} ${versionName}`;
  const target = request.status ?? 'Published';
  const assetNames = request.assets.map((asset) => asset.name);
  if (new Set(assetNames).size !== assetNames.length)
    throw new ValidationException(`${label}: an asset name is given twice.`);
  assertDownloadableNames(coordinates, versionName, assetNames);
  if (singleAssetFormats.has(coordinates.format) && request.assets.length > 1) {
    throw new ValidationException(`${label}: a ${coordinates.format} version holds exactly one asset.`);
  }
  for (const asset of request.assets) {
    if (asset.blob.domain !== names.domain) {
      throw new ValidationException(`${label}: asset '${asset.name}' was stored for another domain.`);
    }
  }
  const tags = (request.distTags ?? []).map((tag) => checkDistTagName(coordinates.format, tag));
  const now = ctx.now().getTime();

  return ctx.store.write((db) => {
    const { domain, repository } = requireTarget(db, names);
    const existingPackage = findPackage(db, repository.id, coordinates);
    if (existingPackage?.publish === 'BLOCK') {
      throw new AccessDeniedException(
        `Publishing ${describeCoordinates(coordinates)} to repository '${repository.name}' is blocked by its origin configuration (publish: BLOCK).`,
      );
    }
    assertGroupAllowsPublish(db, domain, repository, coordinates);
    const pkg =
      existingPackage ?? insertPackage(db, repository.id, coordinates, publishedOriginDefaults, now);
    let version = findVersion(db, pkg.id, versionName);
    const created = version === undefined;
    const fresh = request.assets.filter((asset) => {
      const existing = version && findAsset(db, version.id, asset.name);
      if (existing && existing.sha256 !== asset.blob.hashes.sha256) {
        throw new ConflictException(
          `${label}: asset '${asset.name}' already exists with different content; an asset cannot be replaced.`,
          asset.name,
          'asset',
        );
      }
      return !existing;
    });
    if (version) {
      if (version.status === 'Archived' || version.status === 'Disposed') {
        throw new ConflictException(
          `${label} is ${version.status} and cannot take new content.`,
          versionName,
          'package-version',
        );
      }
      if (
        fresh.length > 0 &&
        singleAssetFormats.has(coordinates.format) &&
        listAssets(db, version.id).length > 0
      ) {
        throw new ConflictException(
          `${label} already exists; a ${coordinates.format} version cannot be published again.`,
          versionName,
          'package-version',
        );
      }
      if (fresh.length > 0 && version.status !== 'Unfinished' && !growingFormats.has(coordinates.format)) {
        throw new ConflictException(
          `${label} is ${version.status}; assets can only be added while it is Unfinished.`,
          versionName,
          'package-version',
        );
      }
    } else {
      version = insertVersion(
        db,
        pkg,
        {
          version: versionName,
          status: target,
          publishedTime: now,
          origin: { originType: 'INTERNAL', repository: repository.name },
          // The name as published is what displayName reports when normalisation changed it (PyPI, NuGet…).
          metadata:
            request.metadata?.displayName === undefined && request.package !== coordinates.name
              ? { ...request.metadata, displayName: request.package }
              : request.metadata,
        },
        now,
      );
    }
    for (const asset of fresh) {
      recordDomainBlob(db, domain.id, asset.blob, now, coordinates);
      insertAsset(db, version.id, domain.id, asset.name, asset.blob.hashes.sha256, now);
    }
    if (!created) {
      // A metadata update already gives the version a new revision and update time.
      const updated = request.metadata ? updateVersionMetadata(db, version, request.metadata, now) : false;
      if (version.status === 'Unfinished' && target === 'Published')
        setVersionStatus(db, version, 'Published', now);
      else if (fresh.length > 0 && !updated) touchVersion(db, version.id, now);
    }
    for (const tag of tags) putDistTag(db, pkg.id, tag, versionName, now);
    // A version this call created is the row its insert returned, holding exactly the fresh assets;
    // one that existed is read again, since it may have changed above.
    const row = created ? version : findVersion(db, pkg.id, versionName);
    if (!row) throw new Error('the published version vanished inside its own transaction');
    const assets = created
      ? byName(fresh).map((asset) => assetSummary(asset.name, asset.blob.hashes))
      : listAssets(db, row.id).map((asset) => assetSummary(asset.name, asset));
    return {
      format: pkg.format,
      namespace: namespaceOf(pkg),
      package: pkg.name,
      version: row.version,
      status: row.status,
      revision: row.revision,
      created,
      assets,
    };
  });
}

/** Assets in the order `ORDER BY name` lists them (SQLite compares text as UTF-8 bytes). */
function byName(assets: readonly FormatAsset[]): readonly FormatAsset[] {
  if (assets.length < 2) return assets;
  return [...assets].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
}
