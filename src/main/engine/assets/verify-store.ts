/**
 * `verify`: reads every blob the store records and checks it against its SHA-256 and recorded size,
 * and lists files in the blob folders that nothing records. Damaged and missing blobs are marked (as
 * a download would mark them); blobs that verify again clear their mark. Progress is reported per
 * blob (files and bytes) so a UI job can show a bar.
 *
 * It runs the same on a stopped data directory (the `verify` command) and on a running service (the
 * UI's job): removals are held while it reads, so a version deleted meanwhile does not show up as a
 * missing file, and a file is only called orphaned when nothing recorded it at the start, nothing
 * records it at the end, and no upload holds it.
 */
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { BlobDamagedError, BlobNotFoundError } from '../../store';
import type { EngineContext } from '../context';
import type { BlobStore } from '../../store/types';
import { blobInUse, holdBlobRemovals, type ListableBlobStore } from './asset-blobs';
import { clearBlobDamage, recordBlobDamage } from './blob-damage';
import { blobKeyHex } from './blob-keys';

export interface VerifyFinding {
  readonly domain: string;
  readonly sha256: string;
  readonly kind: 'damaged' | 'missing' | 'orphaned';
  readonly detail: string;
  /** Assets that use the blob (`repository/format/package@version/asset`). */
  readonly assets: readonly string[];
}

export interface VerifyReport {
  readonly checked: number;
  readonly intact: number;
  /** Bytes read, by the sizes recorded for the blobs. */
  readonly bytes: number;
  readonly findings: readonly VerifyFinding[];
}

function assetsOf(ctx: EngineContext, domainId: number, sha256: string): string[] {
  return ctx.store
    .read((db) =>
      db.all<{ label: string }>(
        `SELECT r.name || '/' || p.format || '/' || CASE WHEN p.namespace = '' THEN '' ELSE p.namespace || '/' END
                || p.name || '@' || v.version || '/' || a.name AS label
         FROM package_version_assets a JOIN package_versions v ON v.id = a.version_id
         JOIN packages p ON p.id = v.package_id JOIN repositories r ON r.id = p.repository_id
         WHERE a.domain_id = ? AND a.sha256 = unhex(?) ORDER BY label`,
        [domainId, sha256],
      ),
    )
    .map((row) => row.label);
}

/** Blobs checked of all, and their bytes of all (by the sizes recorded for them). */
export type VerifyProgress = (done: number, total: number, bytesDone: number, bytesTotal: number) => void;

function listable(blobs: BlobStore): ListableBlobStore {
  if (typeof (blobs as Partial<ListableBlobStore>).list !== 'function') {
    throw new Error('This blob store cannot list its files, so it cannot be verified.');
  }
  return blobs as ListableBlobStore;
}

export async function verifyStore(
  ctx: EngineContext,
  onProgress: VerifyProgress = () => undefined,
): Promise<VerifyReport> {
  const files = listable(ctx.store.blobs);
  const release = holdBlobRemovals(ctx);
  try {
    return await verifyHeld(ctx, files, onProgress);
  } finally {
    await release();
  }
}

async function verifyHeld(
  ctx: EngineContext,
  files: ListableBlobStore,
  onProgress: VerifyProgress,
): Promise<VerifyReport> {
  const blobs = ctx.store.read((db) =>
    db.all<{ domain_id: number; domain: string; sha256: string; size: number }>(
      `SELECT b.domain_id, d.name AS domain, ${blobKeyHex('b.sha256')}, b.size FROM domain_blobs b
       JOIN domains d ON d.id = b.domain_id ORDER BY d.name, b.sha256`,
    ),
  );
  const findings: VerifyFinding[] = [];
  let intact = 0;
  const bytesTotal = blobs.reduce((sum, blob) => sum + blob.size, 0);
  let bytesDone = 0;
  for (const [index, blob] of blobs.entries()) {
    onProgress(index, blobs.length, bytesDone, bytesTotal);
    bytesDone += blob.size;
    const what = `blob ${blob.sha256}`;
    try {
      const stream = await files.openVerified(blob.domain, blob.sha256, blob.size);
      await pipeline(stream, new Writable({ write: (_chunk, _encoding, done) => done() }));
      intact++;
      ctx.store.write((db) => clearBlobDamage(db, blob.domain_id, blob.sha256));
    } catch (error) {
      const kind = error instanceof BlobNotFoundError ? 'missing' : 'damaged';
      const detail =
        error instanceof BlobDamagedError
          ? error.detail
          : error instanceof BlobNotFoundError
            ? 'the file is not in the data directory'
            : (error as Error).message;
      recordBlobDamage(ctx, blob.domain, blob.sha256, kind, detail, what);
      findings.push({ ...blob, kind, detail, assets: assetsOf(ctx, blob.domain_id, blob.sha256) });
    }
  }
  onProgress(blobs.length, blobs.length, bytesDone, bytesTotal);
  const recorded = new Set(blobs.map((blob) => `${blob.domain}/${blob.sha256}`));
  const domains = ctx.store.read((db) => db.all<{ name: string }>('SELECT name FROM domains'));
  for (const domain of domains) {
    for (const sha256 of await files.list(domain.name)) {
      if (!recorded.has(`${domain.name}/${sha256}`) && !blobInUse(ctx, domain.name, sha256)) {
        findings.push({
          domain: domain.name,
          sha256,
          kind: 'orphaned',
          detail: 'no asset records this file',
          assets: [],
        });
      }
    }
  }
  return { checked: blobs.length, intact, bytes: bytesTotal, findings };
}
