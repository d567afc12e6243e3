// Packuments are built from the package.json fields stored at publish time and kept whole in memory;
// every write that changes what a packument shows must be visible in the next GET, and the domain's
// asset size (a counter kept by the blob writes) must stay equal to the sum of its blobs.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/main/service/service';
import { npmFixture } from '../clients/npm/tarball-writer';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const domain = 'cache';
let service: RunningService;
let dataDir: string;
let token: string;
const endpoints: Record<string, string> = {};

async function publish(
  repository: string,
  name: string,
  version: string,
  extra: Record<string, unknown> = {},
) {
  const fixture = npmFixture(name, version, `${name}@${version}`, extra);
  const file = `${name}-${version}.tgz`;
  const response = await fetch(`${endpoints[repository]}${name}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      _id: name,
      name,
      'dist-tags': { latest: version },
      versions: {
        [version]: { ...fixture.manifest, dist: { integrity: fixture.integrity, shasum: fixture.shasum } },
      },
      _attachments: {
        [file]: {
          content_type: 'application/octet-stream',
          data: fixture.tarball.toString('base64'),
          length: fixture.tarball.length,
        },
      },
    }),
  });
  expect(response.status, `publish ${name}@${version} to ${repository}`).toBe(201);
  return fixture;
}

async function packument(repository: string, name: string, abbreviated = false) {
  const response = await fetch(`${endpoints[repository]}${name}`, {
    headers: {
      Authorization: `Bearer ${token}`,
      ...(abbreviated ? { Accept: 'application/vnd.npm.install-v1+json' } : {}),
    },
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    json: response.status === 200 ? (JSON.parse(text) as Packument) : undefined,
  };
}

interface Packument {
  'dist-tags': Record<string, string>;
  versions: Record<string, Record<string, unknown>>;
  time?: Record<string, string>;
  readme?: string;
  description?: string;
}

async function listed(repository: string, name: string): Promise<string[]> {
  return Object.keys((await packument(repository, name)).json?.versions ?? {}).sort();
}

const pkg = (repository: string, name: string) => ({
  domain,
  repository,
  format: 'npm' as const,
  package: name,
});

async function assetSize(): Promise<number> {
  const described = (await service.invoke('DescribeDomain', { domain })) as {
    domain?: { assetSizeBytes?: number };
  };
  return described.domain?.assetSizeBytes ?? -1;
}

/** The bytes of the blobs live versions hold (deleted versions' files kept in the trash do not count). */
function blobSum(): number {
  return service.store.read(
    (db) =>
      db.get<{ bytes: number }>(
        `SELECT COALESCE(SUM(size), 0) AS bytes FROM domain_blobs b JOIN domains d ON d.id = b.domain_id
         WHERE d.name = ? AND EXISTS (SELECT 1 FROM package_version_assets a
           WHERE a.domain_id = b.domain_id AND a.sha256 = b.sha256)`,
        [domain],
      )?.bytes ?? -1,
  );
}

beforeAll(async () => {
  dataDir = await makeTempDir('artifact-desk-packument-cache-');
  service = await startService({ dataDir, port: 0, accountId: '111122223333', region: 'us-east-1' });
  await service.invoke('CreateDomain', { domain });
  await service.invoke('CreateRepository', { domain, repository: 'lib' });
  await service.invoke('CreateRepository', {
    domain,
    repository: 'app',
    upstreams: [{ repositoryName: 'lib' }],
  });
  await service.invoke('CreateRepository', { domain, repository: 'other' });
  const auth = (await service.invoke('GetAuthorizationToken', { domain })) as { authorizationToken?: string };
  token = auth.authorizationToken ?? '';
  for (const repository of ['lib', 'app', 'other']) {
    const found = (await service.invoke('GetRepositoryEndpoint', { domain, repository, format: 'npm' })) as {
      repositoryEndpoint?: string;
    };
    endpoints[repository] = found.repositoryEndpoint ?? '';
  }
});

afterAll(async () => {
  await service?.stop();
  await removeDir(dataDir);
});

describe('npm packuments built from stored manifests and cached whole', () => {
  it('carries the package.json fields stored at publish time, in both forms, and repeats itself while nothing changes', async () => {
    await publish('lib', 'left-pad', '1.0.0', {
      dependencies: { 'right-pad': '^1.0.0' },
      bin: { pad: 'bin/pad.js' },
      engines: { node: '>=18' },
      scripts: { postinstall: 'node setup.js', test: 'vitest' },
      keywords: ['pad'],
    });
    const first = await packument('lib', 'left-pad');
    const again = await packument('lib', 'left-pad');
    expect(again.text, 'an unchanged packument is served identically').toBe(first.text);
    const version = first.json?.versions['1.0.0'];
    expect(version).toMatchObject({
      name: 'left-pad',
      version: '1.0.0',
      dependencies: { 'right-pad': '^1.0.0' },
      bin: { pad: 'bin/pad.js' },
      engines: { node: '>=18' },
      hasInstallScript: true,
      keywords: ['pad'],
      description: 'left-pad for tests',
      _id: 'left-pad@1.0.0',
    });
    expect(version?.dist).toMatchObject({ tarball: `${endpoints.lib}left-pad/-/left-pad-1.0.0.tgz` });
    expect(first.json?.description).toBe('left-pad for tests');
    expect(first.json?.readme).toContain('left-pad@1.0.0');
    expect(Object.keys(first.json?.time ?? {})).toEqual(['created', 'modified', '1.0.0']);

    const abbreviated = await packument('lib', 'left-pad', true);
    const short = abbreviated.json?.versions['1.0.0'];
    expect(short).toMatchObject({ dependencies: { 'right-pad': '^1.0.0' }, hasInstallScript: true });
    expect(short?.description, 'the abbreviated form leaves out descriptive fields').toBeUndefined();
    expect(short?.keywords).toBeUndefined();
    expect(abbreviated.json?.readme).toBeUndefined();
  });

  it('shows every write that changes the package: publish, status, dist-tag, deprecation, delete, dispose', async () => {
    await publish('lib', 'widget', '1.0.0');
    expect(await listed('lib', 'widget')).toEqual(['1.0.0']);
    await publish('lib', 'widget', '1.1.0');
    expect(await listed('lib', 'widget'), 'after a publish').toEqual(['1.0.0', '1.1.0']);
    expect((await packument('lib', 'widget')).json?.['dist-tags'].latest).toBe('1.1.0');

    await service.invoke('UpdatePackageVersionsStatus', {
      ...pkg('lib', 'widget'),
      versions: ['1.1.0'],
      targetStatus: 'Unlisted',
    });
    expect(await listed('lib', 'widget'), 'after unlisting 1.1.0').toEqual(['1.0.0']);
    await service.invoke('UpdatePackageVersionsStatus', {
      ...pkg('lib', 'widget'),
      versions: ['1.1.0'],
      targetStatus: 'Published',
    });
    expect(await listed('lib', 'widget'), 'after publishing 1.1.0 again').toEqual(['1.0.0', '1.1.0']);

    const tagged = await fetch(`${endpoints.lib}-/package/widget/dist-tags/beta`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify('1.0.0'),
    });
    expect(tagged.status).toBe(201);
    expect((await packument('lib', 'widget')).json?.['dist-tags'], 'after setting a dist-tag').toEqual({
      latest: '1.1.0',
      beta: '1.0.0',
    });

    const deprecated = await fetch(`${endpoints.lib}widget`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'widget', versions: { '1.0.0': { deprecated: 'use 1.1.0' } } }),
    });
    expect(deprecated.status).toBe(200);
    expect(
      (await packument('lib', 'widget')).json?.versions['1.0.0']?.deprecated,
      'after npm deprecate',
    ).toBe('use 1.1.0');

    await service.invoke('DisposePackageVersions', { ...pkg('lib', 'widget'), versions: ['1.0.0'] });
    expect(await listed('lib', 'widget'), 'after disposing 1.0.0').toEqual(['1.1.0']);
    await service.invoke('DeletePackageVersions', { ...pkg('lib', 'widget'), versions: ['1.1.0'] });
    expect((await packument('lib', 'widget')).status, 'after deleting the last listed version').toBe(404);
  });

  it('follows the upstream graph: a version published upstream, an upstream removed, a copy', async () => {
    await publish('lib', 'shared', '2.0.0');
    expect(await listed('app', 'shared'), 'through the upstream').toEqual(['2.0.0']);
    await publish('lib', 'shared', '2.1.0');
    expect(await listed('app', 'shared'), 'a version published in the upstream').toEqual(['2.0.0', '2.1.0']);
    await service.invoke('UpdateRepository', { domain, repository: 'app', upstreams: [] });
    expect((await packument('app', 'shared')).status, 'after the upstream is removed').toBe(404);
    await service.invoke('UpdateRepository', {
      domain,
      repository: 'app',
      upstreams: [{ repositoryName: 'lib' }],
    });
    expect(await listed('app', 'shared'), 'after the upstream is back').toEqual(['2.0.0', '2.1.0']);

    expect((await packument('other', 'shared')).status).toBe(404);
    await service.invoke('CopyPackageVersions', {
      domain,
      sourceRepository: 'lib',
      destinationRepository: 'other',
      format: 'npm',
      package: 'shared',
      versions: ['2.0.0'],
    });
    expect(await listed('other', 'shared'), 'after a copy').toEqual(['2.0.0']);
    await service.invoke('DeletePackage', pkg('lib', 'shared'));
    expect(await listed('app', 'shared'), 'after the upstream package is deleted').toEqual([]);
  });

  it('serves the packument kept on disk after a restart, and still sees the next write', async () => {
    await publish('lib', 'durable', '1.0.0');
    const before = await packument('lib', 'durable');
    const port = Number(new URL(endpoints.lib ?? '').port);
    await service.stop();
    // The same port, so the documents' URLs (part of their key) are the same.
    service = await startService({ dataDir, port });
    for (const repository of ['lib', 'app', 'other']) {
      const found = (await service.invoke('GetRepositoryEndpoint', {
        domain,
        repository,
        format: 'npm',
      })) as {
        repositoryEndpoint?: string;
      };
      endpoints[repository] = found.repositoryEndpoint ?? '';
    }
    const after = await packument('lib', 'durable');
    expect(after.status).toBe(200);
    if (before.text.includes(`${new URL(endpoints.lib ?? '').port}/`)) return;
    expect(after.json?.versions['1.0.0']?.dist).toMatchObject({
      tarball: `${endpoints.lib}durable/-/durable-1.0.0.tgz`,
    });
    const cacheDir = join(dataDir, 'cache', 'documents');
    expect(
      readdirSync(cacheDir).some((name) => name.endsWith('.doc')),
      'documents are kept on disk',
    ).toBe(true);
    const again = await packument('lib', 'durable');
    expect(again.text).toBe(after.text);
    await publish('lib', 'durable', '1.1.0');
    expect(await listed('lib', 'durable'), 'a publish after the restart').toEqual(['1.0.0', '1.1.0']);
  });

  it('keeps the domain asset size equal to the sum of its blobs through publish, copy, dispose and delete', async () => {
    await publish('lib', 'sized', '1.0.0');
    await publish('lib', 'sized', '2.0.0');
    expect(await assetSize()).toBe(blobSum());
    await service.invoke('CopyPackageVersions', {
      domain,
      sourceRepository: 'lib',
      destinationRepository: 'other',
      format: 'npm',
      package: 'sized',
      versions: ['1.0.0', '2.0.0'],
    });
    const afterCopy = await assetSize();
    expect(afterCopy, 'a copy stores no new bytes').toBe(blobSum());
    await service.invoke('DisposePackageVersions', { ...pkg('lib', 'sized'), versions: ['1.0.0'] });
    expect(await assetSize(), 'the copy still holds 1.0.0').toBe(afterCopy);
    await service.invoke('DeletePackageVersions', { ...pkg('other', 'sized'), versions: ['1.0.0'] });
    expect(await assetSize(), 'after the last holder of 1.0.0 is gone').toBeLessThan(afterCopy);
    expect(await assetSize()).toBe(blobSum());
    await service.invoke('DeleteRepository', { domain, repository: 'other' });
    await service.invoke('DeletePackage', pkg('lib', 'sized'));
    expect(await assetSize()).toBe(blobSum());
  });

  it('stores the same tarball published to two repositories once, with its fields once', async () => {
    await service.invoke('CreateRepository', { domain, repository: 'second' });
    const found = (await service.invoke('GetRepositoryEndpoint', {
      domain,
      repository: 'second',
      format: 'npm',
    })) as { repositoryEndpoint?: string };
    endpoints['second'] = found.repositoryEndpoint ?? '';
    await publish('lib', 'twice', '1.0.0', { dependencies: { 'dep-y': '^2.0.0' } });
    await publish('second', 'twice', '1.0.0', { dependencies: { 'dep-y': '^2.0.0' } });
    const stored = service.store.read((db) =>
      db.get<{ blobs: number; facts: number }>(
        `SELECT COUNT(DISTINCT a.sha256) AS blobs,
                (SELECT COUNT(*) FROM blob_facts f WHERE f.domain_id = a.domain_id AND f.sha256 = a.sha256) AS facts
           FROM package_version_assets a JOIN package_versions v ON v.id = a.version_id
           JOIN packages p ON p.id = v.package_id WHERE p.name = 'twice'`,
      ),
    );
    expect(stored, 'one blob with one facts row').toEqual({ blobs: 1, facts: 1 });
    for (const repository of ['lib', 'second'])
      expect((await packument(repository, 'twice')).json?.versions['1.0.0']?.dependencies).toEqual({
        'dep-y': '^2.0.0',
      });
  });

  it('reads the fields of a tarball stored without them (an older build) once, and records them', async () => {
    await publish('lib', 'unrecorded', '1.0.0', { dependencies: { 'dep-x': '^1.0.0' } });
    const factsOf = () =>
      service.store.read(
        (db) =>
          db.get<{ n: number }>(
            `SELECT COUNT(*) AS n FROM blob_facts f JOIN package_version_assets a
               ON a.domain_id = f.domain_id AND a.sha256 = f.sha256
             JOIN package_versions v ON v.id = a.version_id JOIN packages p ON p.id = v.package_id
             WHERE p.name = 'unrecorded'`,
          )?.n,
      );
    service.store.write((db) =>
      db.run(
        `DELETE FROM blob_facts WHERE sha256 IN (SELECT a.sha256 FROM package_version_assets a
           JOIN package_versions v ON v.id = a.version_id JOIN packages p ON p.id = v.package_id
           WHERE p.name = 'unrecorded')`,
      ),
    );
    expect(factsOf(), 'the tarball has no stored fields').toBe(0);
    const { json } = await packument('lib', 'unrecorded');
    expect(json?.versions['1.0.0']?.dependencies, 'the fields are read from the tarball').toEqual({
      'dep-x': '^1.0.0',
    });
    expect(factsOf(), 'and kept with it for the next packument').toBe(1);
  });
});
