/**
 * Reading a blob back is checked as it streams: the bytes are hashed on the way out and compared
 * with the digest the blob is named by (and the size recorded for it). The last chunk is held back
 * until the comparison is done, so a damaged file never reaches a client whole: the stream fails
 * instead, and an HTTP response built on it is cut short, which every client reports as a failed
 * transfer.
 */
import { createHash } from 'node:crypto';
import { pipeline, Transform, type Readable } from 'node:stream';

/** A stored blob whose bytes no longer match its digest or recorded size. */
export class BlobDamagedError extends Error {
  override readonly name = 'BlobDamagedError';
  constructor(
    readonly domain: string,
    readonly sha256: string,
    readonly detail: string,
  ) {
    super(`The stored file of blob ${sha256} in domain '${domain}' is damaged: ${detail}`);
  }
}

export function verifiedRead(
  source: Readable,
  domain: string,
  sha256: string,
  expectedSize?: number,
): Readable {
  const hash = createHash('sha256');
  let size = 0;
  let held: Buffer | undefined;
  const damaged = (detail: string) => new BlobDamagedError(domain, sha256, detail);
  const check = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      if (expectedSize !== undefined && size > expectedSize) {
        callback(damaged(`it holds more than the recorded ${expectedSize} bytes`));
        return;
      }
      const ready = held;
      held = chunk;
      callback(null, ready);
    },
    flush(callback) {
      if (expectedSize !== undefined && size !== expectedSize) {
        callback(damaged(`it holds ${size} bytes, not the recorded ${expectedSize}`));
        return;
      }
      const actual = hash.digest('hex');
      if (actual !== sha256) {
        callback(damaged(`its content hashes to ${actual}`));
        return;
      }
      if (held) this.push(held);
      callback();
    },
  });
  pipeline(source, check, () => undefined);
  return check;
}
