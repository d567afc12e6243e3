/**
 * A Cargo.lock's crates fetched through the repository's Cargo endpoint, each checked against the
 * lockfile's checksum (the crate's SHA-256) first in the crate's sparse-index file, then on the
 * downloaded bytes (`locked-download.ts`).
 */
import type { KitEntry } from '../../shared/offline-kit';
import type { EngineContext } from '../engine/context';
import { crateFileName, indexPathOf } from '../http/formats/cargo/cargo-names';
import type { CargoLockContents, LockedCrate } from './cargo-lockfile';
import { fetchEach, heldBefore, skippedEntry, type ProgressCounter } from './kit-work';
import { fetchLocked } from './locked-download';
import type { OwnEndpoint } from './own-endpoint';

type Target = { domain: string; domainOwner?: string; repository: string };

/** The `cksum` a sparse-index file gives `version`, when it lists it. */
export function indexChecksum(indexText: string, version: string): string | undefined {
  for (const line of indexText.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as { vers?: unknown; cksum?: unknown };
      if (entry.vers === version && typeof entry.cksum === 'string') return entry.cksum.toLowerCase();
    } catch {
      // a line Cargo could not read either
    }
  }
  return undefined;
}

function fetchCrate(
  ctx: EngineContext,
  endpoint: OwnEndpoint,
  target: Target,
  item: LockedCrate,
): Promise<KitEntry> {
  return fetchLocked(endpoint, {
    name: item.name,
    version: item.version,
    file: crateFileName(item.name, item.version),
    path: `api/v1/crates/${encodeURIComponent(item.name)}/${encodeURIComponent(item.version)}/download`,
    ...(item.checksum !== undefined ? { sha256: item.checksum } : {}),
    index: { path: indexPathOf(item.name), sha256Of: (text) => indexChecksum(text, item.version) },
    held: heldBefore(ctx, { ...target, format: 'cargo', package: item.name, version: item.version }),
  });
}

export async function cargoKit(
  ctx: EngineContext,
  endpoint: OwnEndpoint,
  target: Target,
  lock: CargoLockContents,
  progress: ProgressCounter,
): Promise<KitEntry[]> {
  const fetched = await fetchEach(
    lock.crates,
    progress,
    (item) => `${item.name}@${item.version}`,
    (item) => fetchCrate(ctx, endpoint, target, item),
  );
  return [...fetched, ...lock.skipped.map((skip) => skippedEntry(skip.name, skip.version, skip.reason))];
}
