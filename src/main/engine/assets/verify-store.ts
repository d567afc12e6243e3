/**
 * `verify`: reads every blob the store records and checks it against its SHA-256 and recorded size,
 * and lists files in the blob folders that nothing records. Damaged and missing blobs are marked (as
 * a download would mark them); blobs that verify again clear their mark. Progress is reported per
 * blob so a UI job can show a bar.
 */
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { BlobDamagedError, BlobNotFoundError } from '../../store';
import type { EngineContext } from '../context';
import type { ListableBlobStore } from './asset-blobs';
import { clearBlobDamage, recordBlobDamage } from './blob-damage';

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
         WHERE a.domain_id = ? AND a.sha256 = ? ORDER BY label`,
        [domainId, sha256],
      ),
    )
    .map((row) => row.label);
}

export async function verifyStore(
  ctx: EngineContext & { readonly store: { readonly blobs: ListableBlobStore } },
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<VerifyReport> {
  const blobs = ctx.store.read((db) =>
    db.all<{ domain_id: number; domain: string; sha256: string; size: number }>(
      `SELECT b.domain_id, d.name AS domain, b.sha256, b.size FROM domain_blobs b
       JOIN domains d ON d.id = b.domain_id ORDER BY d.name, b.sha256`,
    ),
  );
  const findings: VerifyFinding[] = [];
  let intact = 0;
  for (const [index, blob] of blobs.entries()) {
    onProgress(index, blobs.length);
    const what = `blob ${blob.sha256}`;
    try {
      const stream = await ctx.store.blobs.openVerified(blob.domain, blob.sha256, blob.size);
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
  onProgress(blobs.length, blobs.length);
  const recorded = new Set(blobs.map((blob) => `${blob.domain}/${blob.sha256}`));
  const domains = ctx.store.read((db) => db.all<{ name: string }>('SELECT name FROM domains'));
  for (const domain of domains) {
    for (const sha256 of await ctx.store.blobs.list(domain.name)) {
      if (!recorded.has(`${domain.name}/${sha256}`)) {
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
  return { checked: blobs.length, intact, findings };
}
