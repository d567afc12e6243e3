/**
 * Reference counting of asset blobs. A blob file is written before the metadata that points at it
 * is committed, and removed only after the commit that dropped the last reference, so a crash can
 * leave an unreferenced file (swept at the next start) but never a reference to a missing file.
 *
 * Inside the process, uploads and removals of the same content can overlap (a publish streams its
 * body while another request deletes the last version holding the same bytes). A lease marks a
 * digest as in use from before its upload until its metadata is committed; a removal skips leased
 * digests and is retried when the lease is released. Uploads whose digest is not known in advance
 * hold the whole domain the same way.
 */
import type { BlobHashes, BlobStore, Db, PutBlobOptions, Store } from '../../store/types';
import { storeLayout } from '../../store/layout';
import type { EngineContext } from '../context';
import { factFamily, internFactBody } from './blob-fact-bodies';
import type { PackageCoordinates } from '../packages/package-coordinates';
import { readdir } from 'node:fs/promises';

interface BlobKeeper {
  /** `domain/sha256` → number of leases. */
  readonly leases: Map<string, number>;
  /** Leased digests whose file may have no reference when the last lease ends (uploads, retained copies). */
  readonly checkOnRelease: Set<string>;
  /** `domain/sha256` → removal in progress. */
  readonly removing: Map<string, Promise<void>>;
  /** domain → uploads under way whose digest is not known yet. */
  readonly openUploads: Map<string, number>;
  /** domain → digests whose removal waits for a lease, an open upload or a hold to end. */
  readonly deferred: Map<string, Set<string>>;
  /** Holds on every removal (a backup copying files): while any is held, nothing is deleted. */
  holds: number;
  /** Folders of deleted domains whose removal waits for the holds to end. */
  readonly deferredDomains: Set<string>;
}

const keepers = new WeakMap<BlobStore, BlobKeeper>();

function keeperOf(blobs: BlobStore): BlobKeeper {
  let keeper = keepers.get(blobs);
  if (!keeper) {
    keeper = {
      leases: new Map(),
      checkOnRelease: new Set(),
      removing: new Map(),
      openUploads: new Map(),
      deferred: new Map(),
      holds: 0,
      deferredDomains: new Set(),
    };
    keepers.set(blobs, keeper);
  }
  return keeper;
}

const keyOf = (domain: string, sha256: string) => `${domain}/${sha256}`;

/** A blob stored for a domain and held until `release` (after the metadata commit, or after a failure). */
export interface StoredBlob {
  readonly domain: string;
  readonly hashes: BlobHashes;
  /**
   * What the format read from the content when it arrived, by kind (see blob_facts), recorded with
   * the blob so that no read path has to open the file again.
   */
  readonly facts?: Readonly<Record<string, string>>;
  /**
   * Ends the lease; removes the file if nothing committed a reference to it. Never rejects, and is
   * safe to call twice.
   */
  release(): Promise<void>;
}

/**
 * Runs `commit` (a synchronous metadata transaction that references `assets`' blobs), waits until it
 * is durable, and ends the blobs' leases whatever happened: a blob the commit did not reference is
 * removed then. Format endpoints answer clients directly, so they must not answer before the flush.
 */
export async function commitWithBlobs<T>(
  ctx: EngineContext,
  assets: readonly { readonly blob: StoredBlob }[],
  commit: () => T,
): Promise<T> {
  try {
    const result = commit();
    await ctx.store.flush();
    return result;
  } finally {
    await Promise.all(assets.map((asset) => asset.blob.release()));
  }
}

/**
 * Streams `source` into the domain's blob store and returns it leased. With `expectedSha256` the
 * digest is leased before a byte is written; without it the domain's removals wait for the upload.
 */
export async function storeAssetBlob(
  ctx: EngineContext,
  domain: string,
  source: Parameters<BlobStore['put']>[1],
  options: PutBlobOptions = {},
): Promise<StoredBlob> {
  const keeper = keeperOf(ctx.store.blobs);
  if (options.expectedSha256 !== undefined) {
    const expected = options.expectedSha256;
    const release = lease(ctx, keeper, domain, expected);
    try {
      // A removal that started before the lease must finish before the upload looks for the file.
      await keeper.removing.get(keyOf(domain, expected))?.catch(() => undefined);
      const hashes = await ctx.store.blobs.put(domain, source, options);
      return { domain, hashes, release };
    } catch (error) {
      await release();
      throw error;
    }
  }
  keeper.openUploads.set(domain, (keeper.openUploads.get(domain) ?? 0) + 1);
  let release: (() => Promise<void>) | undefined;
  try {
    await Promise.all(
      [...keeper.removing.entries()]
        .filter(([key]) => key.startsWith(`${domain}/`))
        .map(([, done]) => done.catch(() => undefined)),
    );
    const hashes = await ctx.store.blobs.put(domain, source, options);
    release = lease(ctx, keeper, domain, hashes.sha256);
    return { domain, hashes, release };
  } finally {
    const open = (keeper.openUploads.get(domain) ?? 1) - 1;
    if (open > 0) keeper.openUploads.set(domain, open);
    else {
      keeper.openUploads.delete(domain);
      void processDeferred(ctx, keeper, domain);
    }
  }
}

/** Holds an already stored blob (copying or retaining a version) until `release`. */
export function leaseBlob(ctx: EngineContext, domain: string, sha256: string): () => Promise<void> {
  return lease(ctx, keeperOf(ctx.store.blobs), domain, sha256);
}

/**
 * Holds a blob that the metadata just read refers to (a download opening it) until `release`. As
 * the reference existed when the lease began, the release looks for a removal only when one was
 * asked for meanwhile (and deferred by this lease), not on every download.
 */
export function leaseReferencedBlob(ctx: EngineContext, domain: string, sha256: string): () => Promise<void> {
  return lease(ctx, keeperOf(ctx.store.blobs), domain, sha256, false);
}

function lease(
  ctx: EngineContext,
  keeper: BlobKeeper,
  domain: string,
  sha256: string,
  checkOnRelease = true,
): () => Promise<void> {
  const key = keyOf(domain, sha256);
  keeper.leases.set(key, (keeper.leases.get(key) ?? 0) + 1);
  if (checkOnRelease) keeper.checkOnRelease.add(key);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    const count = (keeper.leases.get(key) ?? 1) - 1;
    if (count > 0) {
      keeper.leases.set(key, count);
      return;
    }
    keeper.leases.delete(key);
    const asked = keeper.checkOnRelease.delete(key) || keeper.deferred.get(domain)?.has(sha256) === true;
    if (!asked) return;
    // Whatever the outcome of the operation, a file nothing refers to must not stay behind.
    try {
      await removeIfUnreferenced(ctx, keeper, domain, sha256);
    } catch {
      // The store may be closing; an unreferenced file left now goes at the next start's sweep.
    }
  };
}

/**
 * Records that the domain stores a blob (the row DescribeDomain counts), with the facts read from it;
 * a no-op for what is already recorded. `owner` is the package the blob arrived with: its facts are
 * packed against that package's other texts (see internFactBody).
 */
export function recordDomainBlob(
  db: Db,
  domainId: number,
  blob: Pick<StoredBlob, 'hashes' | 'facts'>,
  now: number,
  owner?: PackageCoordinates,
): void {
  const { hashes } = blob;
  db.run(
    `INSERT INTO domain_blobs (domain_id, sha256, size, md5, sha1, sha512, created_time)
     VALUES (?, unhex(?), ?, unhex(?), unhex(?), unhex(?), ?) ON CONFLICT (domain_id, sha256) DO NOTHING`,
    [domainId, hashes.sha256, hashes.size, hashes.md5, hashes.sha1, hashes.sha512, now],
  );
  for (const [kind, body] of Object.entries(blob.facts ?? {}))
    recordBlobFact(db, domainId, hashes.sha256, kind, body, owner);
}

/**
 * The MD5, SHA-1 and SHA-512 of the domain_blobs row `b` as lowercase hex (they are stored as bytes);
 * the one way every read names them.
 */
export const blobDigestColumns =
  'lower(hex(b.md5)) AS md5, lower(hex(b.sha1)) AS sha1, lower(hex(b.sha512)) AS sha512';

/** Keeps one fact about a stored blob (the first one recorded for a kind stays: content never changes). */
export function recordBlobFact(
  db: Db,
  domainId: number,
  sha256: string,
  kind: string,
  body: string,
  owner?: PackageCoordinates,
): void {
  const recorded = db.get(
    'SELECT 1 AS found FROM blob_facts WHERE domain_id = ? AND sha256 = unhex(?) AND kind = ?',
    [domainId, sha256, kind],
  );
  if (recorded) return;
  db.run('INSERT INTO blob_facts (domain_id, sha256, kind, body_id) VALUES (?, unhex(?), ?, ?)', [
    domainId,
    sha256,
    kind,
    internFactBody(db, body, owner && factFamily(kind, owner)),
  ]);
}

/**
 * Inside the write that deleted asset rows: drops the domain_blobs rows of `candidates` that no asset
 * of the domain references any more (a trashed version's files count as referenced), and returns
 * their digests for `removeBlobFiles` after the commit.
 */
export function releaseUnreferencedBlobs(db: Db, domainId: number, candidates: Iterable<string>): string[] {
  const released: string[] = [];
  for (const sha256 of new Set(candidates)) {
    const used = db.get(
      'SELECT 1 AS used FROM package_version_assets WHERE domain_id = ? AND sha256 = unhex(?) LIMIT 1',
      [domainId, sha256],
    );
    if (used) continue;
    const trashed = db.get(
      'SELECT 1 AS used FROM trash_version_assets WHERE domain_id = ? AND sha256 = unhex(?) LIMIT 1',
      [domainId, sha256],
    );
    if (trashed) continue;
    db.run('DELETE FROM domain_blobs WHERE domain_id = ? AND sha256 = unhex(?)', [domainId, sha256]);
    released.push(sha256);
  }
  return released;
}

/** After the commit that released them: deletes the files (those still unreferenced and not in use). */
export async function removeBlobFiles(
  ctx: EngineContext,
  domain: string,
  digests: readonly string[],
): Promise<void> {
  const keeper = keeperOf(ctx.store.blobs);
  await Promise.all(digests.map((sha256) => removeIfUnreferenced(ctx, keeper, domain, sha256)));
}

function referenced(store: Store, domain: string, sha256: string): boolean {
  return store.read(
    (db) =>
      db.get(
        `SELECT 1 AS used FROM domains d CROSS JOIN domain_blobs b ON b.domain_id = d.id
         WHERE d.name = ? AND b.sha256 = unhex(?) LIMIT 1`,
        [domain, sha256],
      ) !== undefined,
  );
}

/**
 * Whether a blob file is recorded by a domain, leased, or may belong to an upload under way in its
 * domain: what keeps a removal from deleting it, and a verify from calling it orphaned.
 */
export function blobInUse(ctx: Pick<EngineContext, 'store'>, domain: string, sha256: string): boolean {
  const keeper = keeperOf(ctx.store.blobs);
  return (
    (keeper.leases.get(keyOf(domain, sha256)) ?? 0) > 0 ||
    (keeper.openUploads.get(domain) ?? 0) > 0 ||
    referenced(ctx.store, domain, sha256)
  );
}

async function removeIfUnreferenced(
  ctx: EngineContext,
  keeper: BlobKeeper,
  domain: string,
  sha256: string,
): Promise<void> {
  const key = keyOf(domain, sha256);
  if (keeper.holds > 0 || (keeper.leases.get(key) ?? 0) > 0 || (keeper.openUploads.get(domain) ?? 0) > 0) {
    let waiting = keeper.deferred.get(domain);
    if (!waiting) keeper.deferred.set(domain, (waiting = new Set()));
    waiting.add(sha256);
    return;
  }
  const inProgress = keeper.removing.get(key);
  if (inProgress) return inProgress;
  if (referenced(ctx.store, domain, sha256)) return;
  const removal = ctx.store.blobs.remove(domain, sha256).finally(() => keeper.removing.delete(key));
  keeper.removing.set(key, removal);
  return removal;
}

async function processDeferred(ctx: EngineContext, keeper: BlobKeeper, domain: string): Promise<void> {
  const waiting = keeper.deferred.get(domain);
  if (!waiting || keeper.holds > 0 || (keeper.openUploads.get(domain) ?? 0) > 0) return;
  keeper.deferred.delete(domain);
  try {
    await Promise.all([...waiting].map((sha256) => removeIfUnreferenced(ctx, keeper, domain, sha256)));
  } catch {
    // The store may be closing; whatever is left is unreferenced and goes at the next start's sweep.
  }
}

/**
 * Holds every blob file in place until the returned function is called: removals decided meanwhile
 * (a deleted version's last reference, a deleted domain's folder, the start-up sweep) wait and are
 * checked again afterwards. A backup holds the files of its point in time this way while it copies
 * them, so writes carry on and nothing it still has to copy disappears.
 */
export function holdBlobRemovals(ctx: Pick<EngineContext, 'store'>): () => Promise<void> {
  const keeper = keeperOf(ctx.store.blobs);
  keeper.holds++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    keeper.holds--;
    if (keeper.holds > 0) return;
    const full = ctx as EngineContext;
    const domains = [...keeper.deferredDomains];
    keeper.deferredDomains.clear();
    for (const domain of domains) await removeDomainFiles(full, domain).catch(() => undefined);
    await Promise.all([...keeper.deferred.keys()].map((domain) => processDeferred(full, keeper, domain)));
  };
}

function domainExists(store: Store, domain: string): boolean {
  return store.read((db) => db.get('SELECT 1 AS found FROM domains WHERE name = ?', [domain]) !== undefined);
}

/**
 * After the commit that deleted a domain: removes its blob folder, unless a hold is in force (then
 * when it ends) or a domain of the same name exists again by then (its files are its own).
 */
export async function removeDomainFiles(ctx: Pick<EngineContext, 'store'>, domain: string): Promise<void> {
  const keeper = keeperOf(ctx.store.blobs);
  if (keeper.holds > 0) {
    keeper.deferredDomains.add(domain);
    return;
  }
  if (domainExists(ctx.store, domain) || (keeper.openUploads.get(domain) ?? 0) > 0) return;
  await ctx.store.blobs.removeDomain(domain);
}

/** The blob store as the durable store implements it: it can also list what it holds. */
export interface ListableBlobStore extends BlobStore {
  list(domain: string): Promise<string[]>;
}

export interface BlobSweepReport {
  /** Blob files no domain_blobs row pointed at. */
  readonly removedBlobs: number;
  /** Blob folders of domains that no longer exist. */
  readonly removedDomains: number;
}

/** How many files the sweep looks at between two turns of the event loop. */
const sweepBatch = 500;

/**
 * Removes blob files that no domain_blobs row refers to (left by a crash between writing a blob and
 * committing its metadata, or between a commit and the removal of the files it released), and the
 * folders of domains that no longer exist. Safe while requests are served: each file goes through the
 * same check as any removal (not leased, no upload with an unknown digest under way in its domain, no
 * reference), and it yields between batches so it never holds the event loop. `signal` stops it early.
 */
export async function sweepOrphanBlobs(
  store: Store & { readonly blobs: ListableBlobStore },
  signal?: AbortSignal,
): Promise<BlobSweepReport> {
  const keeper = keeperOf(store.blobs);
  const ctx = { store } as Pick<EngineContext, 'store'> as EngineContext;
  const domainNames = (): Set<string> =>
    new Set(store.read((db) => db.all<{ name: string }>('SELECT name FROM domains')).map((row) => row.name));
  let removedBlobs = 0;
  let removedDomains = 0;
  for (const domain of domainNames()) {
    const stored = await store.blobs.list(domain);
    for (let start = 0; start < stored.length; start += sweepBatch) {
      if (signal?.aborted) return { removedBlobs, removedDomains };
      const orphans = store.read((db) =>
        stored
          .slice(start, start + sweepBatch)
          .filter(
            (sha256) =>
              db.get(
                'SELECT 1 AS used FROM domains d CROSS JOIN domain_blobs b ON b.domain_id = d.id WHERE d.name = ? AND b.sha256 = unhex(?)',
                [domain, sha256],
              ) === undefined,
          ),
      );
      for (const sha256 of orphans) {
        const before = store.blobs.has(domain, sha256);
        await removeIfUnreferenced(ctx, keeper, domain, sha256);
        if (before && !store.blobs.has(domain, sha256)) removedBlobs++;
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  let entries: string[];
  try {
    entries = await readdir(storeLayout(store.dataDir).blobsDir);
  } catch {
    entries = [];
  }
  for (const entry of entries) {
    if (signal?.aborted) break;
    // Only names that can be domains: the upload folder (.tmp) and anything else are left alone.
    if (!/^[a-z][a-z0-9-]{0,48}[a-z0-9]$/.test(entry) || domainNames().has(entry)) continue;
    if ((keeper.openUploads.get(entry) ?? 0) > 0 || keeper.holds > 0) continue;
    await store.blobs.removeDomain(entry);
    removedDomains++;
  }
  return { removedBlobs, removedDomains };
}
