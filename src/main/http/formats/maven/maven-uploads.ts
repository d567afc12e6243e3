/**
 * PUT on the Maven layout, the way `mvn deploy` publishes: files first (their version stays
 * Unfinished), then checksum files (verified against what was stored), then maven-metadata.xml,
 * which marks the deploy finished: the artifact's metadata publishes the release versions it lists,
 * a SNAPSHOT's metadata publishes the build it names.
 *
 * Snapshots: only timestamped builds are stored, each as its own package version named by its
 * timestamped version (`1.0-20240101.120000-1`). When a build's metadata arrives it becomes Published
 * and every previously Published build of the same SNAPSHOT becomes Unlisted: clients resolving
 * `1.0-SNAPSHOT` get the newest build, while a build pinned by its exact file name stays
 * downloadable.
 */
import { Readable } from 'node:stream';
import { storeAssetBlob } from '../../../engine/assets/asset-blobs';
import { ValidationException } from '../../../engine/errors';
import { publishFormatVersion } from '../../../engine/package-versions/publish-format-version';
import { updatePackageVersionsStatus } from '../../../engine/package-versions/update-package-versions-status';
import type { VersionMetadata } from '../../../engine/packages/package-records';
import { findAsset, findPackage, findVersion } from '../../../engine/packages/package-records';
import {
  packageOf,
  repositoryNames,
  requireTarget,
  type PackageRequest,
} from '../../../engine/packages/package-target';
import type { FormatRequest } from '../format-request';
import { parseUploadedMetadata } from './maven-metadata-xml';
import { buildVersion, isTimestampedSnapshotFile, parseBuildVersion, type MavenPath } from './maven-path';
import { MavenHttpError, readSmallBody } from './maven-response';
import { packageRequest } from './maven-reads';
import { pomMetadata } from './pom-metadata';

const maxPomBytes = 16 * 1024 * 1024;
const maxMetadataBytes = 8 * 1024 * 1024;

function created(request: FormatRequest): void {
  request.res.writeHead(201, { 'Content-Length': 0 });
  request.res.end();
}

/** This repository's own record of a version (no upstreams: uploads concern only the repository). */
function ownVersion(request: FormatRequest, pkg: PackageRequest, version: string, assetName?: string) {
  const names = repositoryNames(request.ctx, pkg);
  const coordinates = packageOf(pkg);
  return request.ctx.store.read((db) => {
    const { repository } = requireTarget(db, names);
    const found = findPackage(db, repository.id, coordinates);
    const row = found && findVersion(db, found.id, version);
    if (!found || !row) return undefined;
    return {
      row,
      packageId: found.id,
      asset: assetName === undefined ? undefined : findAsset(db, row.id, assetName),
    };
  });
}

/**
 * The versions of the package this repository holds Unfinished: one read, however many versions
 * maven-metadata.xml names (mvn lists every release of the artifact on each deploy).
 */
function unfinishedVersions(request: FormatRequest, pkg: PackageRequest): Set<string> {
  const names = repositoryNames(request.ctx, pkg);
  const coordinates = packageOf(pkg);
  return request.ctx.store.read((db) => {
    const { repository } = requireTarget(db, names);
    const found = findPackage(db, repository.id, coordinates);
    if (!found) return new Set<string>();
    const rows = db.all<{ version: string }>(
      "SELECT version FROM package_versions WHERE package_id = ? AND status = 'Unfinished'",
      [found.id],
    );
    return new Set(rows.map((row) => row.version));
  });
}

export async function uploadFile(
  request: FormatRequest,
  path: Extract<MavenPath, { kind: 'file' }>,
): Promise<void> {
  if (!isTimestampedSnapshotFile(path)) {
    throw new ValidationException(
      `'${path.fileName}' is a non-timestamped SNAPSHOT file; only timestamped snapshot builds ` +
        `(${path.artifactId}-${path.folderVersion.replace(/-SNAPSHOT$/, '')}-yyyyMMdd.HHmmss-N…) can be deployed.`,
    );
  }
  const pkg = packageRequest(request, path);
  if (path.checksum) return verifyChecksum(request, pkg, path);
  let metadata: VersionMetadata | undefined;
  let source: Readable = request.req;
  if (path.fileName.endsWith('.pom')) {
    const pom = await readSmallBody(request.req, maxPomBytes, 'The POM');
    metadata = pomMetadata(pom.toString('utf8'));
    source = Readable.from([pom]);
  }
  const blob = await storeAssetBlob(request.ctx, request.domain.name, source);
  await publishFormatVersion(request.ctx, {
    ...pkg,
    version: path.version,
    assets: [{ name: path.fileName, blob }],
    status: 'Unfinished',
    metadata,
  });
  created(request);
}

async function verifyChecksum(
  request: FormatRequest,
  pkg: PackageRequest,
  path: Extract<MavenPath, { kind: 'file' }>,
): Promise<void> {
  const algorithm = path.checksum;
  if (!algorithm) return;
  const body = (await readSmallBody(request.req, 4096, 'A checksum file')).toString('utf8').trim();
  const given = body.split(/\s+/)[0]?.toLowerCase() ?? '';
  const stored = ownVersion(request, pkg, path.version, path.fileName)?.asset;
  if (!stored) {
    throw new MavenHttpError(
      400,
      `Cannot check '${path.fileName}.${algorithm}': '${path.fileName}' is not stored; upload the file before its checksum.`,
    );
  }
  const expected = stored[algorithm];
  if (given !== expected) {
    throw new MavenHttpError(
      400,
      `Checksum mismatch for '${path.fileName}': the uploaded ${algorithm} is ${given || '(empty)'}, the stored file's is ${expected}.`,
    );
  }
  created(request);
}

function checkCoordinates(
  uploaded: { groupId?: string; artifactId?: string },
  path: { groupId: string; artifactId: string },
): void {
  if (
    (uploaded.groupId !== undefined && uploaded.groupId !== path.groupId) ||
    (uploaded.artifactId !== undefined && uploaded.artifactId !== path.artifactId)
  ) {
    throw new ValidationException(
      `maven-metadata.xml names ${uploaded.groupId ?? '?'}:${uploaded.artifactId ?? '?'} but was uploaded to ${path.groupId}:${path.artifactId}.`,
    );
  }
}

export async function uploadArtifactMetadata(
  request: FormatRequest,
  path: Extract<MavenPath, { kind: 'artifact-metadata' }>,
): Promise<void> {
  const body = await readSmallBody(request.req, maxMetadataBytes, 'maven-metadata.xml');
  // The checksums describe the client's copy, which is replaced by the generated file: nothing to check.
  if (path.checksum) return created(request);
  const uploaded = parseUploadedMetadata(body.toString('utf8'));
  checkCoordinates(uploaded, path);
  const pkg = packageRequest(request, path);
  const unfinished = unfinishedVersions(request, pkg);
  for (const version of uploaded.versions) {
    if (version.endsWith('-SNAPSHOT') || !unfinished.has(version)) continue;
    await publishFormatVersion(request.ctx, { ...pkg, version, assets: [], status: 'Published' });
  }
  created(request);
}

export async function uploadSnapshotMetadata(
  request: FormatRequest,
  path: Extract<MavenPath, { kind: 'snapshot-metadata' }>,
): Promise<void> {
  const body = await readSmallBody(request.req, maxMetadataBytes, 'maven-metadata.xml');
  if (path.checksum) return created(request);
  const uploaded = parseUploadedMetadata(body.toString('utf8'));
  checkCoordinates(uploaded, path);
  if (!uploaded.snapshot) {
    throw new ValidationException(
      `maven-metadata.xml of ${path.folderVersion} has no <snapshot> timestamp and buildNumber; only timestamped snapshots are supported.`,
    );
  }
  const base = path.folderVersion.replace(/-SNAPSHOT$/, '');
  const build = buildVersion(base, uploaded.snapshot.timestamp, uploaded.snapshot.buildNumber);
  const pkg = packageRequest(request, path);
  const own = ownVersion(request, pkg, build);
  if (!own) {
    throw new ValidationException(
      `maven-metadata.xml names build ${build} of ${path.groupId}:${path.artifactId}, but none of its files were uploaded.`,
    );
  }
  if (own.row.status === 'Unfinished') {
    await publishFormatVersion(request.ctx, { ...pkg, version: build, assets: [], status: 'Published' });
  }
  const others = request.ctx.store.read((db) =>
    db.all<{ version: string; status: string }>(
      'SELECT version, status FROM package_versions WHERE package_id = ?',
      [own.packageId],
    ),
  );
  const previous = others
    .filter((other) => other.version !== build && other.status === 'Published')
    .filter((other) => parseBuildVersion(other.version)?.base === base)
    .map((other) => other.version);
  if (previous.length > 0) {
    updatePackageVersionsStatus(request.ctx, {
      domain: request.domain.name,
      domainOwner: request.domain.owner,
      repository: request.repository.name,
      format: 'maven',
      namespace: path.groupId,
      package: path.artifactId,
      versions: previous,
      targetStatus: 'Unlisted',
      expectedStatus: 'Published',
    });
    await request.ctx.store.flush();
  }
  created(request);
}
