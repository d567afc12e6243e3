/**
 * What the Cargo, RubyGems and NuGet endpoints share to act as offline caches of their external
 * connections (`public:crates-io`, `public:ruby-gems-org`, `public:nuget-org`), over the same
 * upstream code as npm, PyPI and Maven: the connections of the search order that may bring a
 * package in (origin controls and package groups decide, in `externalIngestTargets`), the upstream's
 * metadata documents kept whole and revalidated after the TTL (`upstreamDocument`), package files
 * fetched within the upstream timeout, and an upstream found offline answered at once.
 *
 * A version is ingested when a client first needs its file: the file is fetched whole (bounded),
 * checked against the digest the upstream's index gave, read by the format (so the stored version has
 * the same facts and metadata as a published one) and stored as an EXTERNAL-origin version of the
 * repository that holds the connection; the normal upstream path then retains it downstream.
 */
import { Readable } from 'node:stream';
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import { resolvePackageVersion, storeAssetBlob } from '../../engine';
import {
  externalIngestTargets,
  type ExternalIngestTarget,
} from '../../engine/external/external-ingest-target';
import { ingestExternalVersion } from '../../engine/external/ingest-external-version';
import { listPackageVersionsThroughUpstreams } from '../../engine/upstreams/versions-through-upstreams';
import type { VersionMetadata } from '../../engine/packages/package-records';
import { AccessDeniedException } from '../../engine/errors';
import { UpstreamResponseError, UpstreamUnreachableError } from '../../external/fetch-upstream';
import { fetchUpstreamFile, upstreamDocument } from '../../external/upstream-documents';
import { notCachedMessage } from '../../external/not-cached';
import { documentUser } from './external-document-user';
import type { ConnectionHolder } from './packages-through-upstreams';
import { FormatProblem } from './format-errors';
import { repositoryPackage } from './format-paths';
import type { FormatRequest } from './format-request';

export interface UpstreamTarget extends ExternalIngestTarget {
  /** The connection's upstream URL, ending in `/`. */
  readonly upstream: string;
}

/** The external connections of the search order that may bring `name` in, with their upstream URLs. */
export async function upstreamTargets(
  request: FormatRequest,
  format: PackageFormat,
  name: string,
): Promise<UpstreamTarget[]> {
  const targets: UpstreamTarget[] = [];
  for (const target of externalIngestTargets(request.ctx, repositoryPackage(request, format, name))) {
    const upstream = await request.externalUpstream(target.connection);
    if (upstream) targets.push({ ...target, upstream });
  }
  return targets;
}

/**
 * The versions of `name` a repository of the search order holds in any status: never taken again
 * from outside (an Archived or Disposed one stays hidden, as CodeArtifact keeps it).
 */
function heldVersions(request: FormatRequest, format: PackageFormat, name: string): string[] {
  const listing = listPackageVersionsThroughUpstreams(request.ctx, repositoryPackage(request, format, name));
  return listing?.versions.map((entry) => entry.version) ?? [];
}

export interface ExternalOffer<T> {
  /** What the upstream lists of versions no repository of the search order holds. */
  readonly items: T[];
  /** Why nothing came from the upstream, when it failed and nothing was stored. */
  readonly problem?: FormatProblem;
}

/**
 * What the first external connection of the search order lists for `name` (`list`, null when the
 * upstream has no such package), less the versions held here. `versionOf` gives an item's version
 * as `sameVersion` compares them (exactly unless the format says otherwise).
 */
export async function externalOffer<T>(
  request: FormatRequest,
  format: PackageFormat,
  name: string,
  list: (target: UpstreamTarget) => Promise<T[] | null>,
  versionOf: (item: T) => string,
  sameVersion: (version: string) => string = (version) => version,
): Promise<ExternalOffer<T>> {
  const target = (await upstreamTargets(request, format, name))[0];
  if (!target) return { items: [] };
  const held = new Set([...heldVersions(request, format, name), ...target.storedVersions].map(sameVersion));
  try {
    const items = (await list(target)) ?? [];
    return { items: items.filter((item) => !held.has(sameVersion(versionOf(item)))) };
  } catch (error) {
    const problem = upstreamFailure(error, `'${name}'`, target.upstream);
    if (!problem) throw error;
    return { items: [], problem };
  }
}

/**
 * An upstream failure as the client is told it, in the words every format uses (not-cached.ts): a
 * 404 when the upstream cannot be reached (so no client retries for minutes), a 502 when it
 * answered with an error or something unusable.
 */
export function upstreamFailure(error: unknown, what: string, upstream: string): FormatProblem | undefined {
  const message = notCachedMessage(what, upstream, error);
  if (message === undefined) return undefined;
  return new FormatProblem(error instanceof UpstreamUnreachableError ? 404 : 502, message);
}

/**
 * An upstream metadata document's text (null when the upstream has none), kept in the store and
 * revalidated after the TTL; the stored text when the upstream is unreachable.
 */
export async function upstreamText(
  request: FormatRequest,
  holder: ConnectionHolder,
  url: string,
  accept: string,
): Promise<string | null> {
  const document = await upstreamDocument(request.ctx.store, url, {
    user: documentUser(request, holder),
    headers: { Accept: accept },
    policy: request.upstreamPolicy,
  });
  return document.status === 404 ? null : document.body;
}

/** An upstream JSON document (null when the upstream has none); a body that is not JSON is a 502. */
export async function upstreamJson(
  request: FormatRequest,
  holder: ConnectionHolder,
  url: string,
): Promise<unknown> {
  const text = await upstreamText(request, holder, url, 'application/json');
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UpstreamResponseError(`The upstream sent ${url} as something that is not JSON.`, 502);
  }
}

/** A package file from the upstream, whole (null when the upstream has no such file). */
export async function fetchUpstreamBytes(
  request: FormatRequest,
  url: string,
  maxBytes: number,
): Promise<Buffer | null> {
  const response = await fetchUpstreamFile(url, request.upstreamPolicy);
  if (response.status === 404) {
    response.body.resume();
    return null;
  }
  return response.bytes(maxBytes);
}

export interface FetchedVersion {
  readonly format: PackageFormat;
  readonly name: string;
  readonly version: string;
  readonly assetName: string;
  readonly bytes: Buffer;
  /** The SHA-256 (hex) the upstream's index gives for the file, when it gives one. */
  readonly expectedSha256?: string;
  /** What the format read from the file, kept with it (blob_facts). */
  readonly facts: (sha256: string) => Readonly<Record<string, string>>;
  readonly metadata?: VersionMetadata;
}

/** Stores a fetched file as an EXTERNAL-origin version in the repository holding the connection. */
export async function ingestFetchedVersion(
  request: FormatRequest,
  target: UpstreamTarget,
  fetched: FetchedVersion,
): Promise<void> {
  const sha256 = fetched.expectedSha256?.toLowerCase();
  let stored;
  try {
    stored = await storeAssetBlob(
      request.ctx,
      request.domain.name,
      Readable.from([fetched.bytes]),
      sha256 ? { expectedSha256: sha256 } : {},
    );
  } catch (error) {
    if ((error as Error).name === 'BlobDigestMismatchError')
      throw new UpstreamResponseError(
        `The upstream's file ${fetched.assetName} does not match the checksum its index gives.`,
        502,
      );
    throw error;
  }
  const blob = { ...stored, facts: fetched.facts(stored.hashes.sha256) };
  try {
    await ingestExternalVersion(request.ctx, {
      domain: request.domain.name,
      domainOwner: request.domain.owner,
      repository: target.repository,
      format: fetched.format,
      package: fetched.name,
      version: fetched.version,
      connection: target.connection,
      assets: [{ name: fetched.assetName, blob }],
      metadata: fetched.metadata,
    });
  } finally {
    await blob.release();
  }
}

/**
 * Fetches `version` of `name` through the first external connection that has it, with `fetchFrom`
 * (false when that upstream has no such version). An upstream failure is thrown as the client is
 * told it (upstreamFailure).
 */
export async function fetchThroughConnections(
  request: FormatRequest,
  format: PackageFormat,
  name: string,
  version: string,
  fetchFrom: (target: UpstreamTarget) => Promise<boolean>,
): Promise<boolean> {
  for (const target of await upstreamTargets(request, format, name)) {
    if (target.storedVersions.has(version)) continue;
    try {
      if (await fetchFrom(target)) return true;
    } catch (error) {
      throw upstreamFailure(error, `${name} ${version}`, target.upstream) ?? error;
    }
  }
  return false;
}

/**
 * Makes sure the repository serves `version` of `name`: when no repository of the search order holds
 * it, `fetch` brings it in from an external connection. An origin-control refusal is a 403.
 */
export async function ensureVersion(
  request: FormatRequest,
  format: PackageFormat,
  name: string,
  version: string,
  fetch: () => Promise<boolean>,
): Promise<boolean> {
  const held = resolvePackageVersion(
    request.ctx,
    { ...repositoryPackage(request, format, name), version },
    { retain: false },
  );
  if (held) return true;
  try {
    return await fetch();
  } catch (error) {
    if (error instanceof AccessDeniedException) throw new FormatProblem(403, error.message);
    throw error;
  }
}
