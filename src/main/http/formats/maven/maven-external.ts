/**
 * Maven external connections (`public:maven-central` and the other `public:maven-*`) as offline
 * caches. A file is fetched from the connection's upstream URL the first time a client asks for it
 * and stored as an asset of an EXTERNAL-origin version in the repository holding the connection
 * (assets are ingested lazily, one file at a time; the POM's metadata comes with the POM), from
 * where the normal upstream path retains it in the requesting repository. A file the upstream adds
 * later to a version fetched before is fetched the same way when first asked for. The upstream's
 * maven-metadata.xml is kept whole and merged with what is stored (see externalArtifactMetadata).
 */
import type { Readable } from 'node:stream';
import { leaseBlob, storeAssetBlob, type StoredBlob } from '../../../engine/assets/asset-blobs';
import { addExternalAssets } from '../../../engine/external/add-external-assets';
import {
  externalIngestTargets,
  type ExternalIngestTarget,
} from '../../../engine/external/external-ingest-target';
import { ingestExternalVersion } from '../../../engine/external/ingest-external-version';
import { findPackage, findVersion, findAsset } from '../../../engine/packages/package-records';
import {
  packageOf,
  requireTarget,
  repositoryNames,
  type PackageRequest,
} from '../../../engine/packages/package-target';
import { searchOrder } from '../../../engine/upstreams/search-order';
import { UpstreamUnreachableError } from '../../../external/fetch-upstream';
import { fetchUpstreamFile, upstreamDocument } from '../../../external/upstream-documents';
import { notCachedMessage } from '../../../external/not-cached';
import { documentUser } from '../external-document-user';
import type { FormatRequest } from '../format-request';
import { parseUploadedMetadata, type UploadedMetadata } from './maven-metadata-xml';
import { MavenHttpError } from './maven-response';
import { pomMetadata } from './pom-metadata';
import type { VersionMetadata } from '../../../engine/packages/package-records';

const maxPomBytes = 16 * 1024 * 1024;
const maxMetadataBytes = 8 * 1024 * 1024;

/** Names of the repositories a request searches, in order (where fetched files are retained too). */
function searchedRepositories(request: FormatRequest, pkg: PackageRequest): string[] {
  const names = repositoryNames(request.ctx, pkg);
  const coordinates = packageOf(pkg);
  return request.ctx.store.read((db) => {
    const { repository } = requireTarget(db, names);
    return searchOrder(db, repository, coordinates).map((step) => step.repository.name);
  });
}

/** The stored file of `version` in `repository`, if that repository already has it. */
function storedAsset(
  request: FormatRequest,
  pkg: PackageRequest,
  repository: string,
  version: string,
  fileName: string,
) {
  const names = repositoryNames(request.ctx, { ...pkg, repository });
  const coordinates = packageOf(pkg);
  return request.ctx.store.read((db) => {
    const { repository: row } = requireTarget(db, names);
    const found = findPackage(db, row.id, coordinates);
    const versionRow = found && findVersion(db, found.id, version);
    return versionRow ? findAsset(db, versionRow.id, fileName) : undefined;
  });
}

/**
 * An upstream that cannot be reached answers 404 with the reason (Maven reports it at once and
 * carries on with its other repositories); one that answered with an error, 502.
 */
function upstreamFailure(error: unknown, what: string, upstream: string): MavenHttpError {
  const message = notCachedMessage(what, upstream, error);
  if (message === undefined)
    return new MavenHttpError(
      502,
      `${what} is not cached and fetching it failed: ${(error as Error).message}`,
    );
  return new MavenHttpError(error instanceof UpstreamUnreachableError ? 404 : 502, message);
}

/**
 * Makes `fileName` of `version` available to the requesting repository through an external
 * connection of its search order. Resolves true when the file is now stored, false when no
 * connection can have it (404); rejects with a MavenHttpError when the upstream fails (404 when it
 * is unreachable, 502 when it answered with an error).
 */
export async function fetchExternalFile(
  request: FormatRequest,
  pkg: PackageRequest,
  version: string,
  fileName: string,
  upstreamPath: string,
): Promise<boolean> {
  const targets = externalIngestTargets(request.ctx, pkg);
  if (targets.length === 0) return false;
  const alsoIn = searchedRepositories(request, pkg);
  let failure: MavenHttpError | undefined;
  for (const target of targets) {
    if (target.storedVersions.has(version)) {
      const asset = storedAsset(request, pkg, target.repository, version, fileName);
      if (asset) {
        // Fetched before for another repository: share it with the repositories this client searches.
        const blob = {
          domain: request.domain.name,
          hashes: {
            md5: asset.md5,
            sha1: asset.sha1,
            sha256: asset.sha256,
            sha512: asset.sha512,
            size: asset.size,
          },
          release: leaseBlob(request.ctx, request.domain.name, asset.sha256),
        };
        await addExternalAssets(request.ctx, {
          ...pkg,
          repository: target.repository,
          version,
          connection: target.connection,
          assets: [{ name: fileName, blob }],
          alsoIn,
        });
        return true;
      }
    }
    const base = await request.externalUpstream(target.connection);
    if (!base) continue;
    try {
      if (await fetchInto(request, pkg, target, base + upstreamPath, version, fileName, alsoIn)) return true;
    } catch (error) {
      if (error instanceof MavenHttpError) throw error;
      failure ??= upstreamFailure(error, `'${fileName}'`, base);
    }
  }
  if (failure) throw failure;
  return false;
}

async function fetchInto(
  request: FormatRequest,
  pkg: PackageRequest,
  target: ExternalIngestTarget,
  url: string,
  version: string,
  fileName: string,
  alsoIn: readonly string[],
): Promise<boolean> {
  const response = await fetchUpstreamFile(url, request.upstreamPolicy);
  if (response.status === 404) {
    response.body.destroy();
    return false;
  }
  // Streamed straight into the blob store, whatever the file's size; a POM is read back from there.
  const blob = await storeAssetBlob(request.ctx, request.domain.name, response.body);
  const metadata = fileName.endsWith('.pom') ? await storedPomMetadata(request, blob) : undefined;
  const common = { ...pkg, repository: target.repository, version, connection: target.connection };
  if (target.storedVersions.has(version)) {
    await addExternalAssets(request.ctx, { ...common, assets: [{ name: fileName, blob }], alsoIn, metadata });
  } else {
    await ingestExternalVersion(request.ctx, { ...common, assets: [{ name: fileName, blob }], metadata });
  }
  return true;
}

/**
 * What a fetched POM says, read from the stored (still leased) blob. A POM that is too large or
 * that the reader cannot parse is still served as it is; it only lacks extracted metadata.
 */
async function storedPomMetadata(
  request: FormatRequest,
  blob: StoredBlob,
): Promise<VersionMetadata | undefined> {
  if (blob.hashes.size > maxPomBytes) return undefined;
  try {
    const stream = request.ctx.store.blobs.open(blob.domain, blob.hashes.sha256);
    return pomMetadata((await collect(stream, maxPomBytes)).toString('utf8'));
  } catch {
    return undefined;
  }
}

async function collect(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > maxBytes) {
      stream.destroy();
      throw new Error(`The file is larger than ${maxBytes} bytes.`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export interface ExternalMetadata {
  readonly versions: string[];
  readonly lastUpdated?: string;
  /** Whether some upstream answered (with the metadata or a 404). */
  readonly answered: boolean;
}

/**
 * The artifact's versions as the upstreams behind the search order's external connections list
 * them: their maven-metadata.xml is kept whole in the store and revalidated after the TTL, so a
 * version published upstream later shows up, and offline the stored list is used. An upstream that
 * is unreachable with nothing stored is skipped: the caller lists what is stored.
 */
export async function externalArtifactMetadata(
  request: FormatRequest,
  pkg: PackageRequest,
  upstreamPath: string,
): Promise<ExternalMetadata & { readonly failure?: MavenHttpError }> {
  const versions: string[] = [];
  let lastUpdated: string | undefined;
  let answered = false;
  let failure: MavenHttpError | undefined;
  for (const target of externalIngestTargets(request.ctx, pkg)) {
    const base = await request.externalUpstream(target.connection);
    if (!base) continue;
    try {
      const document = await upstreamDocument(request.ctx.store, base + upstreamPath, {
        user: documentUser(request, target),
        policy: request.upstreamPolicy,
        maxBytes: maxMetadataBytes,
      });
      answered = true;
      if (document.status === 404) continue;
      let parsed: UploadedMetadata;
      try {
        parsed = parseUploadedMetadata(document.body);
      } catch {
        failure ??= new MavenHttpError(
          502,
          `The external connection's upstream sent unreadable maven-metadata.xml.`,
        );
        continue;
      }
      versions.push(...parsed.versions);
      if (parsed.lastUpdated && (!lastUpdated || parsed.lastUpdated > lastUpdated))
        lastUpdated = parsed.lastUpdated;
    } catch (error) {
      if (error instanceof UpstreamUnreachableError) continue;
      failure ??= upstreamFailure(error, 'maven-metadata.xml', base);
    }
  }
  return { versions, lastUpdated, answered, failure };
}
