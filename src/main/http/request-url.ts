/**
 * The request target as a URL, for handlers that route on path and query. `new URL(target, base)`
 * reads a target such as `//x` or `/\x` as a URL of another host and throws; a request target is
 * always a path on this server, so it is appended to the base instead.
 */
import type { IncomingMessage } from 'node:http';

export function requestUrl(req: IncomingMessage): URL {
  const target = req.url ?? '/';
  return new URL(`http://localhost${target.startsWith('/') ? '' : '/'}${target}`);
}
