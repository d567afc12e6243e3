/**
 * NuGet's external connection (`public:nuget-org`) as an offline cache of a NuGet v3 feed. The
 * connection's URL is the feed's service index (`…/index.json`, as a NuGet.Config source names
 * it; a URL not ending in `.json` is taken as the folder holding `index.json`). The service index
 * and the flat container's version list of a package are kept whole and revalidated after the TTL:
 * versions the search order does not hold are listed next to the stored ones, and a version is
 * fetched, read (its nuspec, as a push is) and stored when its .nupkg or .nuspec is first asked for.
 * Offline, the stored documents keep being served.
 */
import { UpstreamResponseError } from '../../../external/fetch-upstream';
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
import { maxNupkgBytes, metadataOf, nuspecFact } from './nuget-push';
import { readNupkg } from './nupkg';
import { isNugetVersion } from './nuspec';

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
    facts: () => ({ [nuspecFact]: JSON.stringify({ nuspec, nuspecXml }) }),
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
