/**
 * File downloads: `files/{project}/{version}/{filename}`. A file is served when the version the
 * repository resolves (itself, then its upstreams, retaining what it serves) is Published or
 * Unlisted and holds the file. A file not stored anywhere yet is fetched through the `public:pypi`
 * connection of the search order, checked against the upstream's SHA-256, stored as an
 * EXTERNAL-origin version (or added to one), and then served through the same path.
 */
import { PassThrough } from 'node:stream';
import { resolvePackageVersion, storeAssetBlob } from '../../../engine';
import { sendAsset } from '../send-asset';
import { addExternalAssets } from '../../../engine/external/add-external-assets';
import { ingestExternalVersion } from '../../../engine/external/ingest-external-version';
import { AccessDeniedException, ResourceNotFoundException } from '../../../engine/errors';
import { UpstreamResponseError } from '../../../external/fetch-upstream';
import { fetchUpstreamFile } from '../../../external/upstream-documents';
import type { FormatRequest } from '../format-request';
import { packageRequest } from './project-files';
import type { StoredBlob } from '../../../engine/assets/asset-blobs';
import type { VersionMetadata } from '../../../engine/packages/package-records';
import { metadataFromFields, requiresPythonDependency } from './upload-metadata';
import { coreMetadataFile, parseCoreMetadata, withMetadataFact } from './core-metadata';
import { downloadableStatuses } from '../../../engine/assets/get-package-version-asset';
import { blobSource } from '../../../archives';
import { withExternalFile } from './external-file';
import { HttpProblem } from './http-problem';

function contentTypeOf(filename: string): string {
  if (filename.endsWith('.whl') || filename.endsWith('.zip') || filename.endsWith('.egg'))
    return 'application/zip';
  if (filename.endsWith('.tar.gz') || filename.endsWith('.tgz')) return 'application/gzip';
  return 'application/octet-stream';
}

/** The core metadata file of a fetched file, or undefined when it has none or it cannot be read. */
async function fetchedMetadataFile(
  request: FormatRequest,
  filename: string,
  blob: StoredBlob,
): Promise<Buffer | undefined> {
  try {
    // The blob is leased until the ingest commits, so its file is there to read back.
    const source = blobSource(
      request.ctx.store.blobs,
      request.domain.name,
      blob.hashes.sha256,
      blob.hashes.size,
    );
    return await coreMetadataFile(source, filename);
  } catch {
    // An upstream file that cannot be read still installs; it only has less metadata.
    return undefined;
  }
}

/**
 * The metadata of a fetched file: its own METADATA or PKG-INFO when it can be read, else only the
 * Requires-Python the upstream page gave.
 */
function fetchedMetadata(
  metadataFile: Buffer | undefined,
  requiresPython: string | undefined,
): VersionMetadata | undefined {
  if (metadataFile) {
    const withPython = new Map(parseCoreMetadata(metadataFile.toString('utf8')));
    if (!withPython.has('requires_python') && requiresPython)
      withPython.set('requires_python', [requiresPython]);
    return metadataFromFields(withPython);
  }
  return requiresPython
    ? { dependencies: [{ ...requiresPythonDependency, versionRequirement: requiresPython }] }
    : undefined;
}

type Lookup =
  | { readonly kind: 'served' }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'absent'; readonly versionKnown: boolean };

async function serveStored(
  request: FormatRequest,
  project: string,
  version: string,
  filename: string,
): Promise<Lookup> {
  const { ctx } = request;
  const resolved = resolvePackageVersion(ctx, { ...packageRequest(request, project), version });
  if (!resolved) return { kind: 'absent', versionKnown: false };
  const asset = resolved.assets.find((candidate) => candidate.name === filename);
  if (!downloadableStatuses.has(resolved.status)) {
    return {
      kind: 'refused',
      message: `${project} ${version} is ${resolved.status}; its files cannot be downloaded.`,
    };
  }
  if (!asset) return { kind: 'absent', versionKnown: resolved.origin.originType !== 'EXTERNAL' };
  await sendAsset(request, asset, contentTypeOf(filename), `asset '${filename}' of ${project} ${version}`);
  return { kind: 'served' };
}

/** Fetches the file through the first external connection that may provide it; false when none has it. */
async function fetchExternal(
  request: FormatRequest,
  project: string,
  version: string,
  filename: string,
): Promise<boolean> {
  const { ctx } = request;
  const pkgRequest = packageRequest(request, project);
  // Unreachable: a 404 pip reports at once (it retries some 5xx answers); a bad answer: 502.
  const what = `File '${filename}' of ${project} ${version}`;
  return withExternalFile(request, { project, version, filename }, what, async (file, target) => {
    const response = await fetchUpstreamFile(file.url, request.upstreamPolicy, { idleTimeoutMs: 30_000 });
    if (response.status === 404) {
      response.body.resume();
      return false;
    }
    // The upstream body already flows (its idle timer listens for data): capture it in this tick.
    const body = response.body.pipe(new PassThrough());
    response.body.on('error', (error) => body.destroy(error));
    let blob;
    try {
      blob = await storeAssetBlob(ctx, request.domain.name, body, { expectedSha256: file.sha256 });
    } catch (error) {
      if ((error as Error).name === 'BlobDigestMismatchError') {
        throw new UpstreamResponseError(
          `The upstream file ${file.url} does not match its published SHA-256.`,
          502,
        );
      }
      throw error;
    }
    const holder = { ...pkgRequest, repository: target.repository, version, connection: target.connection };
    const metadataFile = await fetchedMetadataFile(request, filename, blob);
    const asset = { name: filename, blob: withMetadataFact(blob, filename, metadataFile) };
    if (target.storedVersions.has(version)) {
      await addExternalAssets(ctx, { ...holder, assets: [asset], alsoIn: [request.repository.name] });
    } else {
      await ingestExternalVersion(ctx, {
        ...holder,
        assets: [asset],
        metadata: fetchedMetadata(metadataFile, file.requiresPython),
      });
    }
    return true;
  });
}

export async function handleDownload(
  request: FormatRequest,
  project: string,
  version: string,
  filename: string,
): Promise<void> {
  const first = await serveStored(request, project, version, filename);
  if (first.kind === 'served') return;
  if (first.kind === 'refused') throw new HttpProblem(404, first.message);
  if (!first.versionKnown) {
    try {
      if (await fetchExternal(request, project, version, filename)) {
        const second = await serveStored(request, project, version, filename);
        if (second.kind === 'served') return;
        if (second.kind === 'refused') throw new HttpProblem(404, second.message);
      }
    } catch (error) {
      if (error instanceof AccessDeniedException) throw new HttpProblem(403, error.message);
      throw error;
    }
  }
  throw new ResourceNotFoundException(
    `File '${filename}' of ${project} ${version} does not exist.`,
    filename,
    'asset',
  );
}
