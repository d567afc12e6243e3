// The package.json fields stored with each npm tarball are packed against the package's base text
// (migration 15); whatever the storage, a packument shows every version's fields exactly as they were
// published: through re-basing, the deletion of the base's version, a backup and restore, and a
// kill -9 of the server right after the publishes were acknowledged.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/main/service/service';
import { npmPublish } from '../clients/npm/npm-http-publish';
import { npmFixture } from '../clients/npm/tarball-writer';
import { startServe } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const domain = 'packed';
const repository = 'lib';
const name = 'drifting';
let root: string;
let dataDir: string;
const services: RunningService[] = [];

beforeEach(async () => {
  root = await makeTempDir('artifact-desk-packed-facts-');
  dataDir = path.join(root, 'data');
});

afterEach(async () => {
  for (const service of services.splice(0)) await service.stop().catch(() => undefined);
  await removeDir(root);
});

/** A package.json as a release from git has it: its own commit id; `era` 2 has drifted far from 1. */
function manifestOf(version: string, era: 1 | 2): Record<string, unknown> {
  const gitHead = Buffer.from(version.repeat(8)).toString('hex').slice(0, 40);
  if (era === 1)
    return {
      gitHead,
      description: 'A package whose fields stay the same from one version to the next',
      dependencies: { 'dep-a': '^1.2.3', 'dep-b': '~2.0.0' },
      keywords: ['packed', 'facts'],
    };
  const dependencies = Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [`new-dep-${i}`, `^${i}.0.0`]),
  );
  return {
    gitHead,
    description: 'Rewritten: a new set of dependencies, engines and a longer description than before',
    dependencies,
    engines: { node: '>=20' },
    homepage: 'http://127.0.0.1/drifting',
  };
}

const versions: [string, 1 | 2][] = [
  ['1.0.0', 1],
  ['1.0.1', 1],
  ['1.0.2', 1],
  ['1.0.3', 1],
  ['2.0.0', 2],
  ['2.0.1', 2],
];

async function open(dir = dataDir): Promise<RunningService> {
  const service = await startService({ dataDir: dir, port: 0 });
  services.push(service);
  return service;
}

async function registry(service: RunningService): Promise<{ endpoint: string; token: string }> {
  const auth = (await service.invoke('GetAuthorizationToken', { domain })) as { authorizationToken?: string };
  const found = (await service.invoke('GetRepositoryEndpoint', { domain, repository, format: 'npm' })) as {
    repositoryEndpoint?: string;
  };
  return { endpoint: found.repositoryEndpoint ?? '', token: auth.authorizationToken ?? '' };
}

async function packument(service: RunningService): Promise<string> {
  const { endpoint, token } = await registry(service);
  const response = await fetch(`${endpoint}${name}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status, 'the packument answers').toBe(200);
  return response.text();
}

/** Checks that the packument shows each listed version's published fields exactly. */
function expectFields(text: string, listed: readonly [string, 1 | 2][]): void {
  const shown = (JSON.parse(text) as { versions: Record<string, Record<string, unknown>> }).versions;
  expect(Object.keys(shown).sort(), 'the packument lists the live versions').toEqual(
    listed.map(([version]) => version).sort(),
  );
  for (const [version, era] of listed) {
    const { dist: _dist, _id: _key, ...fields } = shown[version] ?? {};
    expect(fields, `${version} shows the fields it was published with`).toEqual({
      name,
      version,
      main: 'index.js',
      license: 'MIT',
      ...manifestOf(version, era),
    });
  }
}

function storage(service: RunningService) {
  return service.store.read((db) => ({
    packed: db.get<{ n: number }>('SELECT COUNT(*) AS n FROM blob_fact_bodies WHERE packed IS NOT NULL')?.n,
    plain: db.get<{ n: number }>('SELECT COUNT(*) AS n FROM blob_fact_bodies WHERE body IS NOT NULL')?.n,
    largestPacked: db.get<{ n: number }>('SELECT MAX(length(packed)) AS n FROM blob_fact_bodies')?.n ?? 0,
    orphanFamilies: db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM blob_fact_families f
        WHERE NOT EXISTS (SELECT 1 FROM blob_fact_bodies b WHERE b.id = f.base_id)`,
    )?.n,
    dangling: db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM blob_fact_bodies b
        WHERE b.base_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM blob_fact_bodies c WHERE c.id = b.base_id)`,
    )?.n,
  }));
}

async function publishAll(endpoint: string, token: string, list: readonly [string, 1 | 2][]) {
  for (const [version, era] of list)
    await npmPublish(
      endpoint,
      token,
      npmFixture(name, version, `${name}@${version}`, manifestOf(version, era)),
      'latest',
    );
}

/** A service on a new data directory holding every version of `versions`, published over npm. */
async function openWithVersions(): Promise<RunningService> {
  const service = await open();
  await service.invoke('CreateDomain', { domain });
  await service.invoke('CreateRepository', { domain, repository });
  const { endpoint, token } = await registry(service);
  await publishAll(endpoint, token, versions);
  return service;
}

describe('package.json fields packed against the package base', () => {
  it('reads back every version exactly through a re-base and the removal of the base version', async () => {
    const service = await openWithVersions();

    const stored = storage(service);
    expect(stored.plain, 'one base per era of the package: the first text, then the one that drifted').toBe(
      2,
    );
    expect(stored.packed, 'every other text is packed against its base').toBe(4);
    expect(stored.largestPacked, 'a packed text is a fraction of the text').toBeLessThan(100);
    expectFields(await packument(service), versions);

    // 1.0.0 brought the first base: disposing it drops its file and its own fact, not the base.
    const target = { domain, repository, format: 'npm' as const, package: name };
    await service.invoke('DisposePackageVersions', { ...target, versions: ['1.0.0'] });
    await service.invoke('DeletePackageVersions', { ...target, versions: ['1.0.0'] });
    expectFields(await packument(service), versions.slice(1));
    expect(storage(service).dangling, 'no packed text lost its base').toBe(0);

    await service.invoke('DisposePackageVersions', { ...target, versions: ['1.0.1', '1.0.2', '1.0.3'] });
    await service.invoke('DeletePackageVersions', { ...target, versions: ['1.0.1', '1.0.2', '1.0.3'] });
    const left = storage(service);
    expect(left, 'the first base goes with the last text packed against it').toEqual({
      ...left,
      plain: 1,
      packed: 1,
      orphanFamilies: 0,
      dangling: 0,
    });
    expectFields(await packument(service), versions.slice(4));
  });

  it('serves the same packument bytes after a backup is restored', async () => {
    const service = await openWithVersions();
    const before = await packument(service);
    const backupDir = path.join(root, 'backup');
    const restoredDir = path.join(root, 'restored');
    await service.backup(backupDir);
    const { restoreBackup } = await import('../../src/main/backup/restore-backup');
    await restoreBackup(backupDir, restoredDir);
    const restored = await open(restoredDir);
    const after = await packument(restored);
    expect(after.replaceAll(restored.url, service.url), 'the restored store serves the same document').toBe(
      before,
    );
  });

  it('keeps every acknowledged version after kill -9 of the server', async () => {
    const serve = await startServe({ dataDir });
    try {
      const client = serve.client();
      const sdk = await import('@aws-sdk/client-codeartifact');
      await client.send(new sdk.CreateDomainCommand({ domain }));
      await client.send(new sdk.CreateRepositoryCommand({ domain, repository }));
      const token =
        (await client.send(new sdk.GetAuthorizationTokenCommand({ domain }))).authorizationToken ?? '';
      const endpoint =
        (await client.send(new sdk.GetRepositoryEndpointCommand({ domain, repository, format: 'npm' })))
          .repositoryEndpoint ?? '';
      await publishAll(endpoint, token, versions);
    } finally {
      await serve.kill();
    }
    const recovered = await open();
    expectFields(await packument(recovered), versions);
    expect(storage(recovered).packed, 'the replayed journal kept the packed texts').toBe(4);
  });
});
