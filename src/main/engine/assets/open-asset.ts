/**
 * Opening an asset's bytes for download. The blob is leased from the moment the metadata that names
 * it is read until its file is open, so a delete that commits in between cannot remove the file
 * from under the download (an open file stays readable after it is unlinked).
 *
 * Every download is verified while it streams (store/verified-read.ts): a file whose bytes no longer
 * match its digest or recorded size fails the stream before its last chunk, and is recorded as
 * damaged; a missing file is a ResourceNotFoundException naming the asset, recorded as missing.
 *
 * Where the service can fetch from upstreams (ctx.repairBlob), a blob already marked damaged, missing
 * from the data directory, or of another size than recorded is first fetched again from the
 * upstream its external versions came through, and the download then serves the good copy. Damage
 * that keeps the size is only seen by hashing: that download fails and marks the blob, and the next
 * one re-fetches it.
 *
 * A blob of up to `wholeReadMaxBytes` is read whole and checked before anything is sent (one open,
 * one read, one close; its size is checked by the read itself, not by a stat first), and handed on as
 * `VerifiedBytes`, which a sender can write in one piece. Larger blobs stream through the check.
 */
import { Readable } from 'node:stream';
import { BlobDamagedError, BlobNotFoundError, wholeReadMaxBytes } from '../../store';
import type { BlobRepairOutcome, EngineContext } from '../context';
import { InternalServerException, ResourceNotFoundException } from '../errors';
import { leaseReferencedBlob } from './asset-blobs';
import { recordBlobDamage, reportBlobRepaired } from './blob-damage';

/** The blob's recorded size and whether it is marked damaged: one query, as every download asks both. */
function blobFacts(
  ctx: EngineContext,
  domain: string,
  sha256: string,
): { readonly size: number | undefined; readonly marked: boolean } {
  const row = ctx.store.read((db) =>
    db.get<{ size: number | null; marked: number }>(
      `SELECT (SELECT b.size FROM domain_blobs b WHERE b.domain_id = d.id AND b.sha256 = unhex(?)) AS size,
              EXISTS (SELECT 1 FROM blob_damage x WHERE x.domain_id = d.id AND x.sha256 = unhex(?)) AS marked
         FROM domains d WHERE d.name = ?`,
      [sha256, sha256, domain],
    ),
  );
  return { size: row?.size ?? undefined, marked: row?.marked === 1 };
}

/** Whether the stored file is known to be bad or cannot be right: marked, absent, or of another size. */
async function looksBad(
  ctx: EngineContext,
  domain: string,
  sha256: string,
  facts: { readonly size: number | undefined; readonly marked: boolean },
): Promise<boolean> {
  if (facts.marked) return true;
  const stored = await ctx.store.blobs.size(domain, sha256);
  return stored === undefined || (facts.size !== undefined && stored !== facts.size);
}

/** Re-fetches the blob when it looks bad and an upstream may hold it; never throws. */
async function repairBeforeUse(
  ctx: EngineContext,
  domain: string,
  sha256: string,
  facts: { readonly size: number | undefined; readonly marked: boolean },
  what: string,
): Promise<BlobRepairOutcome | undefined> {
  if (!ctx.repairBlob || !(await looksBad(ctx, domain, sha256, facts))) return undefined;
  return repairNow(ctx, domain, sha256, what);
}

/** A whole small blob already checked against its digest and size: a stream of one chunk, `bytes`. */
export class VerifiedBytes extends Readable {
  constructor(readonly bytes: Buffer) {
    super();
  }

  override _read(): void {
    this.push(this.bytes);
    this.push(null);
  }
}

/** A stream that fails with `error` once read: a download cut short after its headers, as a damaged stream ends. */
function failing(error: Error): Readable {
  return new Readable({
    read() {
      this.destroy(error);
    },
  });
}

/** Fetches the blob again when an upstream may hold it; never throws. */
async function repairNow(
  ctx: EngineContext,
  domain: string,
  sha256: string,
  what: string,
): Promise<BlobRepairOutcome | undefined> {
  if (!ctx.repairBlob) return undefined;
  try {
    const outcome = await ctx.repairBlob(domain, sha256);
    if (outcome.repaired) reportBlobRepaired(what, domain, sha256, outcome.detail);
    return outcome;
  } catch (error) {
    return { repaired: false, fromUpstream: true, detail: `not re-fetched: ${(error as Error).message}` };
  }
}

/**
 * A small blob read whole: a marked one, or one the read finds missing or of another size, is fetched
 * again first where an upstream may hold it (once); same-size damage fails this download and marks
 * it. No `body` when the file is missing, with what the re-fetch said.
 */
async function readSmall(
  ctx: EngineContext,
  domain: string,
  sha256: string,
  facts: { readonly size: number; readonly marked: boolean },
  what: string,
): Promise<{ readonly body?: Readable; readonly repair?: BlobRepairOutcome }> {
  let repair = facts.marked ? await repairNow(ctx, domain, sha256, what) : undefined;
  for (;;) {
    try {
      return { body: new VerifiedBytes(await ctx.store.blobs.readVerified(domain, sha256, facts.size)) };
    } catch (error) {
      const missing = error instanceof BlobNotFoundError;
      const resized = error instanceof BlobDamagedError && error.mismatch === 'size';
      if ((missing || resized) && ctx.repairBlob && repair === undefined) {
        repair = await repairNow(ctx, domain, sha256, what);
        continue;
      }
      if (missing) return { repair };
      if (!(error instanceof BlobDamagedError)) throw error;
      recordBlobDamage(ctx, domain, sha256, 'damaged', error.detail, what);
      return { body: failing(error), repair };
    }
  }
}

/**
 * Call synchronously right after the read that found `sha256` (no `await` in between): the lease
 * must be taken before another request can run. `what` names the asset in errors and the log
 * (`asset 'lib-1.0.tgz' of lib 1.0`).
 */
export function openLeasedAsset(
  ctx: EngineContext,
  domain: string,
  sha256: string,
  what = `blob ${sha256}`,
): Promise<Readable> {
  const release = leaseReferencedBlob(ctx, domain, sha256);
  const facts = blobFacts(ctx, domain, sha256);
  return (async () => {
    let repair: BlobRepairOutcome | undefined;
    try {
      if (facts.size !== undefined && facts.size <= wholeReadMaxBytes) {
        const small = await readSmall(ctx, domain, sha256, { size: facts.size, marked: facts.marked }, what);
        if (small.body) return small.body;
        repair = small.repair;
        throw new BlobNotFoundError(domain, sha256);
      }
      repair = await repairBeforeUse(ctx, domain, sha256, facts, what);
      const stream = await ctx.store.blobs.openVerified(domain, sha256, facts.size);
      stream.on('error', (error) => {
        if (error instanceof BlobDamagedError)
          recordBlobDamage(ctx, domain, sha256, 'damaged', error.detail, what);
      });
      return stream;
    } catch (error) {
      if (error instanceof BlobNotFoundError) {
        recordBlobDamage(ctx, domain, sha256, 'missing', 'the file is not in the data directory', what);
        throw new ResourceNotFoundException(
          `The stored file of ${what} is missing from the data directory, so it cannot be downloaded; ` +
            (repair?.fromUpstream
              ? `Fetching it again from the upstream did not work (${repair.detail}); `
              : '') +
            'stop the service and run `artifact-desk verify` to check the whole store.',
          sha256,
          'asset',
        );
      }
      throw new InternalServerException(
        `The stored file of ${what} in domain '${domain}' cannot be read: ${(error as Error).message}`,
      );
    } finally {
      await release();
    }
  })();
}
