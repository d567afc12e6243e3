/**
 * npm's external connection (`public:npmjs`) as an offline cache. The upstream's packument is kept
 * whole (every version, every dist-tag) and revalidated after the TTL, so new versions show up and,
 * offline, versions never downloaded are still listed; versions the repository does not hold yet
 * are listed with tarball URLs rewritten to this endpoint. A version is
 * ingested, metadata, tarball and the upstream's deprecation message together, when its tarball is
 * first downloaded: it is then stored as an EXTERNAL-origin version in the repository that has the
 * connection, and retained through the normal upstream path. With the upstream unreachable, the
 * stored versions keep being served.
 */
import { ingestExternalVersion } from '../../../engine/external/ingest-external-version';
import {
  externalIngestTargets,
  type ExternalIngestTarget,
} from '../../../engine/external/external-ingest-target';
import { storeAssetBlob } from '../../../engine/assets/asset-blobs';
import { UpstreamResponseError, resolveUpstreamLink } from '../../../external/fetch-upstream';
import { fetchUpstreamFile, upstreamDocument } from '../../../external/upstream-documents';
import { documentUser } from '../external-document-user';
import { notCachedMessage } from '../../../external/not-cached';
import type { FormatRequest } from '../format-request';
import { npmManifestFacts, packumentFields, versionMetadataOf, type Manifest } from './npm-manifest';
import { escapedName, npmPackageRequest, type NpmName } from './npm-names';
import { tarballUrl, type ExtraVersion } from './npm-packument';
import { npmAssetName } from './npm-publish';
import { readTarballFiles } from './tarball-reader';

export type UpstreamProblem = { readonly status: 404 | 502; readonly message: string };

function object(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * What npm is told when an upstream could not give what is not cached. Always a 404: npm retries
 * 5xx answers for minutes, while a 404 makes it skip an optional package at once and fail a
 * required one at once, with this message (npm prints a 404's `error`).
 */
function problemOf(error: unknown, name: NpmName, upstream: string): UpstreamProblem | undefined {
  const message = notCachedMessage(name.full, upstream, error);
  return message === undefined ? undefined : { status: 404, message };
}

/** Parsed packuments by URL, reused while the stored text is the same. */
const parsed = new Map<string, { body: string; packument: Manifest }>();
const maxParsed = 200;

/**
 * The upstream's packument (null when it has no such package), kept whole in the store and
 * revalidated after the TTL; the stored one when the upstream is unreachable. Throws the fetch
 * errors only when nothing is stored.
 */
async function upstreamPackument(
  request: FormatRequest,
  target: UpstreamTarget,
  name: NpmName,
): Promise<Manifest | null> {
  const url = `${target.upstream}${escapedName(name)}`;
  const document = await upstreamDocument(request.ctx.store, url, {
    user: documentUser(request, target),
    headers: { Accept: 'application/json' },
    policy: request.upstreamPolicy,
  });
  if (document.status === 404) return null;
  const hit = parsed.get(url);
  if (hit && hit.body === document.body) return hit.packument;
  let value: unknown;
  try {
    value = JSON.parse(document.body);
  } catch {
    throw new UpstreamResponseError(`The upstream sent a packument for ${name.full} that is not JSON.`, 502);
  }
  const packument = object(value);
  if (!packument)
    throw new UpstreamResponseError(
      `The upstream sent a packument for ${name.full} that is not an object.`,
      502,
    );
  parsed.delete(url);
  if (parsed.size >= maxParsed) {
    const oldest = parsed.keys().next();
    if (!oldest.done) parsed.delete(oldest.value);
  }
  parsed.set(url, { body: document.body, packument });
  return packument;
}

type UpstreamTarget = ExternalIngestTarget & { upstream: string };

async function targetsFor(request: FormatRequest, name: NpmName): Promise<UpstreamTarget[]> {
  const { ctx, domain, repository } = request;
  const targets = externalIngestTargets(ctx, {
    domain: domain.name,
    domainOwner: domain.owner,
    repository: repository.name,
    ...npmPackageRequest(name),
  });
  const out: UpstreamTarget[] = [];
  for (const target of targets) {
    const upstream = await request.externalUpstream(target.connection);
    if (upstream) out.push({ ...target, upstream });
  }
  return out;
}

export interface ExternalListing {
  readonly extra: ExtraVersion[];
  readonly distTags: Record<string, string>;
  /** Whether some external connection applies to this package at all. */
  readonly applies: boolean;
  readonly problem?: UpstreamProblem;
}

/** The upstream's versions that `known` (every version the repository holds in any status) lacks. */
export async function externalListing(
  request: FormatRequest,
  name: NpmName,
  known: ReadonlySet<string>,
  full: boolean,
): Promise<ExternalListing> {
  const extra: ExtraVersion[] = [];
  const distTags: Record<string, string> = {};
  let problem: UpstreamProblem | undefined;
  const targets = await targetsFor(request, name);
  for (const target of targets) {
    let packument: Manifest | null;
    try {
      packument = await upstreamPackument(request, target, name);
    } catch (error) {
      const known = problemOf(error, name, target.upstream);
      if (!known) throw error;
      problem ??= known;
      continue;
    }
    if (!packument) continue;
    const versions = object(packument.versions) ?? {};
    const times = object(packument.time) ?? {};
    for (const [version, value] of Object.entries(versions)) {
      const manifest = object(value);
      const dist = object(manifest?.dist);
      if (!manifest || !dist || known.has(version) || target.storedVersions.has(version)) continue;
      const document: Manifest = { ...packumentFields(manifest, full), name: name.full, version };
      if (full) document._id = `${name.full}@${version}`;
      document.dist = {
        tarball: tarballUrl(request.endpoint, name, version),
        ...(typeof dist.integrity === 'string' ? { integrity: dist.integrity } : {}),
        ...(typeof dist.shasum === 'string' ? { shasum: dist.shasum } : {}),
      };
      const time = times[version];
      extra.push({ version, document, ...(typeof time === 'string' ? { time } : {}) });
    }
    for (const [tag, version] of Object.entries(object(packument['dist-tags']) ?? {})) {
      if (typeof version === 'string' && distTags[tag] === undefined) distTags[tag] = version;
    }
  }
  return { extra, distTags, applies: targets.length > 0, ...(problem ? { problem } : {}) };
}

function verifyDist(tarballSha512: string, tarballSha1: string, dist: Record<string, unknown>): boolean {
  if (typeof dist.integrity === 'string') {
    const sha512 = dist.integrity.split(/\s+/).find((entry) => entry.startsWith('sha512-'));
    if (sha512)
      return sha512.slice('sha512-'.length) === Buffer.from(tarballSha512, 'hex').toString('base64');
  }
  if (typeof dist.shasum === 'string') return dist.shasum.toLowerCase() === tarballSha1;
  return true;
}

/**
 * Fetches `version` from the first external connection that has it and stores it. Returns true when
 * a repository now holds it, false when no upstream has it, or the problem that kept it from coming.
 */
export async function ingestFromExternal(
  request: FormatRequest,
  name: NpmName,
  version: string,
): Promise<true | false | UpstreamProblem> {
  const { ctx, domain } = request;
  let problem: UpstreamProblem | undefined;
  for (const target of await targetsFor(request, name)) {
    if (target.storedVersions.has(version)) continue;
    try {
      const packument = await upstreamPackument(request, target, name);
      const manifest = object(object(packument?.versions)?.[version]);
      const dist = object(manifest?.dist);
      if (!manifest || !dist || typeof dist.tarball !== 'string') continue;
      const source = resolveUpstreamLink(dist.tarball, target.upstream);
      const response = await fetchUpstreamFile(source, request.upstreamPolicy);
      if (response.status === 404) {
        response.body.resume();
        continue;
      }
      const blob = await storeAssetBlob(ctx, domain.name, response.body);
      try {
        if (!verifyDist(blob.hashes.sha512, blob.hashes.sha1, dist)) {
          throw new UpstreamResponseError(
            `The upstream's tarball of ${name.full}@${version} does not match its integrity.`,
            502,
          );
        }
        const files = await readTarballFiles(ctx.store.blobs.open(domain.name, blob.hashes.sha256)).catch(
          () => ({
            manifest: undefined,
            readme: undefined,
          }),
        );
        const packageJson = files.manifest ?? manifest;
        const times = object(packument?.time) ?? {};
        const published = typeof times[version] === 'string' ? new Date(times[version]) : undefined;
        const tags = Object.entries(object(packument?.['dist-tags']) ?? {})
          .filter(([, tagged]) => tagged === version)
          .map(([tag]) => tag);
        await ingestExternalVersion(ctx, {
          domain: domain.name,
          domainOwner: domain.owner,
          repository: target.repository,
          ...npmPackageRequest(name),
          version,
          connection: target.connection,
          assets: [{ name: npmAssetName, blob: { ...blob, facts: npmManifestFacts(packageJson) } }],
          metadata: versionMetadataOf(packageJson, files.readme),
          ...(published && Number.isFinite(published.getTime()) ? { publishedTime: published } : {}),
          distTags: tags,
          ...(typeof manifest.deprecated === 'string' ? { deprecated: manifest.deprecated } : {}),
        });
      } finally {
        await blob.release();
      }
      return true;
    } catch (error) {
      const known = problemOf(error, name, target.upstream);
      if (!known) throw error;
      problem ??= known;
    }
  }
  return problem ?? false;
}
