/** Plain-text answers the way Maven clients read them: a status line and a short message body. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { cachingHeaders, sendWhole, type Cacheable } from '../http-caching';

/** An HTTP answer other than the engine's errors (a missing file, an upstream failure). */
export class MavenHttpError extends Error {
  override readonly name = 'MavenHttpError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function writeText(target: { res: ServerResponse }, status: number, message: string): void {
  const body = Buffer.from(`${message}\n`, 'utf8');
  target.res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': body.length,
  });
  target.res.end(body);
}

export function contentTypeOf(fileName: string): string {
  if (/\.(pom|xml)$/.test(fileName)) return 'text/xml';
  if (/\.(jar|war|ear|aar)$/.test(fileName)) return 'application/java-archive';
  if (/\.(md5|sha1|sha256|sha512|asc)$/.test(fileName)) return 'text/plain';
  return 'application/octet-stream';
}

/** A small answer (metadata, a checksum): caching headers from `cacheable`, by default the bytes' MD5. */
export function writeBytes(
  target: { req: IncomingMessage; res: ServerResponse },
  fileName: string,
  body: Buffer,
  cacheable?: Cacheable,
): void {
  sendWhole(target.req, target.res, 200, contentTypeOf(fileName), body, { cacheable });
}

/**
 * Streams a stored file with its caching headers; a read failure midway cuts the connection so the
 * client never keeps a truncated file.
 */
export async function writeStream(
  target: { req: IncomingMessage; res: ServerResponse },
  fileName: string,
  size: number,
  open: Promise<Readable>,
  cacheable: Cacheable,
): Promise<void> {
  const stream = await open;
  const { req, res } = target;
  res.writeHead(200, {
    'Content-Type': contentTypeOf(fileName),
    'Content-Length': size,
    ...cachingHeaders(cacheable),
  });
  if (req.method === 'HEAD') {
    stream.destroy();
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}

/** Reads a small request body whole, refusing more than `maxBytes`. */
export async function readSmallBody(req: IncomingMessage, maxBytes: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > maxBytes) throw new MavenHttpError(413, `${what} is larger than ${maxBytes} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
