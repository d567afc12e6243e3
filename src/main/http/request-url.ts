/**
 * The request target split into its path and query, for handlers that route on them. The path is
 * kept exactly as sent: `new URL()` would resolve `.`/`..` segments (also when percent-encoded) and
 * so make `/repo/a/b/..` name another place than the client asked for; every format checks the
 * segments it reads instead. A target such as `//x` or `/\x` stays a path on this server.
 */
import type { IncomingMessage } from 'node:http';

export interface RequestUrl {
  /** The path as sent, still percent-encoded, always starting with `/`. */
  readonly pathname: string;
  readonly searchParams: URLSearchParams;
}

export function requestUrl(req: IncomingMessage): RequestUrl {
  const target = req.url ?? '/';
  const hash = target.indexOf('#');
  const withoutFragment = hash === -1 ? target : target.slice(0, hash);
  const question = withoutFragment.indexOf('?');
  const path = question === -1 ? withoutFragment : withoutFragment.slice(0, question);
  const query = question === -1 ? '' : withoutFragment.slice(question + 1);
  return {
    pathname: path.startsWith('/') ? path : `/${path}`,
    searchParams: new URLSearchParams(query),
  };
}
