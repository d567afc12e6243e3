/**
 * A stand-in for a public npm registry: serves packuments and tarballs of canned packages over
 * loopback HTTP, with an ETag on each packument (a matching If-None-Match answers 304, as public
 * registries do), and counts requests so tests can tell whether it was asked at all.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NpmFixture } from './tarball-writer';

export interface FakeRegistry {
  readonly url: string;
  readonly requests: string[];
  /** How many packument requests were answered 304 Not Modified. */
  readonly notModified: () => number;
  stop(): Promise<void>;
  /** Listens again on the same port after stop(): the registry back online. */
  restart(): Promise<void>;
}

function escaped(name: string): string {
  return name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}

export interface FakeRegistryOptions {
  /** Each tarball answers this late, so a UI can be seen working through a long list. */
  readonly tarballDelayMs?: number;
}

export async function startFakeRegistry(
  fixtures: readonly NpmFixture[],
  options: FakeRegistryOptions = {},
): Promise<FakeRegistry> {
  const requests: string[] = [];
  let notModified = 0;
  let url = '';
  const byName = new Map<string, NpmFixture[]>();
  for (const fixture of fixtures) byName.set(fixture.name, [...(byName.get(fixture.name) ?? []), fixture]);
  const tarballs = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    requests.push(path);
    const tarball = tarballs.get(path);
    if (tarball) {
      const send = (): void => {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': tarball.length });
        res.end(tarball);
      };
      if (options.tarballDelayMs) setTimeout(send, options.tarballDelayMs);
      else send();
      return;
    }
    const versions = byName.get(path.slice(1));
    if (!versions) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"error":"Not found"}');
      return;
    }
    const latest = versions[versions.length - 1];
    const body = JSON.stringify({
      _id: path.slice(1),
      name: path.slice(1),
      'dist-tags': { latest: latest?.version },
      versions: Object.fromEntries(
        versions.map((fixture) => [
          fixture.version,
          {
            ...fixture.manifest,
            dist: {
              tarball: `${url}${escaped(fixture.name)}/-/${fixture.name.split('/').pop()}-${fixture.version}.tgz`,
              integrity: fixture.integrity,
              shasum: fixture.shasum,
            },
          },
        ]),
      ),
      time: Object.fromEntries(
        versions.map((fixture, i) => [fixture.version, new Date(Date.UTC(2021, 0, 1 + i)).toISOString()]),
      ),
    });
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) {
      notModified += 1;
      res.writeHead(304, { ETag: etag }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  for (const fixture of fixtures) {
    tarballs.set(
      `/${fixture.name}/-/${fixture.name.split('/').pop()}-${fixture.version}.tgz`,
      fixture.tarball,
    );
  }
  return {
    url,
    requests,
    notModified: () => notModified,
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    restart: () =>
      new Promise<void>((resolve) => server.listen(Number(new URL(url).port), '127.0.0.1', resolve)),
  };
}
