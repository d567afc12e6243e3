/**
 * What every kind of kit shares: running entries a few at a time with progress, telling whether the
 * repository held a version before the kit asked, and turning an endpoint refusal into a report line.
 */
import type { KitEntry, KitProgress } from '../../shared/offline-kit';
import type { EngineContext } from '../engine/context';
import { holdsVersion } from '../engine/external/external-ingest-target';
import type { PackageRequest } from '../engine/packages/package-target';
import type { EndpointFile, OwnEndpoint } from './own-endpoint';

/** Requests the kit keeps in flight against the endpoint (each may wait on an upstream). */
export const kitConcurrency = 8;

export type ProgressSink = (progress: KitProgress) => void;

/**
 * Counts finished entries against a total that may grow (Maven finds dependencies as it goes), and
 * the bytes downloaded on the way.
 */
export class ProgressCounter {
  private done = 0;
  private total = 0;
  private bytes = 0;

  constructor(private readonly sink: ProgressSink | undefined) {}

  grow(by: number): void {
    this.total += by;
    this.sink?.({ done: this.done, total: this.total, bytes: this.bytes });
  }

  received(bytes: number): void {
    this.bytes += bytes;
  }

  finish(current: string): void {
    this.done += 1;
    this.sink?.({ done: this.done, total: this.total, bytes: this.bytes, current });
  }
}

/** The endpoint with every download's size counted into `progress`. */
export function countingBytes(endpoint: OwnEndpoint, progress: ProgressCounter): OwnEndpoint {
  return {
    url: endpoint.url,
    async get(path, options) {
      const file = await endpoint.get(path, options);
      progress.received(file.size);
      return file;
    },
  };
}

/** Runs `work` over `items` with at most `limit` at once; results keep the items' order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Fetches every item of a flat kit (a lockfile or requirements file: nothing found on the way), with
 * progress labelled by `label`, at `kitConcurrency` at once; results keep the items' order.
 */
export async function fetchEach<T>(
  items: readonly T[],
  progress: ProgressCounter,
  label: (item: T) => string,
  fetch: (item: T) => Promise<KitEntry>,
): Promise<KitEntry[]> {
  progress.grow(items.length);
  return mapLimited(items, kitConcurrency, async (item) => {
    const entry = await fetch(item);
    progress.finish(label(item));
    return entry;
  });
}

/** Whether the repository held the version before the kit asked (so it is `cached`, not `fetched`). */
export function heldBefore(ctx: EngineContext, request: PackageRequest & { version: string }): boolean {
  try {
    return holdsVersion(ctx, request);
  } catch {
    return false;
  }
}

/** A line for an artifact the endpoint would not give. */
export function missingEntry(name: string, version: string, file: string, answer: EndpointFile): KitEntry {
  const why = answer.message ? `: ${answer.message}` : '';
  return {
    name,
    version,
    outcome: 'missing',
    files: [],
    verified: false,
    detail: `${file} could not be had (HTTP ${answer.status})${why}`,
  };
}

export function skippedEntry(name: string, version: string, reason: string): KitEntry {
  return { name, version, outcome: 'skipped', files: [], verified: false, detail: reason };
}
