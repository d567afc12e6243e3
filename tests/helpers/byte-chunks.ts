/** Bytes as a test sends them to the blob store: a digest to compare with, and a body in pieces. */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

export function hexDigest(algorithm: string, bytes: Uint8Array): string {
  return createHash(algorithm).update(bytes).digest('hex');
}

/** `bytes` as a stream of `size`-byte pieces (HTTP bodies arrive in pieces; odd sizes split buffers unevenly). */
export function chunkedStream(bytes: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}
