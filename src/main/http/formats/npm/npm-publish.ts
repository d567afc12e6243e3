/**
 * `npm publish`: a PUT of the packument with one new version and its tarball as a base64
 * attachment. The tarball is checked against the integrity npm computed, its package.json and README
 * give the version's metadata, and the engine's publishFormatVersion applies the origin controls and
 * the one-tarball-per-version rule (a republish is a 409 ConflictException; a blocked publish a 403).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ConflictException, ValidationException } from '../../../engine/errors';
import { findPackage, findVersion } from '../../../engine/packages/package-records';
import { packageCoordinates } from '../../../engine/packages/package-coordinates';
import { storeAssetBlob, type StoredBlob } from '../../../engine/assets/asset-blobs';
import type { EngineContext } from '../../../engine/context';
import { publishFormatVersion } from '../../../engine/package-versions/publish-format-version';
import type { FormatRequest } from '../format-request';
import { npmManifestFacts, versionMetadataOf, type Manifest } from './npm-manifest';
import { npmPackageRequest, type NpmName } from './npm-names';
import { readTarballFiles } from './tarball-reader';

/** The tarball npm sends is base64 inside JSON, a third larger than the file. */
export const maxPublishBodyBytes = 700 * 1024 * 1024;
export const npmAssetName = 'package.tgz';

function object(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function checkIntegrity(tarball: Buffer, manifest: Manifest): void {
  const dist = object(manifest.dist);
  const integrity = typeof dist?.integrity === 'string' ? dist.integrity : undefined;
  const shasum = typeof dist?.shasum === 'string' ? dist.shasum : undefined;
  if (integrity) {
    const sha512 = integrity
      .split(/\s+/)
      .find((entry) => entry.startsWith('sha512-'))
      ?.slice('sha512-'.length);
    if (sha512 && createHash('sha512').update(tarball).digest('base64') !== sha512) {
      throw new ValidationException(
        'The attached tarball does not match dist.integrity; it was damaged on the way.',
      );
    }
  }
  if (shasum && createHash('sha1').update(tarball).digest('hex') !== shasum.toLowerCase()) {
    throw new ValidationException(
      'The attached tarball does not match dist.shasum; it was damaged on the way.',
    );
  }
}

export interface PublishOutcome {
  readonly version: string;
}

/** Handles a publish body (already parsed). */
export async function publishFromBody(
  request: FormatRequest,
  name: NpmName,
  body: Record<string, unknown>,
): Promise<PublishOutcome> {
  if (body.name !== undefined && body.name !== name.full) {
    throw new ValidationException(
      `The package name in the body ('${String(body.name)}') does not match the URL ('${name.full}').`,
    );
  }
  const versions = object(body.versions) ?? {};
  const attachments = object(body._attachments) ?? {};
  const versionNames = Object.keys(versions);
  const attachmentNames = Object.keys(attachments);
  if (versionNames.length !== 1 || attachmentNames.length !== 1) {
    throw new ValidationException('A publish must carry exactly one version and one tarball attachment.');
  }
  const version = versionNames[0] ?? '';
  const manifest = object(versions[version]) ?? {};
  if (manifest.name !== undefined && manifest.name !== name.full) {
    throw new ValidationException(
      `The version's package.json names '${String(manifest.name)}', not '${name.full}'.`,
    );
  }
  const attachment = object(attachments[attachmentNames[0] ?? '']);
  if (typeof attachment?.data !== 'string')
    throw new ValidationException('The tarball attachment has no data.');
  const tarball = Buffer.from(attachment.data, 'base64');
  if (tarball.length === 0) throw new ValidationException('The tarball attachment is empty.');
  if (typeof attachment.length === 'number' && attachment.length !== tarball.length) {
    throw new ValidationException(
      `The tarball attachment is ${tarball.length} bytes, not the ${attachment.length} announced.`,
    );
  }
  checkIntegrity(tarball, manifest);

  const files = await readTarballFiles(tarball, 'The attached tarball');
  const packageJson = files.manifest ?? manifest;
  if (files.manifest && files.manifest.version !== undefined && files.manifest.version !== version) {
    throw new ValidationException(
      `The tarball's package.json is version '${String(files.manifest.version)}', not '${version}'.`,
    );
  }
  const tagsBody = object(body['dist-tags']) ?? {};
  const tags = Object.entries(tagsBody)
    .filter(([, value]) => value === version)
    .map(([tag]) => tag);

  const { ctx, domain, repository } = request;
  // npm never lets a version be published twice, even with the same bytes.
  const existing = ctx.store.read((db) => {
    const pkg = findPackage(db, repository.id, packageCoordinates('npm', name.scope, name.name));
    return pkg && findVersion(db, pkg.id, version);
  });
  if (existing) {
    throw new ConflictException(
      `${name.full}@${version} already exists in repository '${repository.name}' (${existing.status}); a version cannot be published again. Publish a new version.`,
      version,
      'package-version',
    );
  }
  const stored = await storeAssetBlob(ctx, domain.name, Readable.from([tarball]));
  await publishNpmTarball(ctx, {
    target: { domain: domain.name, domainOwner: domain.owner, repository: repository.name },
    name,
    version,
    blob: stored,
    packageJson,
    ...(files.readme !== undefined ? { readme: files.readme } : {}),
    distTags: tags.length > 0 ? tags : ['latest'],
  });
  return { version };
}

export interface NpmTarballVersion {
  readonly target: { readonly domain: string; readonly domainOwner?: string; readonly repository: string };
  readonly name: NpmName;
  readonly version: string;
  /** The tarball, already stored and leased; released whatever happens. */
  readonly blob: StoredBlob;
  /** The tarball's own package.json (else the manifest the publish carried). */
  readonly packageJson: Manifest;
  readonly readme?: string;
  readonly distTags: readonly string[];
}

/**
 * Publishes a stored tarball as a local npm version: the one place an npm version's facts
 * (packument fields kept with the blob) and metadata are taken from its package.json.
 */
export async function publishNpmTarball(ctx: EngineContext, request: NpmTarballVersion): Promise<void> {
  // Recorded with the blob, so packuments never open the tarball again.
  const blob = { ...request.blob, facts: npmManifestFacts(request.packageJson) };
  await publishFormatVersion(ctx, {
    ...request.target,
    ...npmPackageRequest(request.name),
    version: request.version,
    assets: [{ name: npmAssetName, blob }],
    metadata: versionMetadataOf(request.packageJson, request.readme),
    distTags: request.distTags,
  });
}
