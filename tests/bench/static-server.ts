/**
 * The floor the benchmarks compare against: a Node HTTP server that sends files from a folder as
 * they are (a folder's index.html for a path ending in `/`), with nothing computed per request.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StaticServer {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startStaticServer(root: string, port = 0): Promise<StaticServer> {
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
  // Idle keep-alive sockets stay open a minute, so a client that reuses one never races its close.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface StaticServerProcess extends StaticServer {
  readonly pid: number;
}

/** The same server in a process of its own, started fresh (see static-server-main.ts). */
export async function startStaticServerProcess(root: string, port = 0): Promise<StaticServerProcess> {
  const main = fileURLToPath(new URL('./static-server-main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main, root, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /static server: (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the static server exited with ${code} before listening`)));
  });
  return {
    url,
    pid: child.pid ?? 0,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
