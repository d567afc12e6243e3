/**
 * Cargo's external connection (`public:crates-io`) as an offline cache of a sparse registry. The
 * connection's URL is the upstream index root (what Cargo's configuration gives as `sparse+URL`).
 * The upstream's index file of a crate is kept whole and revalidated after the TTL; its versions the
 * search order does not hold are listed next to the stored ones, and a version is fetched (from the
 * upstream's `config.json` `dl` location), checked against the index's `cksum` and stored when its
 * crate is first downloaded; its description, licence, links and readme are read from the crate's
 * own Cargo.toml, its dependencies taken from the index entry. Offline, every version of a stored index file stays listed.
 */
import { createHash } from 'node:crypto';
import { UpstreamResponseError } from '../../../external/fetch-upstream';
import {
  fetchUpstreamBytes,
  externalOffer,
  type ExternalOffer,
  ingestFetchedVersion,
  upstreamJson,
  upstreamText,
  type UpstreamTarget,
  fetchThroughConnections,
} from '../external-fetch';
import { ArchiveError } from '../../../archives';
import type { VersionMetadata } from '../../../engine/packages/package-records';
import { FormatProblem } from '../format-errors';
import type { FormatRequest } from '../format-request';
import { readCrate, type CrateContents } from './crate-contents';
import { crateFileFacts, storedIndexEntry, type IndexEntry } from './cargo-manifest';
import { crateFileName, indexPathOf, indexPrefixOf, isCrateName, isCrateVersion } from './cargo-names';
import { maxPublishBytes } from './cargo-publish';

/** The lines of the upstream's index file of `crate` (null when the upstream has no such crate). */
async function upstreamIndex(request: FormatRequest, target: UpstreamTarget, crate: string) {
  const text = await upstreamText(request, target, `${target.upstream}${indexPathOf(crate)}`, 'text/plain');
  if (text === null) return null;
  const entries: IndexEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const entry = storedIndexEntry(line);
    // Lines Cargo itself could not use are left out rather than passed on.
    if (
      !entry ||
      !isCrateName(entry.name) ||
      !isCrateVersion(entry.vers) ||
      !/^[0-9a-f]{64}$/.test(entry.cksum)
    )
      continue;
    if (entry.name.toLowerCase() !== crate.toLowerCase()) continue;
    entries.push(entry);
  }
  return entries;
}

/** The upstream's index lines for versions no repository of the search order holds. */
export function externalIndexLines(
  request: FormatRequest,
  crate: string,
): Promise<ExternalOffer<IndexEntry>> {
  return externalOffer(
    request,
    'cargo',
    crate,
    (target) => upstreamIndex(request, target, crate),
    (entry) => entry.vers,
  );
}

/**
 * Where the upstream serves a crate file: its `config.json` `dl` value with Cargo's markers
 * replaced, or `{dl}/{crate}/{version}/download` when it has none.
 */
export function downloadUrl(dl: string, crate: string, version: string, cksum: string): string {
  const markers = /\{(crate|version|prefix|lowerprefix|sha256-checksum)\}/;
  if (!markers.test(dl)) return `${dl.replace(/\/$/, '')}/${crate}/${version}/download`;
  return dl
    .replaceAll('{crate}', crate)
    .replaceAll('{version}', version)
    .replaceAll('{prefix}', indexPrefixOf(crate))
    .replaceAll('{lowerprefix}', indexPrefixOf(crate.toLowerCase()))
    .replaceAll('{sha256-checksum}', cksum);
}

async function fetchFrom(
  request: FormatRequest,
  target: UpstreamTarget,
  crate: string,
  version: string,
): Promise<boolean> {
  const entry = (await upstreamIndex(request, target, crate))?.find((line) => line.vers === version);
  if (!entry) return false;
  const config = (await upstreamJson(request, target, `${target.upstream}config.json`)) as {
    dl?: unknown;
  } | null;
  if (typeof config?.dl !== 'string')
    throw new UpstreamResponseError("The upstream registry's config.json names no download location.", 502);
  const bytes = await fetchUpstreamBytes(
    request,
    new URL(downloadUrl(config.dl, entry.name, entry.vers, entry.cksum), target.upstream).toString(),
    maxPublishBytes,
  );
  if (!bytes) return false;
  // Checked here too, so a mismatch names the crate rather than a digest.
  if (createHash('sha256').update(bytes).digest('hex') !== entry.cksum)
    throw new UpstreamResponseError(
      `The upstream's ${crateFileName(entry.name, entry.vers)} does not match its index checksum.`,
      502,
    );
  const file = crateFileName(entry.name, entry.vers);
  let contents: CrateContents;
  try {
    contents = await readCrate(bytes, entry.name, entry.vers, `The upstream's ${file}`);
  } catch (error) {
    if (error instanceof FormatProblem || error instanceof ArchiveError)
      throw new UpstreamResponseError(error.message, 502);
    throw error;
  }
  const stored: IndexEntry = { ...entry, yanked: false };
  await ingestFetchedVersion(request, target, {
    format: 'cargo',
    name: entry.name,
    version: entry.vers,
    assetName: file,
    bytes,
    expectedSha256: entry.cksum,
    facts: () => crateFileFacts(stored),
    metadata: {
      ...manifestMetadata(contents),
      displayName: entry.name,
      dependencies: entry.deps.map((dep) => ({
        package: dep.package ?? dep.name,
        dependencyType: dep.kind,
        versionRequirement: dep.req,
      })),
    },
  });
  return true;
}

/** What the crate's own Cargo.toml and readme tell (the index entry has neither). */
function manifestMetadata({ manifest, readme }: CrateContents): VersionMetadata {
  return {
    summary: manifest?.description,
    homePage: manifest?.homepage ?? manifest?.documentation,
    sourceCodeRepository: manifest?.repository,
    licenses: manifest?.license === undefined ? undefined : [{ name: manifest.license }],
    readme,
  };
}

/** Fetches `version` of `crate` through the first external connection that has it. */
export async function fetchCrate(request: FormatRequest, crate: string, version: string): Promise<boolean> {
  return fetchThroughConnections(request, 'cargo', crate, version, (target) =>
    fetchFrom(request, target, crate, version),
  );
}
