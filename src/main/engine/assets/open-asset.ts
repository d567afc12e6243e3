/**
 * Opening an asset's bytes for download. The blob is leased from the moment the metadata that names
 * it is read until its file is open, so a delete that commits in between cannot remove the file
 * from under the download (an open file stays readable after it is unlinked).
 *
 * Every download is verified while it streams (store/verified-read.ts): a file whose bytes no longer
 * match its digest or recorded size fails the stream before its last chunk, and is recorded as
 * damaged; a missing file is a ResourceNotFoundException naming the asset, recorded as missing.
 */
import type { Readable } from 'node:stream';
import { BlobDamagedError, BlobNotFoundError } from '../../store';
import type { EngineContext } from '../context';
import { InternalServerException, ResourceNotFoundException } from '../errors';
import { leaseBlob } from './asset-blobs';
import { recordBlobDamage } from './blob-damage';

function recordedSize(ctx: EngineContext, domain: string, sha256: string): number | undefined {
  return ctx.store.read(
    (db) =>
      db.get<{ size: number }>(
        `SELECT b.size FROM domain_blobs b JOIN domains d ON d.id = b.domain_id
         WHERE d.name = ? AND b.sha256 = ?`,
        [domain, sha256],
      )?.size,
  );
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
  const release = leaseBlob(ctx, domain, sha256);
  const size = recordedSize(ctx, domain, sha256);
  return (async () => {
    try {
      const stream = await ctx.store.blobs.openVerified(domain, sha256, size);
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
