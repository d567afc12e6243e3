/**
 * The bytes of an asset as callers hand them over: the HTTP endpoint passes the request stream,
 * IPC passes bytes, tests and the SDK-shaped API may pass a string, a Blob or a web stream. All of
 * them become one async iterable of bytes, read once, never buffered whole here.
 */
import { Readable } from 'node:stream';
import { ValidationException } from '../errors';

export type AssetSource = Readable | AsyncIterable<Uint8Array>;

function isAsyncIterable(value: object): value is AsyncIterable<Uint8Array> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

export function assetSource(content: unknown): AssetSource {
  if (content instanceof Readable) return content;
  if (typeof content === 'string') return Readable.from([Buffer.from(content, 'utf8')]);
  if (content instanceof Uint8Array) return Readable.from([content]);
  if (content instanceof ArrayBuffer) return Readable.from([new Uint8Array(content)]);
  if (typeof Blob !== 'undefined' && content instanceof Blob) {
    return Readable.fromWeb(content.stream() as Parameters<typeof Readable.fromWeb>[0]);
  }
  if (typeof content === 'object' && content !== null && isAsyncIterable(content)) return content;
  throw new ValidationException(
    'The asset content must be a stream, bytes or a string; the request carried none of these.',
  );
}
