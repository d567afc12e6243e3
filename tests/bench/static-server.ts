/**
 * The floor the benchmarks compare against: a Node HTTP server that sends files from a folder as
 * they are (a folder's index.html for a path ending in `/`), with nothing computed per request.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface StaticServer {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startStaticServer(root: string): Promise<StaticServer> {
  const base = path.resolve(root);
  const server = createServer((req, res) => {
    const wanted = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    let file = path.join(base, path.normalize(wanted));
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    if (wanted.endsWith('/')) file = path.join(file, 'index.html');
    stat(file).then(
      (info) => {
        if (!info.isFile()) {
          res.writeHead(404).end();
          return;
        }
        const type = file.endsWith('.html') ? 'text/html' : 'application/octet-stream';
        res.writeHead(200, { 'Content-Type': type, 'Content-Length': info.size });
        createReadStream(file).pipe(res);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
