/**
 * GETs from an external upstream with the limits a desktop cache needs: a connect-and-headers
 * timeout, a body-idle timeout, redirects followed within http(s), and failures sorted into
 * "unreachable" (serve what is cached) and "answered with an error" (report it).
 */
import { pipeline, Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export class UpstreamUnreachableError extends Error {
  override readonly name = 'UpstreamUnreachableError';
}

export class UpstreamResponseError extends Error {
  override readonly name = 'UpstreamResponseError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface UpstreamResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly url: string;
  /** The body as a node stream; an idle body longer than the timeout is aborted. */
  readonly body: Readable;
  /** Reads the whole body as text (for indexes and metadata, never for assets). */
  text(maxBytes?: number): Promise<string>;
  /** Reads the whole body (a package file a format must open before storing it). */
  bytes(maxBytes: number): Promise<Buffer>;
}

export interface FetchUpstreamOptions {
  readonly headers?: Record<string, string>;
  /** Time allowed until the response headers arrive (default 15 s). */
  readonly timeoutMs?: number;
  /** Time allowed between two chunks of the body (default 30 s). */
  readonly idleTimeoutMs?: number;
}

async function collect(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > maxBytes) {
      body.destroy();
      throw new UpstreamResponseError(`The upstream answer is larger than ${maxBytes} bytes.`, 502);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Resolves a link an upstream gave (a tarball or file URL, possibly relative) against the page it
 * came from. Only http(s) links are followed: anything else is the upstream's fault, not ours.
 */
export function resolveUpstreamLink(link: string, base: string): string {
  let url: URL;
  try {
    url = new URL(link, base);
  } catch {
    throw new UpstreamResponseError(`The upstream gave a link that is not a URL: ${link.slice(0, 200)}`, 502);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UpstreamResponseError(
      `The upstream gave a ${url.protocol} link; only http and https are followed.`,
      502,
    );
  }
  return url.toString();
}

/**
 * Fetches `url`. Resolves for 2xx, 304 (an answer to a conditional request) and 404 (callers treat
 * 404 as "not there"); other statuses reject
 * with UpstreamResponseError, network failures and timeouts with UpstreamUnreachableError.
 */
export async function fetchUpstream(
  url: string,
  options: FetchUpstreamOptions = {},
): Promise<UpstreamResponse> {
  const target = resolveUpstreamLink(url, url);
  const controller = new AbortController();
  const headersTimer = setTimeout(() => controller.abort(), options.timeoutMs ?? 15_000);
  let response: Response;
  try {
    response = await fetch(target, {
      headers: options.headers,
      redirect: 'follow',
      signal: controller.signal,
    });
  } catch (error) {
    throw new UpstreamUnreachableError(
      `The upstream ${new URL(target).origin} could not be reached: ${(error as Error).message}`,
    );
  } finally {
    clearTimeout(headersTimer);
  }
  if (!response.ok && response.status !== 404 && response.status !== 304) {
    await response.body?.cancel().catch(() => undefined);
    throw new UpstreamResponseError(`The upstream answered ${response.status} for ${url}.`, response.status);
  }
  const source = response.body
    ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)
    : Readable.from([]);
  // The watchdog sits in a pass-through stage: listening for 'data' on the source itself would
  // start it flowing before the caller reads, and the first chunks would be lost.
  const idleMs = options.idleTimeoutMs ?? 30_000;
  let idle = setTimeout(() => controller.abort(), idleMs);
  const body = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(), idleMs);
      callback(null, chunk);
    },
  });
  body.on('close', () => clearTimeout(idle));
  pipeline(source, body, () => clearTimeout(idle));
  return {
    status: response.status,
    headers: response.headers,
    url: response.url,
    body,
    text: async (maxBytes = 64 * 1024 * 1024) => (await collect(body, maxBytes)).toString('utf8'),
    bytes: (maxBytes) => collect(body, maxBytes),
  };
}
