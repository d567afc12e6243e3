/**
 * NuGet's external connection (`public:nuget-org`) as an offline cache of a NuGet v3 feed. The
 * connection's URL is the feed's service index (`…/index.json`, as a NuGet.Config source names
 * it; a URL not ending in `.json` is taken as the folder holding `index.json`). The service index
 * and the flat container's version list of a package are kept whole and revalidated after the TTL:
 * versions the search order does not hold are listed next to the stored ones, and a version is
 * fetched, checked against the SHA-512 the feed's catalog gives for it (when the service index names
 * registrations), read (its nuspec, as a push is) and stored when its .nupkg or .nuspec is first
 * asked for.
 * Offline, the stored documents keep being served.
 */
import { createHash } from 'node:crypto';
import { resolveUpstreamLink, UpstreamResponseError } from '../../../external/fetch-upstream';
import { normaliseVersion } from '../../../engine/packages/package-coordinates';
import {
  fetchUpstreamBytes,
  externalOffer,
  type ExternalOffer,
  ingestFetchedVersion,
  upstreamJson,
  fetchThroughConnections,
  type UpstreamTarget,
} from '../external-fetch';
import { FormatProblem } from '../format-errors';
import type { FormatRequest } from '../format-request';
import { maxNupkgBytes, metadataOf, nupkgFileFacts } from './nuget-push';
import { readNupkg } from './nupkg';
import { isNugetVersion } from './nuspec';

const maxLeafBytes = 4 * 1024 * 1024;

/** The service index a connection URL names. */
export function serviceIndexUrl(upstream: string): string {
  return /\.json\/$/.test(upstream) ? upstream.slice(0, -1) : `${upstream}index.json`;
}

/** The upstream's flat container (PackageBaseAddress/3.0.0), ending in `/`. */
async function packageBase(request: FormatRequest, target: UpstreamTarget): Promise<string> {
  const index = serviceIndexUrl(target.upstream);
  const document = (await upstreamJson(request, target, index)) as { resources?: unknown } | null;
  const resources = Array.isArray(document?.resources) ? (document.resources as unknown[]) : [];
  for (const resource of resources) {
    const entry = resource as { '@id'?: unknown; '@type'?: unknown } | null;
    if (entry?.['@type'] === 'PackageBaseAddress/3.0.0' && typeof entry['@id'] === 'string') {
      const base = new URL(entry['@id'], index).toString();
      return base.endsWith('/') ? base : `${base}/`;
    }
  }
  throw new UpstreamResponseError(
    `The upstream service index ${index} names no PackageBaseAddress/3.0.0.`,
    502,
  );
}

/** The upstream's registrations (RegistrationsBaseUrl, the newest kind it names), ending in `/`. */
function registrationBase(index: string, document: unknown): string | undefined {
  const resources = (document as { resources?: unknown } | null)?.resources;
  const found = (Array.isArray(resources) ? (resources as { '@id'?: unknown; '@type'?: unknown }[]) : [])
    .filter(
      (entry) => typeof entry['@type'] === 'string' && entry['@type'].startsWith('RegistrationsBaseUrl'),
    )
    .sort((a, b) => String(b['@type']).localeCompare(String(a['@type'])))
    .find((entry) => typeof entry['@id'] === 'string');
  if (!found) return undefined;
  const base = new URL(found['@id'] as string, index).toString();
  return base.endsWith('/') ? base : `${base}/`;
}

/** A small JSON document the upstream serves for one version (not kept); undefined when it has none. */
async function versionDocument(
  request: FormatRequest,
  url: string,
): Promise<Record<string, unknown> | undefined> {
  const bytes = await fetchUpstreamBytes(request, url, maxLeafBytes);
  if (!bytes) return undefined;
  try {
    const value = JSON.parse(bytes.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The SHA-512 (base64) the upstream's catalog gives for the package of a version: its registration
 * leaf names the catalog leaf (or holds the entry itself), whose `packageHash` NuGet's own gallery
 * computed. Undefined when the feed has no registrations or gives no SHA512 hash.
 */
async function upstreamPackageHash(
  request: FormatRequest,
  target: UpstreamTarget,
  id: string,
  version: string,
): Promise<string | undefined> {
  const index = serviceIndexUrl(target.upstream);
  const base = registrationBase(index, await upstreamJson(request, target, index));
  if (!base) return undefined;
  const leafUrl = `${base}${id}/${version}.json`;
  const leaf = await versionDocument(request, leafUrl);
  const entry = leaf?.catalogEntry;
  const catalog =
    typeof entry === 'string'
      ? await versionDocument(request, resolveUpstreamLink(entry, leafUrl))
      : (entry as Record<string, unknown> | undefined);
  const hash = catalog?.packageHash;
  const algorithm = catalog?.packageHashAlgorithm;
  return typeof hash === 'string' && typeof algorithm === 'string' && algorithm.toUpperCase() === 'SHA512'
    ? hash
    : undefined;
}

/** The upstream's versions of `id` (lower-case, normalised; null when it has no such package). */
async function upstreamVersions(
  request: FormatRequest,
  target: UpstreamTarget,
  id: string,
): Promise<string[] | null> {
  const base = await packageBase(request, target);
  const document = (await upstreamJson(request, target, `${base}${id}/index.json`)) as {
    versions?: unknown;
  } | null;
  if (document === null) return null;
  const versions = Array.isArray(document.versions) ? document.versions : [];
  return versions.flatMap((version) =>
    isNugetVersion(version) ? [normaliseVersion('nuget', version).toLowerCase()] : [],
  );
}

/** The upstream's versions of `id` (lower-case) that no repository of the search order holds. */
export function externalVersions(request: FormatRequest, id: string): Promise<ExternalOffer<string>> {
  return externalOffer(
    request,
    'nuget',
    id,
    (target) => upstreamVersions(request, target, id),
    (version) => version,
    (version) => version.toLowerCase(),
  );
}

async function fetchFrom(request: FormatRequest, target: UpstreamTarget, id: string, version: string) {
  const wanted = version.toLowerCase();
  if (!(await upstreamVersions(request, target, id))?.includes(wanted)) return false;
  const file = `${id}.${wanted}.nupkg`;
  const base = await packageBase(request, target);
  const bytes = await fetchUpstreamBytes(request, `${base}${id}/${wanted}/${file}`, maxNupkgBytes);
  if (!bytes) return false;
  const expected = await upstreamPackageHash(request, target, id, wanted);
  if (expected !== undefined && createHash('sha512').update(bytes).digest('base64') !== expected)
    throw new UpstreamResponseError(
      `The upstream's ${file} does not match the SHA-512 its catalog gives (${expected}).`,
      502,
    );
  let contents;
  try {
    contents = await readNupkg(bytes, `The upstream's ${file}`);
  } catch (error) {
    if (error instanceof FormatProblem) throw new UpstreamResponseError(error.message, 502);
    throw error;
  }
  const { nuspec, nuspecXml, readme } = contents;
  if (nuspec.id.toLowerCase() !== id || normaliseVersion('nuget', nuspec.version).toLowerCase() !== wanted)
    throw new UpstreamResponseError(`The upstream's ${file} holds ${nuspec.id} ${nuspec.version}.`, 502);
  await ingestFetchedVersion(request, target, {
    format: 'nuget',
    name: id,
    version: nuspec.version,
    assetName: file,
    bytes,
    facts: () => nupkgFileFacts({ nuspec, nuspecXml }),
    metadata: metadataOf(nuspec, readme),
  });
  return true;
}

/** Fetches `version` of `id` through the first external connection that has it. */
export async function fetchNupkg(request: FormatRequest, id: string, version: string): Promise<boolean> {
  return fetchThroughConnections(request, 'nuget', id, version, (target) =>
    fetchFrom(request, target, id, version),
  );
}
