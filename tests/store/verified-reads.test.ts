/**
 * Every download is verified: a small blob is read whole and checked before it is sent, a large one
 * (past `wholeReadMaxBytes`) checked while it streams. With a blob file overwritten by garbage of the same
 * length, or cut short, every front door (GetPackageVersionAsset, the npm tarball URL, the PyPI file
 * URL, the Maven layout and the console's asset route) ends the transfer as failed, never as a whole
 * body; the asset is recorded as damaged, the log says so once, and the UI's listing shows it. A
 * missing file answers a clear 404 naming the asset, not a 500.
 */
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetPackageVersionAssetCommand,
} from '@aws-sdk/client-codeartifact';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetQuery } from '../../src/shared/console-protocol';
import { storeAssetBlob } from '../../src/main/engine/assets/asset-blobs';
import { listDamagedAssets, setBlobDamageLog } from '../../src/main/engine/assets/blob-damage';
import { wholeReadMaxBytes } from '../../src/main/store';
import type { EngineContext } from '../../src/main/engine/context';
import { publishFormatVersion } from '../../src/main/engine/package-versions/publish-format-version';
import { consoleToken, startTestService, type ServiceFixture } from '../console/service-fixture';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { sha256Hex } from '../helpers/packages';
import { download, type DownloadOutcome } from '../helpers/download-outcome';

const domain = 'integrity';
const owner = '123456789012';
let fixture: ServiceFixture;
let ctx: EngineContext;
let token: string;
let rendererDir: string;
const logged: string[] = [];
let restoreLog: () => void;

interface Seeded {
  readonly format: 'npm' | 'pypi' | 'maven' | 'generic';
  readonly namespace?: string;
  readonly package: string;
  readonly version: string;
  readonly asset: string;
  readonly content: Buffer;
  /** The download URL's path on the format endpoint. */
  readonly formatPath?: string;
}

function content(label: string): Buffer {
  // Larger than one read chunk, so a damaged file has bytes on the wire before the check fails.
  return Buffer.concat(Array.from({ length: 200 }, (_, i) => Buffer.from(`${label} line ${i} `.repeat(40))));
}

const seeds: Record<string, Seeded> = {
  // Past the size read whole, so the download streams and the check comes at its end.
  large: {
    format: 'generic',
    namespace: 'ns',
    package: 'big',
    version: '1.0',
    asset: 'big.bin',
    content: Buffer.concat([content('large'), Buffer.alloc(wholeReadMaxBytes, 0x61)]),
  },
  api: {
    format: 'generic',
    namespace: 'ns',
    package: 'gen',
    version: '1.0',
    asset: 'gen.bin',
    content: content('api'),
  },
  npm: {
    format: 'npm',
    package: 'lib',
    version: '1.0.0',
    asset: 'package.tgz',
    content: content('npm'),
    formatPath: 'npm/repo/lib/-/lib-1.0.0.tgz',
  },
  pypi: {
    format: 'pypi',
    package: 'tool',
    version: '2.0',
    asset: 'tool-2.0.tar.gz',
    content: content('pypi'),
    formatPath: 'pypi/repo/files/tool/2.0/tool-2.0.tar.gz',
  },
  maven: {
    format: 'maven',
    namespace: 'org.acme',
    package: 'core',
    version: '3.0',
    asset: 'core-3.0.jar',
    content: content('maven'),
    formatPath: 'maven/repo/org/acme/core/3.0/core-3.0.jar',
  },
};

function blobFile(seed: Seeded): string {
  const digest = sha256Hex(seed.content);
  return path.join(fixture.dataDir, 'blobs', domain, 'sha256', digest.slice(0, 2), digest.slice(2));
}

type Outcome = DownloadOutcome;

function get(pathname: string, headers: Record<string, string>): Promise<Outcome> {
  return download(fixture.service.url, pathname, headers);
}

const doors: Record<string, (seed: Seeded) => Promise<Outcome>> = {
  'GetPackageVersionAsset through the SDK': async (seed) => {
    try {
      const answer = await fixture.client().send(
        new GetPackageVersionAssetCommand({
          domain,
          repository: 'repo',
          format: seed.format,
          namespace: seed.namespace,
          package: seed.package,
          packageVersion: seed.version,
          asset: seed.asset,
        }),
      );
      const body = Buffer.from((await answer.asset?.transformToByteArray()) ?? []);
      return { status: 200, complete: true, body };
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      return { status, complete: false, body: Buffer.alloc(0) };
    }
  },
  'the console asset route': (seed) =>
    get(
      `/console/asset?${assetQuery({
        domain,
        repository: 'repo',
        format: seed.format,
        namespace: seed.namespace,
        package: seed.package,
        packageVersion: seed.version,
        asset: seed.asset,
      })}`,
      { Authorization: `Bearer ${consoleToken}` },
    ),
  'the format endpoint': (seed) =>
    get(`/${domain}-${owner}/${seed.formatPath ?? ''}`, { Authorization: `Bearer ${token}` }),
};

/** Which front doors can serve each seeded asset. */
const routes: [string, string][] = [
  ['large', 'GetPackageVersionAsset through the SDK'],
  ['large', 'the console asset route'],
  ['api', 'GetPackageVersionAsset through the SDK'],
  ['api', 'the console asset route'],
  ['npm', 'the format endpoint'],
  ['npm', 'GetPackageVersionAsset through the SDK'],
  ['pypi', 'the format endpoint'],
  ['maven', 'the format endpoint'],
];

beforeAll(async () => {
  restoreLog = setBlobDamageLog((message) => logged.push(message));
  rendererDir = await makeTempDir('artifact-desk-renderer-');
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>test</title>');
  fixture = await startTestService({ rendererDir });
  ctx = {
    store: fixture.service.store,
    config: { accountId: owner, region: fixture.service.region, endpointUrl: () => fixture.service.url },
    now: () => new Date(),
  };
  const client = fixture.client();
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository: 'repo' }));
  token = (await client.send(new GetAuthorizationTokenCommand({ domain }))).authorizationToken ?? '';
  for (const seed of Object.values(seeds)) {
    const blob = await storeAssetBlob(ctx, domain, Readable.from([seed.content]));
    await publishFormatVersion(ctx, {
      domain,
      repository: 'repo',
      format: seed.format,
      namespace: seed.namespace,
      package: seed.package,
      version: seed.version,
      assets: [{ name: seed.asset, blob }],
    });
  }
});

afterAll(async () => {
  restoreLog?.();
  await fixture?.close();
  await removeDir(rendererDir);
});

describe('downloads of intact blobs', () => {
  it.each(routes)('%s through %s arrive whole', async (seedName, door) => {
    const seed = seeds[seedName] as Seeded;
    const outcome = await doors[door]?.(seed);
    expect(outcome?.status).toBe(200);
    expect(outcome?.complete).toBe(true);
    expect(outcome?.body.equals(seed.content), 'the body is the stored content').toBe(true);
  });
});

describe('downloads of damaged blobs', () => {
  it.each(routes)(
    '%s through %s end as a failed transfer when the file holds same-length garbage',
    async (seedName, door) => {
      const seed = seeds[seedName] as Seeded;
      await writeFile(blobFile(seed), Buffer.alloc(seed.content.length, 0x42));
      const outcome = await doors[door]?.(seed);
      expect(outcome?.complete, `${door} must not deliver a damaged body whole`).toBe(false);
      expect(outcome?.body.length ?? 0).toBeLessThan(seed.content.length);
    },
  );

  it('ends the transfer when the file was cut short', async () => {
    const seed = seeds.npm as Seeded;
    await writeFile(blobFile(seed), seed.content.subarray(0, 1000));
    const outcome = await doors['the format endpoint']?.(seed);
    expect(outcome?.complete).toBe(false);
  });

  it('records each damaged asset once in the log and lists it for the UI', () => {
    const damaged = fixture.service.store.read((db) => listDamagedAssets(db, domain));
    expect(damaged.map((entry) => `${entry.package}/${entry.asset}:${entry.kind}`).sort()).toEqual([
      'big/big.bin:damaged',
      'core/core-3.0.jar:damaged',
      'gen/gen.bin:damaged',
      'lib/package.tgz:damaged',
      'tool/tool-2.0.tar.gz:damaged',
    ]);
    for (const seed of Object.values(seeds)) {
      const lines = logged.filter((line) => line.includes(sha256Hex(seed.content)));
      expect(lines, `one log line for ${seed.asset}, however often it was read`).toHaveLength(1);
      expect(lines[0]).toContain(seed.asset);
    }
  });
});

describe('a missing blob file', () => {
  it('answers 404 naming the asset on the API and on the format endpoint, not a 500', async () => {
    const seed = seeds.maven as Seeded;
    await rm(blobFile(seed));
    const api = await doors['GetPackageVersionAsset through the SDK']?.({ ...seed });
    expect(api?.status).toBe(404);
    const console = await doors['the console asset route']?.({ ...seed });
    expect(console?.status).toBe(404);
    expect(console?.body.toString()).toContain("asset 'core-3.0.jar'");
    const maven = await doors['the format endpoint']?.(seed);
    expect(maven?.status).toBe(404);
    expect(maven?.body.toString()).toContain('missing');
    const marked = fixture.service.store.read((db) => listDamagedAssets(db, domain));
    expect(marked.find((entry) => entry.asset === 'core-3.0.jar')?.kind).toBe('missing');
  });
});
