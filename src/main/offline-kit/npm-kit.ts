/**
 * An npm lockfile's tarballs fetched through the repository's npm endpoint, each checked against the
 * lockfile's `integrity` (the strongest hash it gives that the kit computes: sha512, sha256, sha1).
 */
import type { KitEntry } from '../../shared/offline-kit';
import type { EngineContext } from '../engine/context';
import { npmPackageRequest, parseNpmName, tarballFileName } from '../http/formats/npm/npm-names';
import type { EndpointFile, OwnEndpoint } from './own-endpoint';
import { heldBefore, fetchEach, missingEntry, skippedEntry, type ProgressCounter } from './kit-work';
import type { NpmLockContents, NpmLockPackage } from './npm-lockfile';

const strength = ['sha512', 'sha256', 'sha1'] as const;

/**
 * Whether the file matches the SRI text: true or false for the strongest algorithm it names that
 * is computed here; undefined when it names none of them.
 */
export function matchesIntegrity(integrity: string, file: EndpointFile): boolean | undefined {
  const entries = integrity
    .split(/\s+/)
    .map((entry) => /^([a-z0-9]+)-([A-Za-z0-9+/=]+)/.exec(entry))
    .filter((match): match is RegExpExecArray => match !== null);
  for (const algorithm of strength) {
    const wanted = entries.filter((match) => match[1] === algorithm).map((match) => match[2]);
    if (wanted.length === 0) continue;
    const actual = Buffer.from(file[algorithm], 'hex').toString('base64');
    return wanted.includes(actual);
  }
  return undefined;
}

async function fetchPackage(
  ctx: EngineContext,
  endpoint: OwnEndpoint,
  target: { domain: string; domainOwner?: string; repository: string },
  item: NpmLockPackage,
): Promise<KitEntry> {
  const name = parseNpmName(item.name);
  if (!name) return skippedEntry(item.name, item.version, 'not a valid npm package name');
  const file = tarballFileName(name, item.version);
  const path =
    name.scope === undefined
      ? `${encodeURIComponent(name.name)}/-/${encodeURIComponent(file)}`
      : `@${encodeURIComponent(name.scope)}/${encodeURIComponent(name.name)}/-/${encodeURIComponent(file)}`;
  const held = heldBefore(ctx, { ...target, ...npmPackageRequest(name), version: item.version });
  const answer = await endpoint.get(path);
  if (answer.status !== 200) return missingEntry(item.name, item.version, file, answer);
  const matches = item.integrity === undefined ? undefined : matchesIntegrity(item.integrity, answer);
  if (matches === false) {
    return {
      name: item.name,
      version: item.version,
      outcome: 'mismatch',
      files: [file],
      verified: false,
      detail: `${file} does not match the lockfile's integrity ${item.integrity ?? ''}`,
    };
  }
  return {
    name: item.name,
    version: item.version,
    outcome: held ? 'cached' : 'fetched',
    files: [file],
    verified: matches === true,
  };
}

export async function npmKit(
  ctx: EngineContext,
  endpoint: OwnEndpoint,
  target: { domain: string; domainOwner?: string; repository: string },
  lock: NpmLockContents,
  progress: ProgressCounter,
): Promise<KitEntry[]> {
  const fetched = await fetchEach(
    lock.packages,
    progress,
    (item) => `${item.name}@${item.version}`,
    (item) => fetchPackage(ctx, endpoint, target, item),
  );
  return [...fetched, ...lock.skipped.map((skip) => skippedEntry(skip.name, skip.version, skip.reason))];
}
