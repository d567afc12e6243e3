/**
 * Opening an asset's bytes for download. The blob is leased from the moment the metadata that names
 * it is read until its file is open, so a delete that commits in between cannot remove the file
 * from under the download (an open file stays readable after it is unlinked).
 */
import { once } from 'node:events';
import { ReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { EngineContext } from '../context';
import { InternalServerException } from '../errors';
import { leaseBlob } from './asset-blobs';

/**
 * Call synchronously right after the read that found `sha256` (no `await` in between): the lease
 * must be taken before another request can run.
 */
export function openLeasedAsset(ctx: EngineContext, domain: string, sha256: string): Promise<Readable> {
  const release = leaseBlob(ctx, domain, sha256);
  return (async () => {
    try {
      const stream = ctx.store.blobs.open(domain, sha256);
      // A file stream opens asynchronously; other stream kinds are readable as they come.
      if (stream instanceof ReadStream && stream.pending) await once(stream, 'open');
      return stream;
    } catch (error) {
      throw new InternalServerException(
        `The stored file of asset ${sha256} in domain '${domain}' cannot be read: ${(error as Error).message}`,
      );
    } finally {
      await release();
    }
  })();
}
