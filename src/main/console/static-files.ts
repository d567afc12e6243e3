/**
 * Serves the built renderer (out/renderer) at the endpoint's root for the web console. Only files
 * that exist inside that folder are answered, so no request path can reach anything else; a path
 * that names no file is left to the next handler (package format endpoints share the root).
 * Hashed build assets are cached for good; the page itself is revalidated on every load.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { RouteHandler } from '../http';
import { securityHeaders } from './console-responses';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Vite names build outputs `name-<hash>.ext` under assets/: their content never changes. */
export function isHashedAsset(segments: readonly string[]): boolean {
  const file = segments[segments.length - 1] ?? '';
  return segments.length === 2 && segments[0] === 'assets' && /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(file);
}

/**
 * The path segments of a request path, or undefined when the path could only be an attempt to leave
 * the folder (dot segments, encoded separators, NUL) or is not valid percent-encoding.
 */
export function safeSegments(pathname: string): string[] | undefined {
  const raw = pathname.split('/').filter((segment) => segment !== '');
  const segments: string[] = [];
  for (const part of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return undefined;
    }
    if (decoded === '.' || decoded === '..' || /[/\\\0:]/.test(decoded)) return undefined;
    segments.push(decoded);
  }
  return segments;
}

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Artifact Desk console not built</title></head>
<body style="font-family: system-ui, sans-serif; padding: 2rem">
<h1>The web console is not built yet</h1>
<p>Run <code>npm run build</code> in the Artifact Desk folder, then reload this page.
The CodeArtifact API under <code>/v1</code> works without it.</p>
</body></html>
`;

export interface StaticFilesOptions {
  /** The renderer's build folder (holds index.html). */
  readonly rootDir: string;
  readonly log: (message: string, error?: unknown) => void;
}

export function createStaticFilesHandler(options: StaticFilesOptions): RouteHandler {
  let root: string | undefined;
  const rootDir = async (): Promise<string | undefined> => {
    // Resolved lazily (and again until it exists) so a build made while serve runs is picked up.
    if (root) return root;
    try {
      root = await realpath(options.rootDir);
      return root;
    } catch {
      return undefined;
    }
  };

  return async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return false;
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname.startsWith('/console/')) return false;
    const segments = safeSegments(pathname);
    if (!segments) return false;
    const isPage = segments.length === 0 || (segments.length === 1 && segments[0] === 'index.html');
    const base = await rootDir();
    if (!base) return isPage ? answerNotBuilt(res, method) : false;
    const file = isPage ? join(base, 'index.html') : join(base, ...segments);
    let real: string;
    try {
      real = await realpath(file);
    } catch {
      if (isPage) return answerNotBuilt(res, method);
      return false;
    }
    // A symbolic link inside the build could point anywhere; only what really lies inside is served.
    if (!real.startsWith(base + sep)) return false;
    const info = await stat(real).catch(() => undefined);
    if (!info?.isFile()) return false;

    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': contentTypeOf(real),
      'Content-Length': info.size,
      'Cache-Control': isHashedAsset(segments) ? 'public, max-age=31536000, immutable' : 'no-cache',
      'Last-Modified': info.mtime.toUTCString(),
    });
    if (method === 'HEAD') {
      res.end();
      return true;
    }
    try {
      await pipeline(createReadStream(real), res);
    } catch (error) {
      if (!res.destroyed) options.log(`serving ${pathname} failed`, error);
      res.destroy();
    }
    return true;
  };
}

function answerNotBuilt(res: ServerResponse, method: string): true {
  const body = Buffer.from(notBuiltPage, 'utf8');
  res.writeHead(503, {
    ...securityHeaders(),
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
  });
  res.end(method === 'HEAD' ? undefined : body);
  return true;
}
