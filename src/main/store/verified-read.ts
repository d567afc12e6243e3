/**
 * Reading a blob back is checked as it streams: the bytes are hashed on the way out and compared
 * with the digest the blob is named by (and the size recorded for it). The last chunk is held back
 * until the comparison is done, so a damaged file never reaches a client whole: the stream fails
 * instead, and an HTTP response built on it is cut short, which every client reports as a failed
 * transfer. A small blob is read whole instead (`checkWholeRead`): checked before any byte is sent.
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
    /** What does not match: the size recorded for the blob, or (same size) its content. */
    readonly mismatch: 'size' | 'content' = 'content',
  ) {
    super(`The stored file of blob ${sha256} in domain '${domain}' is damaged: ${detail}`);
  }
}

/**
 * Checks bytes read back whole: `bytes` holds what the file gave when asked for one byte more than
 * `expectedSize`, so a longer file shows as well as a shorter one. Returns them when they are the
 * blob, throws BlobDamagedError otherwise.
 */
export function checkWholeRead(bytes: Buffer, domain: string, sha256: string, expectedSize: number): Buffer {
  if (bytes.length !== expectedSize) {
    const detail =
      bytes.length > expectedSize
        ? `it holds more than the recorded ${expectedSize} bytes`
        : `it holds ${bytes.length} bytes, not the recorded ${expectedSize}`;
    throw new BlobDamagedError(domain, sha256, detail, 'size');
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) throw new BlobDamagedError(domain, sha256, `its content hashes to ${actual}`);
  return bytes;
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
  const damaged = (detail: string, mismatch?: 'size' | 'content') =>
    new BlobDamagedError(domain, sha256, detail, mismatch);
  const check = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      if (expectedSize !== undefined && size > expectedSize) {
        callback(damaged(`it holds more than the recorded ${expectedSize} bytes`, 'size'));
        return;
      }
      const ready = held;
      held = chunk;
      callback(null, ready);
    },
    flush(callback) {
      if (expectedSize !== undefined && size !== expectedSize) {
        callback(damaged(`it holds ${size} bytes, not the recorded ${expectedSize}`, 'size'));
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
