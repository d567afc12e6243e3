/**
 * What the store knows about damaged and missing blob files. A download or `verify` that finds a
 * blob's file damaged (its bytes do not hash to its digest, or its size changed) or gone records it
 * here; the log says so once, when the mark is first made, and the UI lists the marks. A repaired
 * file clears its mark.
 */
import type { Db } from '../../store/types';
import type { EngineContext } from '../context';
import { blobKeyHex } from './blob-keys';

export type BlobDamageKind = 'damaged' | 'missing';

export interface DamagedAsset {
  readonly domain: string;
  readonly repository: string;
  readonly format: string;
  /** '' for packages without a namespace. */
  readonly namespace: string;
  readonly package: string;
  readonly version: string;
  readonly asset: string;
  readonly sha256: string;
  readonly kind: BlobDamageKind;
  readonly detail: string;
  readonly detectedTime: Date;
}

let log = (message: string): void => console.error(`[store] ${message}`);

/** Where damage reports go (stderr unless replaced; tests collect them). */
export function setBlobDamageLog(next: (message: string) => void): () => void {
  const previous = log;
  log = next;
  return () => {
    log = previous;
  };
}

/**
 * Marks the blob; logs only when the mark is new or changes kind. Never throws: a read that failed
 * must report its own failure, not one from recording it.
 */
export function recordBlobDamage(
  ctx: EngineContext,
  domain: string,
  sha256: string,
  kind: BlobDamageKind,
  detail: string,
  what: string,
): void {
  let marked: boolean;
  try {
    marked = ctx.store.write(
      (db) =>
        db.run(
          `INSERT INTO blob_damage (domain_id, sha256, kind, detail, detected_time)
           SELECT d.id, b.sha256, ?, ?, ? FROM domains d CROSS JOIN domain_blobs b ON b.domain_id = d.id
           WHERE d.name = ? AND b.sha256 = unhex(?)
           ON CONFLICT (domain_id, sha256) DO UPDATE SET kind = excluded.kind, detail = excluded.detail,
             detected_time = excluded.detected_time WHERE kind <> excluded.kind`,
          [kind, detail, ctx.now().getTime(), domain, sha256],
        ).changes > 0,
    );
  } catch {
    marked = true;
  }
  if (marked) {
    log(
      `${what} is ${kind === 'missing' ? 'missing its stored file' : 'damaged'} (domain '${domain}', blob ${sha256}): ${detail}. ` +
        'Downloads of it fail until it is repaired; stop the service and run `artifact-desk verify` to list every damaged, missing and orphaned file.',
    );
  }
}

/** Logs that a damaged or missing blob was put right by fetching it again. */
export function reportBlobRepaired(what: string, domain: string, sha256: string, detail: string): void {
  log(`${what} was damaged or missing (domain '${domain}', blob ${sha256}) and is whole again: ${detail}.`);
}

export function clearBlobDamage(db: Db, domainId: number, sha256: string): void {
  db.run('DELETE FROM blob_damage WHERE domain_id = ? AND sha256 = unhex(?)', [domainId, sha256]);
}

/** Every asset whose blob is marked, optionally of one domain. */
export function listDamagedAssets(db: Db, domain?: string): DamagedAsset[] {
  return db
    .all<{
      domain: string;
      repository: string;
      format: string;
      namespace: string;
      package: string;
      version: string;
      asset: string;
      sha256: string;
      kind: BlobDamageKind;
      detail: string;
      detected_time: number;
    }>(
      `SELECT d.name AS domain, r.name AS repository, p.format, p.namespace, p.name AS package,
              v.version, a.name AS asset, ${blobKeyHex('a.sha256')}, x.kind, x.detail, x.detected_time
       FROM blob_damage x
       JOIN domains d ON d.id = x.domain_id
       JOIN package_version_assets a ON a.domain_id = x.domain_id AND a.sha256 = x.sha256
       JOIN package_versions v ON v.id = a.version_id
       JOIN packages p ON p.id = v.package_id
       JOIN repositories r ON r.id = p.repository_id
       WHERE ? IS NULL OR d.name = ?
       ORDER BY d.name, r.name, p.format, p.namespace, p.name, v.version, a.name`,
      [domain ?? null, domain ?? null],
    )
    .map(({ detected_time, ...row }) => ({ ...row, detectedTime: new Date(detected_time) }));
}
