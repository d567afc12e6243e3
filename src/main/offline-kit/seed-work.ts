/**
 * What every seed source shares: publishing one version whose files are already in the blob store
 * into the chosen repository (through the format's own publish path), telling `imported` from
 * `present` (the repository held the same files) from `skipped` (a different file under the same
 * name, an engine refusal), and progress over a list that grows as a cache is read.
 */
import type { SeedEntry, SeedProgress, SeedSourceKind } from '../../shared/seed';
import type { StoredBlob } from '../engine/assets/asset-blobs';
import type { EngineContext } from '../engine/context';
import { findAsset, findPackage, findVersion } from '../engine/packages/package-records';
import {
  packageOf,
  repositoryNames,
  requireTarget,
  type PackageRequest,
} from '../engine/packages/package-target';

export interface SeedTarget {
  readonly domain: string;
  readonly domainOwner?: string;
  readonly repository: string;
}

export type SeedProgressSink = (progress: SeedProgress) => void;

/** Counts finished entries against a total that grows as each cache is listed. */
export class SeedCounter {
  private done = 0;
  private total = 0;

  constructor(private readonly sink: SeedProgressSink | undefined) {}

  grow(by: number): void {
    this.total += by;
    this.sink?.({ done: this.done, total: this.total });
  }

  finish(current: string): void {
    this.done += 1;
    this.sink?.({ done: this.done, total: this.total, current });
  }
}

export interface SeedAsset {
  readonly name: string;
  readonly blob: StoredBlob;
}

export interface SeedVersion {
  readonly format: SeedSourceKind;
  /** How the report names the package (`@scope/name`, `group:artifact`, a project). */
  readonly label: string;
  readonly pkg: PackageRequest;
  readonly version: string;
  readonly assets: readonly SeedAsset[];
  /** Publishes the assets (and releases their blobs, as every engine publish does). */
  readonly publish: () => Promise<unknown>;
}

/** The repository's own record of the version's assets (name → SHA-256), or undefined when it has none. */
function heldAssets(ctx: EngineContext, request: SeedVersion): Map<string, string> | undefined {
  const names = repositoryNames(ctx, request.pkg);
  const coordinates = packageOf(request.pkg);
  return ctx.store.read((db) => {
    const { repository } = requireTarget(db, names);
    const pkg = findPackage(db, repository.id, coordinates);
    const row = pkg && findVersion(db, pkg.id, request.version);
    if (!row) return undefined;
    const held = new Map<string, string>();
    for (const asset of request.assets) {
      const found = findAsset(db, row.id, asset.name);
      if (found) held.set(asset.name, found.sha256);
    }
    return held;
  });
}

export function seedSkipped(
  format: SeedSourceKind,
  name: string,
  version: string,
  reason: string,
): SeedEntry {
  return { format, name, version, outcome: 'skipped', files: [], detail: reason };
}

/**
 * Publishes the version unless the repository already holds the same files; a file held with other
 * bytes, or a publish the engine refuses (origin controls, an archived version), is a skip with the
 * engine's message. The blobs are released on every path.
 */
export async function seedVersion(ctx: EngineContext, request: SeedVersion): Promise<SeedEntry> {
  const files = request.assets.map((asset) => asset.name);
  const base = { format: request.format, name: request.label, version: request.version };
  const releaseAll = () => Promise.all(request.assets.map((asset) => asset.blob.release()));
  try {
    const held = heldAssets(ctx, request);
    const different = request.assets.find(
      (asset) => held?.has(asset.name) === true && held.get(asset.name) !== asset.blob.hashes.sha256,
    );
    if (different) {
      await releaseAll();
      return {
        ...base,
        outcome: 'skipped',
        files: [],
        detail: `the repository already holds ${different.name} with other content`,
      };
    }
    if (held && request.assets.every((asset) => held.has(asset.name))) {
      await releaseAll();
      return { ...base, outcome: 'present', files };
    }
    await request.publish();
    return { ...base, outcome: 'imported', files };
  } catch (error) {
    await releaseAll();
    return { ...base, outcome: 'skipped', files: [], detail: (error as Error).message };
  }
}
