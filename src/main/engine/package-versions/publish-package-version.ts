/**
 * PublishPackageVersion: adds one asset to a generic package version, creating the package and the
 * version on first use. The body streams into the blob store while its four hashes are computed and
 * its SHA-256 is checked against the one the request declared; the package, version and asset rows
 * are then written in one transaction. Everything that can be decided without the bytes (the
 * repository exists, publishing is allowed, the version can take this asset) is decided before the
 * body is read, and decided again at commit time in case another request changed things meanwhile.
 */
import type { PublishPackageVersionResult } from '@aws-sdk/client-codeartifact';
import type { OperationInput } from '../../../shared/operations';
import { assetSource } from '../assets/asset-content';
import { recordDomainBlob, storeAssetBlob, type StoredBlob } from '../assets/asset-blobs';
import { checkGenericAssetName } from '../assets/asset-names';
import { assetSummary } from '../assets/asset-summary';
import { blobError } from '../assets/blob-errors';
import type { EngineContext } from '../context';
import { AccessDeniedException, ConflictException, ValidationException } from '../errors';
import { requireMember } from '../input';
import { assertGroupAllowsPublish } from '../package-groups/origin-restrictions';
import {
  describeCoordinates,
  namespaceOf,
  requireVersionString,
  type PackageCoordinates,
} from '../packages/package-coordinates';
import {
  ensurePackage,
  findAsset,
  findPackage,
  findVersion,
  insertAsset,
  insertVersion,
  publishedOriginDefaults,
  setVersionStatus,
  touchVersion,
  type AssetRow,
  type PackageRow,
  type VersionRow,
} from '../packages/package-records';
import { packageOf, repositoryNames, requireTarget, type RepositoryNames } from '../packages/package-target';
import type { Db } from '../../store/types';

/** CodeArtifact's limit for one generic asset: 5 GB. */
export const maxGenericAssetBytes = 5 * 1024 ** 3;

interface PublishRequest {
  readonly names: RepositoryNames;
  readonly coordinates: PackageCoordinates;
  readonly version: string;
  readonly assetName: string;
  readonly sha256: string;
  readonly unfinished: boolean;
}

/** What the publish will do, judged from the current state. */
type Plan =
  | {
      readonly kind: 'unchanged';
      readonly pkg: PackageRow;
      readonly version: VersionRow;
      readonly asset: AssetRow;
    }
  /** The asset is already there; the version only goes from Unfinished to Published. */
  | {
      readonly kind: 'finish';
      readonly pkg: PackageRow;
      readonly version: VersionRow;
      readonly asset: AssetRow;
    }
  | { readonly kind: 'upload' };

function plan(db: Db, request: PublishRequest): Plan {
  const { domain, repository } = requireTarget(db, request.names);
  const pkg = findPackage(db, repository.id, request.coordinates);
  const packageName = describeCoordinates(request.coordinates);
  if (pkg?.publish === 'BLOCK') {
    throw new AccessDeniedException(
      `Publishing to package '${packageName}' in repository '${repository.name}' is blocked by its origin configuration (publish: BLOCK).`,
    );
  }
  // The package's group must allow publishing to this repository too.
  assertGroupAllowsPublish(db, domain, repository, request.coordinates);
  const version = pkg && findVersion(db, pkg.id, request.version);
  if (!pkg || !version) return { kind: 'upload' };
  const existing = findAsset(db, version.id, request.assetName);
  if (existing && existing.sha256 !== request.sha256) {
    throw new ConflictException(
      `Asset '${request.assetName}' of ${packageName} ${request.version} already exists with different content ` +
        `(SHA-256 ${existing.sha256}); an asset cannot be replaced.`,
      request.assetName,
      'asset',
    );
  }
  if (existing) {
    return version.status === 'Unfinished' && !request.unfinished
      ? { kind: 'finish', pkg, version, asset: existing }
      : { kind: 'unchanged', pkg, version, asset: existing };
  }
  if (version.status !== 'Unfinished') {
    throw new ConflictException(
      `Version ${request.version} of ${packageName} is ${version.status}; assets can only be added while a version is Unfinished.`,
      request.version,
      'package-version',
    );
  }
  return { kind: 'upload' };
}

function result(pkg: PackageRow, version: VersionRow, asset: AssetRow): PublishPackageVersionResult {
  return {
    format: pkg.format,
    namespace: namespaceOf(pkg),
    package: pkg.name,
    version: version.version,
    versionRevision: version.revision,
    status: version.status,
    asset: assetSummary(asset.name, asset),
  };
}

function refetch(db: Db, pkg: PackageRow, version: string, assetName: string) {
  const row = findVersion(db, pkg.id, version);
  const asset = row && findAsset(db, row.id, assetName);
  if (!row || !asset) throw new Error('the published version vanished inside its own transaction');
  return result(pkg, row, asset);
}

function commit(
  ctx: EngineContext,
  request: PublishRequest,
  blob: StoredBlob | undefined,
): PublishPackageVersionResult {
  const now = ctx.now().getTime();
  return ctx.store.write((db) => {
    const current = plan(db, request);
    if (current.kind === 'unchanged') return result(current.pkg, current.version, current.asset);
    if (current.kind === 'finish') {
      setVersionStatus(db, current.version, 'Published', now);
      return refetch(db, current.pkg, request.version, request.assetName);
    }
    if (!blob) throw new Error('an upload was planned without the uploaded blob');
    const { domain, repository } = requireTarget(db, request.names);
    const pkg = ensurePackage(db, repository.id, request.coordinates, publishedOriginDefaults, now);
    let version = findVersion(db, pkg.id, request.version);
    recordDomainBlob(db, domain.id, blob, now, request.coordinates);
    if (!version) {
      version = insertVersion(
        db,
        pkg,
        {
          version: request.version,
          status: request.unfinished ? 'Unfinished' : 'Published',
          publishedTime: now,
          origin: { originType: 'INTERNAL', repository: repository.name },
        },
        now,
      );
      insertAsset(db, version.id, domain.id, request.assetName, blob.hashes.sha256, now);
    } else {
      insertAsset(db, version.id, domain.id, request.assetName, blob.hashes.sha256, now);
      if (!request.unfinished) setVersionStatus(db, version, 'Published', now);
      else touchVersion(db, version.id, now);
    }
    return refetch(db, pkg, request.version, request.assetName);
  });
}

export async function publishPackageVersion(
  ctx: EngineContext,
  input: OperationInput<'PublishPackageVersion'>,
): Promise<PublishPackageVersionResult> {
  const names = repositoryNames(ctx, input);
  const coordinates = packageOf(input);
  if (coordinates.format !== 'generic') {
    throw new ValidationException(
      `PublishPackageVersion publishes generic packages only; publish ${coordinates.format} packages with the ${coordinates.format} client.`,
    );
  }
  const sha256 = requireMember(input.assetSHA256, 'assetSHA256');
  if (!/^[0-9a-f]{64}$/.test(sha256)) {
    throw new ValidationException(
      'assetSHA256 must be the SHA-256 of the asset as 64 lower-case hex digits.',
    );
  }
  if (input.assetContent === undefined || input.assetContent === null) {
    throw new ValidationException(`The request is missing the required member 'assetContent'.`);
  }
  const request: PublishRequest = {
    names,
    coordinates,
    version: requireVersionString(coordinates.format, input.packageVersion),
    assetName: checkGenericAssetName(input.assetName),
    sha256,
    unfinished: input.unfinished === true,
  };

  const before = ctx.store.read((db) => plan(db, request));
  // An identical asset is already there: nothing to store, so the body is not read at all.
  if (before.kind !== 'upload') return commit(ctx, request, undefined);

  let blob: StoredBlob;
  try {
    blob = await storeAssetBlob(ctx, names.domain, assetSource(input.assetContent), {
      expectedSha256: sha256,
      maxBytes: maxGenericAssetBytes,
    });
  } catch (error) {
    throw blobError(error, request.assetName);
  }
  try {
    return commit(ctx, request, blob);
  } finally {
    await blob.release();
  }
}
