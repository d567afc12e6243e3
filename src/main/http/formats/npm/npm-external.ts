/**
 * npm's external connection (`public:npmjs`) as an offline cache. Packuments are fetched from the
 * upstream registry each time the package is asked for (so new versions show up), and versions the
 * repository does not hold yet are listed with tarball URLs rewritten to this endpoint. A version is
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
import {
  fetchUpstream,
  UpstreamResponseError,
  UpstreamUnreachableError,
  resolveUpstreamLink,
} from '../../../external/fetch-upstream';
import type { FormatRequest } from '../format-request';
import { npmManifestFacts, packumentFields, versionMetadataOf, type Manifest } from './npm-manifest';
import { escapedName, npmPackageRequest, type NpmName } from './npm-names';
import { tarballUrl, type ExtraVersion } from './npm-packument';
import { npmAssetName } from './npm-publish';
import { readTarballFiles } from './tarball-reader';

/** A packument fetched moments ago is reused by the tarball requests that follow it. */
const freshForMs = 30_000;
const maxRemembered = 2_000;
const recent = new Map<string, { at: number; packument: Manifest | null }>();

export type UpstreamProblem = { readonly status: 502 | 504; readonly message: string };

function object(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function problemOf(error: unknown): UpstreamProblem | undefined {
  if (error instanceof UpstreamUnreachableError) return { status: 504, message: error.message };
  if (error instanceof UpstreamResponseError) return { status: 502, message: error.message };
  return undefined;
}

/** The upstream's packument (null when it has no such package). Throws the fetch errors. */
async function upstreamPackument(
  upstream: string,
  name: NpmName,
  useRecent: boolean,
): Promise<Manifest | null> {
  const url = `${upstream}${escapedName(name)}`;
  const hit = recent.get(url);
  if (useRecent && hit && Date.now() - hit.at < freshForMs) return hit.packument;
  const response = await fetchUpstream(url, { headers: { Accept: 'application/json' }, timeoutMs: 10_000 });
  let packument: Manifest | null = null;
  if (response.status === 404) {
    response.body.resume();
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await response.text());
    } catch {
      throw new UpstreamResponseError(
        `The upstream sent a packument for ${name.full} that is not JSON.`,
        502,
      );
    }
    packument = object(parsed) ?? null;
    if (!packument)
      throw new UpstreamResponseError(
        `The upstream sent a packument for ${name.full} that is not an object.`,
        502,
      );
  }
  if (recent.size >= maxRemembered) {
    const oldest = recent.keys().next();
    if (!oldest.done) recent.delete(oldest.value);
  }
  recent.set(url, { at: Date.now(), packument });
  return packument;
}

function targetsFor(request: FormatRequest, name: NpmName): (ExternalIngestTarget & { upstream: string })[] {
  const { ctx, domain, repository } = request;
  return externalIngestTargets(ctx, {
    domain: domain.name,
    domainOwner: domain.owner,
    repository: repository.name,
    ...npmPackageRequest(name),
  }).flatMap((target) => {
    const upstream = request.externalUpstream(target.connection);
    return upstream ? [{ ...target, upstream }] : [];
  });
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
  const targets = targetsFor(request, name);
  for (const target of targets) {
    let packument: Manifest | null;
    try {
      packument = await upstreamPackument(target.upstream, name, false);
    } catch (error) {
      problem ??= problemOf(error);
      if (!problemOf(error)) throw error;
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
  for (const target of targetsFor(request, name)) {
    if (target.storedVersions.has(version)) continue;
    try {
      const packument = await upstreamPackument(target.upstream, name, true);
      const manifest = object(object(packument?.versions)?.[version]);
      const dist = object(manifest?.dist);
      if (!manifest || !dist || typeof dist.tarball !== 'string') continue;
      const source = resolveUpstreamLink(dist.tarball, target.upstream);
      const response = await fetchUpstream(source, { timeoutMs: 15_000 });
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
      const known = problemOf(error);
      if (!known) throw error;
      problem ??= known;
    }
  }
  return problem ?? false;
}
