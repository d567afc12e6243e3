/**
 * The floor of the format rows (gem, NuGet, Swift): what Artifact Desk answered for each path a
 * client asks for is written once into a folder that the shared static file server sends as it is,
 * so both sources give the same bytes, and the same client work (the requests a restore or a
 * resolution makes, a few at a time) is timed against each.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * The file a path is kept under: the whole path as one name, since registry paths are both files and
 * folders (`scope/name` and `scope/name/1.0.0`).
 */
function flatName(requestPath: string): string {
  return encodeURIComponent(requestPath);
}

/**
 * GETs each path from `base` (with `headers`) and writes the body where the static server sends it:
 * under its flat name (see staticUrl), or under the path itself for a real client that asks for the
 * same paths of the static server (gem; a folder's answer as its index.html, which the server sends
 * for it).
 */
export async function mirrorToStatic(
  base: string,
  headers: Record<string, string>,
  paths: readonly string[],
  root: string,
  layout: 'flat' | 'paths' = 'flat',
): Promise<void> {
  for (const requestPath of paths) {
    const response = await fetch(`${base}${requestPath}`, { headers });
    if (!response.ok) throw new Error(`GET ${requestPath}: ${response.status} ${await response.text()}`);
    const asPath = requestPath === '' || requestPath.endsWith('/') ? `${requestPath}index.html` : requestPath;
    const file = path.join(root, layout === 'flat' ? flatName(requestPath) : asPath);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
  }
}

/** The static server's URL of a mirrored path. */
export function staticUrl(staticBase: string, requestPath: string): string {
  return `${staticBase}${encodeURIComponent(flatName(requestPath))}`;
}

/**
 * Times one client run: each package's requests in order (a resolution reads a list before the
 * file), `concurrency` packages at a time, every body read to the end.
 */
export async function timeRequests(
  packages: readonly (readonly string[])[],
  url: (requestPath: string) => string,
  headers: Record<string, string>,
  concurrency = 8,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < packages.length) {
        for (const requestPath of packages[next++] ?? []) {
          const response = await fetch(url(requestPath), { headers });
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`GET ${requestPath}: ${response.status}`);
        }
      }
    }),
  );
  return performance.now() - started;
}
