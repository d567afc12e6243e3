/**
 * A streaming reader of `multipart/form-data` bodies (RFC 7578), enough for the legacy upload API
 * twine speaks. Each part is handed over as a stream while the body is still arriving, so a large
 * wheel goes straight to the blob store and is never held in memory whole.
 */
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { ValidationException } from '../../../engine/errors';

export interface MultipartPart {
  /** The form field name. */
  readonly name: string;
  /** Present for file fields. */
  readonly filename?: string;
  readonly contentType?: string;
  /** The part's bytes; must be consumed (or resumed) by the callback. */
  readonly body: Readable;
}

/** Limit on one part's header block: a sane client sends a few hundred bytes. */
const maxHeaderBytes = 16 * 1024;

/** The boundary of a `multipart/form-data` Content-Type, or undefined for any other type. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  return boundary && boundary.length <= 200 ? boundary : undefined;
}

function headerParam(value: string, param: string): string | undefined {
  const quoted = new RegExp(`;\\s*${param}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(value);
  if (quoted?.[1] !== undefined) return quoted[1].replace(/\\(.)/g, '$1');
  const bare = new RegExp(`;\\s*${param}\\s*=\\s*([^;\\s]+)`, 'i').exec(value);
  return bare?.[1];
}

function parsePartHeaders(block: string): { name: string; filename?: string; contentType?: string } {
  let disposition: string | undefined;
  let contentType: string | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') disposition = value;
    else if (key === 'content-type') contentType = value;
  }
  const name = disposition === undefined ? undefined : headerParam(disposition, 'name');
  if (!disposition || !/^form-data\b/i.test(disposition) || name === undefined) {
    throw new ValidationException('A multipart part lacks a form-data Content-Disposition with a name.');
  }
  const filename = headerParam(disposition, 'filename');
  return { name, filename, contentType };
}

/**
 * Reads `source` part by part. `onPart` is called for each part as soon as its headers are known and
 * must consume the part's body; its promise is awaited once the part ends, before the next one starts.
 */
export async function readMultipart(
  source: AsyncIterable<Buffer | string>,
  boundary: string,
  onPart: (part: MultipartPart) => Promise<void>,
): Promise<void> {
  // Prefixing CRLF lets the first delimiter be found exactly like the others.
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  let buffer: Buffer = Buffer.from('\r\n', 'latin1');
  let state: 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done' = 'preamble';
  let current: { body: PassThrough; done: Promise<void> } | undefined;

  const write = async (bytes: Buffer): Promise<void> => {
    if (!current || bytes.length === 0) return;
    if (!current.body.write(bytes)) {
      // Whichever comes first: room in the stream, or the consumer giving up.
      await Promise.race([once(current.body, 'drain'), current.done]);
    }
  };
  const finishPart = async (): Promise<void> => {
    if (!current) return;
    const part = current;
    current = undefined;
    part.body.end();
    await part.done;
  };

  try {
    for await (const chunk of source) {
      buffer = Buffer.concat([buffer, typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk]);
      for (;;) {
        if (state === 'preamble' || state === 'body') {
          const at = buffer.indexOf(delimiter);
          if (at < 0) {
            // Keep a tail that may be the start of a delimiter split across chunks.
            const safe = Math.max(0, buffer.length - (delimiter.length - 1));
            if (state === 'body') await write(buffer.subarray(0, safe));
            buffer = buffer.subarray(safe);
            break;
          }
          if (state === 'body') {
            await write(buffer.subarray(0, at));
            await finishPart();
          }
          buffer = buffer.subarray(at + delimiter.length);
          state = 'after-delimiter';
        }
        if (state === 'after-delimiter') {
          if (buffer.length < 2) break;
          const marker = buffer.subarray(0, 2).toString('latin1');
          if (marker === '--') {
            state = 'done';
            break;
          }
          // Transport padding (spaces, tabs) may follow a delimiter before its CRLF.
          const eol = buffer.indexOf('\r\n');
          if (eol < 0) {
            if (buffer.length > 256) throw new ValidationException('Malformed multipart delimiter line.');
            break;
          }
          buffer = buffer.subarray(eol + 2);
          state = 'headers';
        }
        if (state === 'headers') {
          const end = buffer.indexOf('\r\n\r\n');
          if (end < 0) {
            if (buffer.length > maxHeaderBytes)
              throw new ValidationException('A multipart part header is too large.');
            break;
          }
          const headers = parsePartHeaders(buffer.subarray(0, end).toString('utf8'));
          buffer = buffer.subarray(end + 4);
          const body = new PassThrough({ highWaterMark: 256 * 1024 });
          const done = onPart({ ...headers, body });
          // A consumer that fails stops the upload; an unobserved rejection must not crash the process.
          done.catch(() => body.destroy());
          current = { body, done };
          state = 'body';
        }
      }
      if (state === 'done') break;
    }
    if (state !== 'done')
      throw new ValidationException('The multipart body ended before its closing delimiter.');
  } catch (error) {
    if (current) {
      current.body.destroy(error instanceof Error ? error : new Error(String(error)));
      await current.done.catch(() => undefined);
    }
    throw error;
  }
}

/** Reads a small part (a form field) as text, refusing more than `maxBytes`. */
export async function readPartText(body: Readable, maxBytes: number, field: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += bytes.length;
    if (size > maxBytes)
      throw new ValidationException(`The form field '${field}' is larger than ${maxBytes} bytes.`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}
