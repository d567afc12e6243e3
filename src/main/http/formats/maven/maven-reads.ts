/**
 * GET and HEAD on the Maven layout: files (through upstreams and external connections, retained in
 * the requesting repository), their checksums from the stored hashes, and the generated
 * maven-metadata.xml files. Status rules: Published and Unlisted files are downloadable by exact
 * path, only Published versions are listed; Unfinished, Archived and Disposed ones are neither.
 */
import { createHash } from 'node:crypto';
import { openLeasedAsset } from '../../../engine/assets/open-asset';
import { packageOf, type PackageRequest } from '../../../engine/packages/package-target';
import { externalIngestTargets } from '../../../engine/external/external-ingest-target';
import { findPackage, type StoredVersionStatus } from '../../../engine/packages/package-records';
import { versionSortKey } from '../../../engine/package-versions/version-order';
import { searchOrder } from '../../../engine/upstreams/search-order';
import { documentCacheOf, packageGeneration } from '../document-cache';
import {
  resolvePackageVersion,
  servableStatuses,
  type ResolvedAsset,
} from '../../../engine/upstreams/resolve-package-version';
import { listPackageVersionsThroughUpstreams } from '../../../engine/upstreams/versions-through-upstreams';
import type { FormatRequest } from '../format-request';
import { externalArtifactMetadata, fetchExternalFile } from './maven-external';
import {
  lastUpdatedStamp,
  renderArtifactMetadata,
  renderSnapshotMetadata,
  snapshotFileParts,
} from './maven-metadata-xml';
import {
  folderVersionOf,
  isTimestampedSnapshotFile,
  layoutPath,
  parseBuildVersion,
  type ChecksumAlgorithm,
  type MavenPath,
} from './maven-path';
import { MavenHttpError, writeBytes, writeStream } from './maven-response';
import {
  answeredNotModified,
  changingFile,
  immutableFile,
  keptDocument,
  type Cacheable,
} from '../http-caching';

export function packageRequest(
  request: FormatRequest,
  path: { groupId: string; artifactId: string },
): PackageRequest {
  return {
    domain: request.domain.name,
    domainOwner: request.domain.owner,
    repository: request.repository.name,
    format: 'maven',
    namespace: path.groupId,
    package: path.artifactId,
  };
}

const hashKeys: Record<ChecksumAlgorithm, 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-512'> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
};

export function checksumOf(asset: ResolvedAsset, algorithm: ChecksumAlgorithm): string {
  const value = asset.hashes?.[hashKeys[algorithm]];
  if (!value) throw new Error(`asset ${asset.name} has no ${algorithm} hash`);
  return value;
}

function digest(bytes: Buffer, algorithm: ChecksumAlgorithm): string {
  return createHash(algorithm).update(bytes).digest('hex');
}

/** The raw path without a checksum suffix: the file a checksum describes. */
function withoutChecksum(request: FormatRequest, checksum: ChecksumAlgorithm | undefined): string {
  const path = request.path.replace(/\/+$/, '');
  return checksum ? path.slice(0, -(checksum.length + 1)) : path;
}

type Located =
  | { readonly kind: 'found'; readonly asset: ResolvedAsset }
  | { readonly kind: 'hidden'; readonly status: string }
  | { readonly kind: 'missing' };

/**
 * The file as the requesting repository serves it. Synchronous on purpose: with `open` the lease on
 * the blob is taken in the same tick as the read that found it.
 */
function locate(request: FormatRequest, pkg: PackageRequest, version: string, fileName: string): Located {
  const resolved = resolvePackageVersion(request.ctx, { ...pkg, version });
  if (!resolved) return { kind: 'missing' };
  if (!servableStatuses.has(resolved.status)) return { kind: 'hidden', status: resolved.status };
  const asset = resolved.assets.find((candidate) => candidate.name === fileName);
  return asset ? { kind: 'found', asset } : { kind: 'missing' };
}

function notFound(path: Extract<MavenPath, { kind: 'file' }>, detail = ''): MavenHttpError {
  return new MavenHttpError(
    404,
    `${path.groupId}:${path.artifactId}:${path.folderVersion} has no file '${path.fileName}'${detail}.`,
  );
}

/** The current (Published) build of a SNAPSHOT, as the requesting repository sees it. */
function currentBuild(
  pkg: PackageRequest,
  request: FormatRequest,
  folderVersion: string,
): string | undefined {
  const listing = listPackageVersionsThroughUpstreams(request.ctx, pkg);
  const base = folderVersion.slice(0, -'-SNAPSHOT'.length);
  let best: { version: string; key: string } | undefined;
  for (const entry of listing?.versions ?? []) {
    if (entry.status !== 'Published') continue;
    const build = parseBuildVersion(entry.version);
    if (!build || build.base !== base) continue;
    const key = `${build.timestamp}-${String(build.buildNumber).padStart(10, '0')}`;
    if (!best || key > best.key) best = { version: entry.version, key };
  }
  return best?.version;
}

export async function serveFile(
  request: FormatRequest,
  path: Extract<MavenPath, { kind: 'file' }>,
): Promise<void> {
  const pkg = packageRequest(request, path);
  let version = path.version;
  let fileName = path.fileName;
  if (!isTimestampedSnapshotFile(path)) {
    // `foo-1.0-SNAPSHOT.jar` stands for the same file of the current build.
    const build = currentBuild(pkg, request, path.folderVersion);
    const prefix = `${path.artifactId}-${path.folderVersion}`;
    if (!build || !fileName.startsWith(prefix)) throw notFound(path);
    version = build;
    fileName = `${path.artifactId}-${build}${fileName.slice(prefix.length)}`;
  }
  let located = locate(request, pkg, version, fileName);
  if (located.kind === 'missing') {
    const upstreamPath = layoutPath(withoutChecksum(request, path.checksum));
    if (await fetchExternalFile(request, pkg, version, fileName, upstreamPath)) {
      located = locate(request, pkg, version, fileName);
    }
  }
  if (located.kind === 'hidden') throw notFound(path, ` (the version is ${located.status})`);
  if (located.kind !== 'found') throw notFound(path);
  const { asset } = located;
  if (path.checksum) {
    writeBytes(
      request,
      `${fileName}.${path.checksum}`,
      Buffer.from(checksumOf(asset, path.checksum), 'utf8'),
    );
    return;
  }
  // Located again in the same tick as the open, so the lease covers the blob the read found.
  const again = locate(request, pkg, version, fileName);
  if (again.kind !== 'found') throw notFound(path);
  // A release or timestamped build file never changes; `-SNAPSHOT` names whatever build is current.
  const cacheable = isTimestampedSnapshotFile(path)
    ? immutableFile(again.asset.sha256, again.asset.storedTime)
    : changingFile(again.asset.sha256, again.asset.storedTime);
  if (answeredNotModified(request.req, request.res, cacheable)) return;
  await writeStream(
    request,
    fileName,
    again.asset.size,
    openLeasedAsset(
      request.ctx,
      request.domain.name,
      again.asset.sha256,
      `asset '${fileName}' of ${pkg.namespace ?? ''}:${pkg.package ?? ''} ${version}`,
    ),
    cacheable,
  );
}

/**
 * The Published versions of an artifact through the search order (each version from the first
 * repository that has it, as resolution takes it), as folder versions with their sort keys, and the
 * newest publication time: one narrow query per repository searched, whatever the number of versions.
 */
function publishedFolderVersions(
  request: FormatRequest,
  pkg: PackageRequest,
): { versions: Map<string, string>; newest: number } {
  const coordinates = packageOf(pkg);
  const versions = new Map<string, string>();
  let newest = 0;
  request.ctx.store.read((db) => {
    const claimed = new Set<string>();
    for (const step of searchOrder(db, request.repository, coordinates)) {
      const found = findPackage(db, step.repository.id, coordinates);
      if (!found) continue;
      const local = step.via.length === 0;
      const rows = db.all<{
        version: string;
        sort_key: string;
        status: StoredVersionStatus;
        published_time: number;
      }>('SELECT version, sort_key, status, published_time FROM package_versions WHERE package_id = ?', [
        found.id,
      ]);
      const taken = rows.filter(
        (row) => !claimed.has(row.version) && (local || servableStatuses.has(row.status)),
      );
      for (const row of taken) {
        claimed.add(row.version);
        if (row.status !== 'Published') continue;
        const folder = folderVersionOf(row.version);
        if (!versions.has(folder))
          versions.set(folder, folder === row.version ? row.sort_key : versionSortKey('maven', folder));
        newest = Math.max(newest, row.published_time);
      }
    }
  });
  return { versions, newest };
}

/**
 * An artifact's maven-metadata.xml (and its checksums). Made of stored versions only, it is kept
 * whole (memory and `cache/documents/`) with the package's generation as its validator, as npm
 * packuments and PyPI pages are; merged with an external connection's listing, it is built each time.
 */
export async function serveArtifactMetadata(
  request: FormatRequest,
  path: Extract<MavenPath, { kind: 'artifact-metadata' }>,
): Promise<void> {
  const pkg = packageRequest(request, path);
  const { ctx } = request;
  const cacheable = externalIngestTargets(ctx, pkg).length === 0;
  const cache = documentCacheOf(ctx.store);
  const key = `maven\n${request.repository.id}\n${path.groupId}\n${path.artifactId}`;
  const generation = (): string => ctx.store.read((db) => packageGeneration(db, packageOf(pkg)));
  const validator = generation();
  const document = cacheable ? keptDocument(`${key}\n${path.checksum ?? ''}`, validator) : undefined;
  if (document && answeredNotModified(request.req, request.res, document)) return;
  const kept = document ? await cache.whole(key, validator) : undefined;
  if (kept) return writeMetadata(request, kept, path.checksum, document);
  const stored = publishedFolderVersions(request, pkg);
  const versions = new Set(stored.versions.keys());
  let lastUpdated = lastUpdatedStamp(new Date(stored.newest));
  const external = await externalArtifactMetadata(
    request,
    pkg,
    layoutPath(withoutChecksum(request, path.checksum)),
  );
  for (const version of external.versions) versions.add(version);
  if (external.lastUpdated && /^\d{14}$/.test(external.lastUpdated) && external.lastUpdated > lastUpdated)
    lastUpdated = external.lastUpdated;
  if (versions.size === 0) {
    if (external.failure) throw external.failure;
    throw new MavenHttpError(404, `${path.groupId}:${path.artifactId} has no published versions.`);
  }
  const body = Buffer.from(
    renderArtifactMetadata({
      groupId: path.groupId,
      artifactId: path.artifactId,
      versions: [...versions],
      sortKeys: stored.versions,
      lastUpdated,
    }),
    'utf8',
  );
  writeMetadata(request, body, path.checksum, document);
  if (cacheable) await cache.keep(ctx.store, key, validator, generation, body);
}

export function serveSnapshotMetadata(
  request: FormatRequest,
  path: Extract<MavenPath, { kind: 'snapshot-metadata' }>,
): void {
  const pkg = packageRequest(request, path);
  const build = currentBuild(pkg, request, path.folderVersion);
  const resolved = build
    ? resolvePackageVersion(request.ctx, { ...pkg, version: build }, { retain: false })
    : undefined;
  const parts = build ? parseBuildVersion(build) : undefined;
  if (!build || !resolved || !parts) {
    throw new MavenHttpError(
      404,
      `${path.groupId}:${path.artifactId}:${path.folderVersion} has no published build.`,
    );
  }
  const updated = lastUpdatedStamp(resolved.publishedTime);
  const files = resolved.assets.flatMap((asset) => {
    const split = snapshotFileParts(path.artifactId, build, asset.name);
    return split ? [{ ...split, value: build, updated }] : [];
  });
  const body = Buffer.from(
    renderSnapshotMetadata({
      groupId: path.groupId,
      artifactId: path.artifactId,
      version: path.folderVersion,
      timestamp: parts.timestamp,
      buildNumber: parts.buildNumber,
      lastUpdated: updated,
      files,
    }),
    'utf8',
  );
  writeMetadata(request, body, path.checksum);
}

function writeMetadata(
  request: FormatRequest,
  body: Buffer,
  checksum: ChecksumAlgorithm | undefined,
  cacheable?: Cacheable,
): void {
  if (checksum)
    writeBytes(
      request,
      `maven-metadata.xml.${checksum}`,
      Buffer.from(digest(body, checksum), 'utf8'),
      cacheable,
    );
  else writeBytes(request, 'maven-metadata.xml', body, cacheable);
}
