/**
 * The package.json inside each stored tarball, read once and kept in memory by content digest: a
 * tarball never changes, so neither does what its manifest says. Packuments are built from these,
 * which keeps fields the engine does not model (bin, engines, os, cpu, install scripts) exact.
 */
import type { EngineContext } from '../../../engine/context';
import { openLeasedAsset } from '../../../engine/assets/open-asset';
import { readTarballFiles } from './tarball-reader';
import type { Manifest } from './npm-manifest';

const maxEntries = 20_000;
const cache = new Map<string, Manifest | null>();

function remember(key: string, manifest: Manifest | null): void {
  if (cache.size >= maxEntries) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(key, manifest);
}

/** Called by publish and ingest, which already parsed the tarball. */
export function rememberManifest(domain: string, sha256: string, manifest: Manifest | undefined): void {
  const { readme: _readme, ...kept } = manifest ?? {};
  remember(`${domain}/${sha256}`, manifest ? kept : null);
}

export function cachedManifest(domain: string, sha256: string): Manifest | null | undefined {
  return cache.get(`${domain}/${sha256}`);
}

/**
 * Starts reading the manifests not cached yet. Must be called synchronously right after the store
 * read that found the digests (the leases are taken before anything else can run).
 */
export function loadManifests(
  ctx: EngineContext,
  domain: string,
  digests: readonly string[],
): Promise<Map<string, Manifest | null>> {
  const pending: [string, Promise<Manifest | null>][] = [];
  const out = new Map<string, Manifest | null>();
  for (const sha256 of new Set(digests)) {
    const hit = cachedManifest(domain, sha256);
    if (hit !== undefined) {
      out.set(sha256, hit);
      continue;
    }
    const opened = openLeasedAsset(ctx, domain, sha256);
    pending.push([
      sha256,
      opened
        .then((stream) => readTarballFiles(stream))
        .then((files) => files.manifest ?? null)
        .catch(() => null),
    ]);
  }
  return (async () => {
    for (const [sha256, promise] of pending) {
      const manifest = await promise;
      rememberManifest(domain, sha256, manifest ?? undefined);
      out.set(sha256, cachedManifest(domain, sha256) ?? null);
    }
    return out;
  })();
}
