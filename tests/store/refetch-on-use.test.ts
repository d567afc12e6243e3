/**
 * A version that came through an external connection is fetched again from its upstream when a
 * download finds its stored file bad: on every front door that serves upstream-cached files (the
 * npm tarball URL, the PyPI file URL, the Maven layout, GetPackageVersionAsset), a missing or
 * resized file is re-fetched before that download, and a file damaged in place (same length) fails
 * one download, is marked, and is re-fetched by the next. The client gets the upstream's bytes and
 * the mark is cleared.
 */
import { GetPackageVersionAssetCommand } from '@aws-sdk/client-codeartifact';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDamagedAssets, setBlobDamageLog } from '../../src/main/engine/assets/blob-damage';
import { startService, type RunningService } from '../../src/main/service/service';
import { CodeartifactClient } from '@aws-sdk/client-codeartifact';
import { sha256Hex } from '../helpers/packages';
import { download, type DownloadOutcome } from '../helpers/download-outcome';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const domain = 'refetch';
const owner = '123456789012';

function content(label: string): Buffer {
  // Several read chunks, so a damaged file has bytes on the wire before the check fails.
  return Buffer.concat(Array.from({ length: 100 }, (_, i) => Buffer.from(`${label} line ${i} `.repeat(40))));
}

const tarball = content('npm tarball');
const sdist = content('pypi sdist');
const jar = content('maven jar');

let upstream: Server;
let upstreamUrl: string;
let dataDir: string;
let service: RunningService;
let client: CodeartifactClient;
let token: string;
const logged: string[] = [];
let restoreLog: () => void;
/** What the fake upstream serves, by path. */
const served = new Map<string, { type: string; body: Buffer }>();

/** The three upstreams on one loopback server: npm under /npm/, a simple index under /pypi/, Maven under /maven/. */
function upstreamFiles(base: string): Map<string, { type: string; body: Buffer }> {
  const packument = {
    name: 'lib',
    'dist-tags': { latest: '1.0.0' },
    versions: {
      '1.0.0': { name: 'lib', version: '1.0.0', dist: { tarball: `${base}npm/lib/-/lib-1.0.0.tgz` } },
    },
  };
  return new Map([
    ['/npm/lib', { type: 'application/json', body: Buffer.from(JSON.stringify(packument)) }],
    ['/npm/lib/-/lib-1.0.0.tgz', { type: 'application/octet-stream', body: tarball }],
    [
      '/pypi/simple/tool/',
      {
        type: 'text/html',
        body: Buffer.from(
          `<!DOCTYPE html><a href="${base}pypi/files/tool-2.0.tar.gz#sha256=${sha256Hex(sdist)}">tool-2.0.tar.gz</a>`,
        ),
      },
    ],
    ['/pypi/files/tool-2.0.tar.gz', { type: 'application/octet-stream', body: sdist }],
    ['/maven/org/acme/core/3.0/core-3.0.jar', { type: 'application/java-archive', body: jar }],
  ]);
}

type Outcome = DownloadOutcome;

function get(pathname: string): Promise<Outcome> {
  return download(service.url, pathname, { Authorization: `Bearer ${token}` });
}

function blobFile(bytes: Buffer): string {
  const digest = sha256Hex(bytes);
  return path.join(dataDir, 'blobs', domain, 'sha256', digest.slice(0, 2), digest.slice(2));
}

function marks(): string[] {
  return service.store
    .read((db) => listDamagedAssets(db, domain))
    .map((entry) => `${entry.asset}:${entry.kind}`);
}

interface Door {
  readonly bytes: Buffer;
  readonly asset: string;
  download(): Promise<Outcome>;
}

const doors: Record<string, Door> = {
  'the npm tarball URL': {
    bytes: tarball,
    asset: 'package.tgz',
    download: () => get(`/${domain}-${owner}/npm/npm-cache/lib/-/lib-1.0.0.tgz`),
  },
  'the PyPI file URL': {
    bytes: sdist,
    asset: 'tool-2.0.tar.gz',
    download: () => get(`/${domain}-${owner}/pypi/pypi-cache/files/tool/2.0/tool-2.0.tar.gz`),
  },
  'the Maven layout': {
    bytes: jar,
    asset: 'core-3.0.jar',
    download: () => get(`/${domain}-${owner}/maven/maven-cache/org/acme/core/3.0/core-3.0.jar`),
  },
  GetPackageVersionAsset: {
    bytes: jar,
    asset: 'core-3.0.jar',
    async download() {
      try {
        const answer = await client.send(
          new GetPackageVersionAssetCommand({
            domain,
            repository: 'maven-cache',
            format: 'maven',
            namespace: 'org.acme',
            package: 'core',
            packageVersion: '3.0',
            asset: 'core-3.0.jar',
          }),
        );
        return {
          status: 200,
          complete: true,
          body: Buffer.from((await answer.asset?.transformToByteArray()) ?? []),
        };
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
        return { status, complete: false, body: Buffer.alloc(0) };
      }
    },
  },
};

beforeAll(async () => {
  restoreLog = setBlobDamageLog((message) => logged.push(message));
  upstream = createServer((req, res) => {
    const file = served.get(req.url ?? '');
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length }).end(file.body);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`;
  for (const [key, value] of upstreamFiles(upstreamUrl)) served.set(key, value);
  dataDir = await makeTempDir('artifact-desk-refetch-');
  service = await startService({
    dataDir,
    port: 0,
    accountId: owner,
    externalUpstreams: {
      'public:npmjs': `${upstreamUrl}npm/`,
      'public:pypi': `${upstreamUrl}pypi/simple/`,
      'public:maven-central': `${upstreamUrl}maven/`,
    },
    useClientConfig: false,
  });
  client = new CodeartifactClient({
    endpoint: service.url,
    region: service.region,
    credentials: { ...service.credentials },
    maxAttempts: 1,
  });
  await service.invoke('CreateDomain', { domain });
  for (const [repository, externalConnection] of [
    ['npm-cache', 'public:npmjs'],
    ['pypi-cache', 'public:pypi'],
    ['maven-cache', 'public:maven-central'],
  ] as const) {
    await service.invoke('CreateRepository', { domain, repository });
    await service.invoke('AssociateExternalConnection', { domain, repository, externalConnection });
  }
  token = (await service.invoke('GetAuthorizationToken', { domain })).authorizationToken ?? '';
  // First downloads bring each file in from the upstream.
  for (const [name, door] of Object.entries(doors)) {
    const first = await door.download();
    expect(first.status, `${name} serves the upstream's file`).toBe(200);
    expect(first.body.equals(door.bytes)).toBe(true);
  }
}, 120_000);

afterAll(async () => {
  restoreLog?.();
  client?.destroy();
  await service?.stop();
  upstream?.close();
  if (dataDir) await removeDir(dataDir);
});

describe('re-fetch on next use', () => {
  it.each(Object.keys(doors))(
    '%s: a file damaged in place fails one download, then the next gets the upstream bytes and clears the mark',
    async (name) => {
      const door = doors[name] as Door;
      await writeFile(blobFile(door.bytes), Buffer.alloc(door.bytes.length, 0x2a));
      const failed = await door.download();
      expect(failed.complete && failed.body.equals(door.bytes), 'the damaged file is not served whole').toBe(
        false,
      );
      expect(marks(), 'the failed download marked the asset').toContain(`${door.asset}:damaged`);
      const next = await door.download();
      expect(next.status).toBe(200);
      expect(next.complete, 'the next download arrives whole').toBe(true);
      expect(next.body.equals(door.bytes), 'the next download carries the upstream bytes').toBe(true);
      expect(marks(), 'the mark is cleared once the file is whole again').not.toContain(
        `${door.asset}:damaged`,
      );
    },
  );

  it.each(Object.keys(doors))(
    '%s: a missing or cut file is fetched again before the download',
    async (name) => {
      const door = doors[name] as Door;
      await rm(blobFile(door.bytes));
      const afterMissing = await door.download();
      expect(afterMissing.status, `${name} re-fetches a missing file`).toBe(200);
      expect(afterMissing.body.equals(door.bytes)).toBe(true);
      await writeFile(blobFile(door.bytes), door.bytes.subarray(0, 1000));
      const afterCut = await door.download();
      expect(afterCut.status, `${name} re-fetches a file cut short`).toBe(200);
      expect(afterCut.complete).toBe(true);
      expect(afterCut.body.equals(door.bytes)).toBe(true);
      expect(marks()).toEqual([]);
    },
  );

  it('logs each repair, and leaves a file only the upstream lost marked with the reason', async () => {
    expect(logged.some((line) => line.includes('is whole again: re-fetched from'))).toBe(true);
    await writeFile(blobFile(jar), Buffer.alloc(jar.length, 0x2a));
    served.delete('/maven/org/acme/core/3.0/core-3.0.jar');
    const door = doors['the Maven layout'] as Door;
    await door.download();
    const again = await door.download();
    expect(again.complete && again.body.equals(jar)).toBe(false);
    expect(marks()).toContain('core-3.0.jar:damaged');
    const missing = await (async () => {
      await rm(blobFile(jar));
      return door.download();
    })();
    expect(missing.status).toBe(404);
    expect(missing.body.toString(), 'the answer says the re-fetch did not work and why').toContain(
      'Fetching it again from the upstream did not work',
    );
    expect(missing.body.toString()).toContain('answered 404');
  });
});
