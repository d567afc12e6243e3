/**
 * A stand-in for a public Python package index in tests: a loopback HTTP server with a PEP 503 HTML
 * simple index of the files in a folder (`{name}-{version}…` distributions), with sha256 fragments
 * and data-requires-python; with `coreMetadata` it also offers each wheel's METADATA at
 * `<file URL>.metadata`, announced with `data-core-metadata` (PEP 658 / PEP 714). It counts requests
 * (and keeps their paths) so tests can tell whether and for what it was asked.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { wheelMetadata } from './python-tools';

export interface FakeIndex {
  readonly url: string;
  requests: number;
  /** The path of every request, in order. */
  readonly paths: string[];
  close(): Promise<void>;
}

const normalise = (name: string): string => name.replace(/[-_.]+/g, '-').toLowerCase();

export async function startFakeIndex(
  dir: string,
  requiresPython: Record<string, string> = {},
  options: { readonly coreMetadata?: boolean } = {},
): Promise<FakeIndex> {
  const state = { requests: 0 };
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    state.requests++;
    paths.push(req.url ?? '/');
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const page = /^\/simple\/([^/]+)\/$/.exec(url.pathname);
      const files = await readdir(dir);
      if (page?.[1]) {
        const project = normalise(decodeURIComponent(page[1]));
        const mine = files.filter((file) => normalise(file.split('-')[0] ?? '') === project);
        if (mine.length === 0) {
          res.writeHead(404).end('not found');
          return;
        }
        const links = await Promise.all(
          mine.map(async (file) => {
            const sha = createHash('sha256')
              .update(await readFile(path.join(dir, file)))
              .digest('hex');
            const requires = requiresPython[file];
            const attr = requires
              ? ` data-requires-python="${requires.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`
              : '';
            const metadata =
              options.coreMetadata && file.endsWith('.whl')
                ? ` data-core-metadata="sha256=${createHash('sha256')
                    .update(await wheelMetadata(path.join(dir, file)))
                    .digest('hex')}"`
                : '';
            return `<a href="../../packages/${file}#sha256=${sha}"${attr}${metadata}>${file}</a><br/>`;
          }),
        );
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(`<!DOCTYPE html><html><body>${links.join('\n')}</body></html>`);
        return;
      }
      const metadataOf = /^\/packages\/([^/]+\.whl)\.metadata$/.exec(url.pathname)?.[1];
      if (options.coreMetadata && metadataOf && files.includes(metadataOf)) {
        const data = await wheelMetadata(path.join(dir, metadataOf));
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': data.length });
        res.end(data);
        return;
      }
      const file = /^\/packages\/([^/]+)$/.exec(url.pathname)?.[1];
      if (file && files.includes(file)) {
        const data = await readFile(path.join(dir, file));
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': data.length });
        res.end(data);
        return;
      }
      res.writeHead(404).end('not found');
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/simple/`,
    paths,
    get requests() {
      return state.requests;
    },
    set requests(value: number) {
      state.requests = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
