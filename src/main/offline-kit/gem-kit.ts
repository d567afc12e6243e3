/**
 * A Gemfile.lock's gems fetched through the repository's RubyGems endpoint: the compact-index info
 * file first (which keeps the upstream's listing for Bundler offline, and gives each version's
 * SHA-256 to check the lockfile's CHECKSUMS against before downloading), then
 * `gems/NAME-VERSION[-PLATFORM].gem`, which stores the gem with the specification Bundler's index
 * is built from, checked again on its bytes (`locked-download.ts`).
 */
import type { KitEntry } from '../../shared/offline-kit';
import type { EngineContext } from '../engine/context';
import { gemFileName } from '../http/formats/ruby/gem-spec';
import type { GemfileLockContents, LockedGem } from './gemfile-lock';
import { fetchEach, heldBefore, skippedEntry, type ProgressCounter } from './kit-work';
import { fetchLocked } from './locked-download';
import type { OwnEndpoint } from './own-endpoint';

type Target = { domain: string; domainOwner?: string; repository: string };

/** The `checksum:` an info file gives `fullVersion` (`1.2.0` or `1.2.0-x86_64-linux`), when it lists it. */
export function infoChecksum(infoText: string, fullVersion: string): string | undefined {
  const body = infoText.slice(infoText.indexOf('---\n') + 4);
  for (const line of body.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.split(' ')[0] !== fullVersion) continue;
    const extras = trimmed.slice(trimmed.indexOf('|') + 1);
    return /(?:^|,)checksum:([0-9a-f]{64})(?:,|$)/.exec(extras)?.[1];
  }
  return undefined;
}

/** The version with its platform, as the info file and the report write it. */
function fullVersion(item: LockedGem): string {
  return item.platform === 'ruby' ? item.version : `${item.version}-${item.platform}`;
}

function fetchGem(
  ctx: EngineContext,
  endpoint: OwnEndpoint,
  target: Target,
  item: LockedGem,
): Promise<KitEntry> {
  const file = gemFileName(item);
  const version = fullVersion(item);
  return fetchLocked(endpoint, {
    name: item.name,
    version,
    file,
    path: `gems/${encodeURIComponent(file)}`,
    ...(item.sha256 !== undefined ? { sha256: item.sha256 } : {}),
    index: {
      path: `info/${encodeURIComponent(item.name)}`,
      sha256Of: (text) => infoChecksum(text, version),
    },
    held: heldBefore(ctx, { ...target, format: 'ruby', package: item.name, version }),
  });
}

export async function gemKit(
  ctx: EngineContext,
  endpoint: OwnEndpoint,
  target: Target,
  lock: GemfileLockContents,
  progress: ProgressCounter,
): Promise<KitEntry[]> {
  const fetched = await fetchEach(
    lock.gems,
    progress,
    (item) => `${item.name} ${fullVersion(item)}`,
    (item) => fetchGem(ctx, endpoint, target, item),
  );
  return [...fetched, ...lock.skipped.map((skip) => skippedEntry(skip.name, skip.version, skip.reason))];
}
