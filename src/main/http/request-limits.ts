/**
 * Bounds on what one client can hold on to: how long headers and a whole request may take, how many
 * requests share one keep-alive connection, how slowly a request body may arrive, and how many
 * uploads run at once. The defaults leave room for a large asset over a slow link that keeps sending
 * (a whole request may take an hour; a body only has to deliver 16 KiB a minute), while a client that
 * trickles a byte now and then, or never finishes, is cut off instead of holding a socket forever.
 */
import type { IncomingMessage } from 'node:http';

export interface HttpLimits {
  /** Time to receive the request headers. */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request, body included. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
  /** Requests served on one connection before it is closed. */
  readonly maxRequestsPerSocket: number;
  /** A request body is cut when it delivers fewer than `minBodyBytesPerWindow` in this long. */
  readonly bodyWindowMs: number;
  readonly minBodyBytesPerWindow: number;
  /** Uploads (request bodies of unknown length or over 64 KiB) accepted at once; more answer 429. */
  readonly maxConcurrentUploads: number;
}

export const defaultHttpLimits: HttpLimits = {
  headersTimeoutMs: 60_000,
  requestTimeoutMs: 60 * 60_000,
  // Longer than clients keep idle sockets (the SDK reuses them for tens of seconds): a server that
  // closes first races a client sending a streamed body, which the client then cannot retry.
  keepAliveTimeoutMs: 120_000,
  maxRequestsPerSocket: 1000,
  bodyWindowMs: 60_000,
  minBodyBytesPerWindow: 16 * 1024,
  maxConcurrentUploads: 32,
};

/** A body this large (or of unknown length) counts as an upload for the concurrency limit. */
const uploadThresholdBytes = 64 * 1024;

export function isUpload(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > uploadThresholdBytes;
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * Watches the bytes arriving on a request's connection while its body is unread and no answer was
 * sent; calls `onTooSlow` (once) when a window passes with too little progress. Reading the socket's
 * counter rather than the body keeps the body untouched for the handler.
 */
export function watchBodyProgress(
  req: IncomingMessage,
  limits: Pick<HttpLimits, 'bodyWindowMs' | 'minBodyBytesPerWindow'>,
  onTooSlow: () => void,
): void {
  if (!hasBody(req) || req.complete) return;
  let lastBytes = req.socket.bytesRead;
  const timer = setInterval(() => {
    if (req.complete || req.destroyed) {
      clearInterval(timer);
      return;
    }
    const bytes = req.socket.bytesRead;
    if (bytes - lastBytes < limits.minBodyBytesPerWindow) {
      clearInterval(timer);
      onTooSlow();
      return;
    }
    lastBytes = bytes;
  }, limits.bodyWindowMs);
  timer.unref();
  const stop = (): void => clearInterval(timer);
  req.once('end', stop);
  req.once('close', stop);
}
