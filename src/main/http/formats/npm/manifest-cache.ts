/**
 * Tarballs stored before their package.json fields were recorded with them (blob_facts): the first
 * packument that lists such a version reads the tarball once and records the fields, so later reads
 * never open it again. Everything published or ingested since is recorded when it arrives.
 */
import type { EngineContext } from '../../../engine/context';
import { openLeasedAsset } from '../../../engine/assets/open-asset';
import { recordBlobFact } from '../../../engine/assets/asset-blobs';
import type { DomainRow } from '../../../engine/lookups';
import { readTarballFiles } from './tarball-reader';
import { npmManifestFacts } from './npm-manifest';

/**
 * The facts of each digest, read from the tarballs and recorded. Must be called synchronously right
 * after the store read that found the digests (the leases are taken before anything else can run).
 */
export async function backfillManifestFacts(
  ctx: EngineContext,
  domain: DomainRow,
  digests: readonly string[],
): Promise<Map<string, Record<string, string>>> {
  const reads = [...new Set(digests)].map((sha256) => ({
    sha256,
    manifest: openLeasedAsset(ctx, domain.name, sha256)
      .then((stream) => readTarballFiles(stream))
      .then((files) => files.manifest)
      .catch(() => undefined),
  }));
  const out = new Map<string, Record<string, string>>();
  for (const { sha256, manifest } of reads) out.set(sha256, npmManifestFacts(await manifest));
  try {
    ctx.store.write((db) => {
      for (const [sha256, facts] of out) {
        // Only while the blob is still recorded (it may have been deleted meanwhile).
        if (
          !db.get('SELECT 1 AS found FROM domain_blobs WHERE domain_id = ? AND sha256 = unhex(?)', [
            domain.id,
            sha256,
          ])
        )
          continue;
        for (const [kind, body] of Object.entries(facts)) recordBlobFact(db, domain.id, sha256, kind, body);
      }
    });
  } catch {
    // Recording is an optimisation: the document is right either way, and the next read tries again.
  }
  return out;
}
