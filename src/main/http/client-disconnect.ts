/**
 * Telling a client that went away from a fault of ours, and naming a request in the log without
 * what it may carry: the query (tokens, signatures) is dropped and long paths are cut short.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const disconnectCodes = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_STREAM_DESTROYED',
]);

export function isClientDisconnect(error: unknown, req: IncomingMessage, res: ServerResponse): boolean {
  const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
  if (code !== undefined && disconnectCodes.has(code)) return true;
  if (error instanceof Error && error.message === 'aborted') return true;
  // The socket is null once the request let go of it (a destroyed request).
  return (req.socket?.destroyed ?? true) && !res.writableFinished;
}

/** `PUT /d-123456789012/maven/repo/…` without the query, at most 120 characters of path. */
export function describeRequest(req: IncomingMessage): string {
  const target = req.url ?? '/';
  const question = target.indexOf('?');
  const path = question === -1 ? target : target.slice(0, question);
  const shown = path.length > 120 ? `${path.slice(0, 120)}…` : path;
  return `${req.method ?? '?'} ${shown}`;
}

const reported = new WeakSet<IncomingMessage>();

/** Logs a request's disconnect the first time it is reported, whichever layer notices it. */
export function logDisconnectOnce(
  req: IncomingMessage,
  log: (message: string) => void,
  why = 'the client disconnected',
): void {
  if (reported.has(req)) return;
  reported.add(req);
  log(`${describeRequest(req)}: ${why} before the exchange finished`);
}
