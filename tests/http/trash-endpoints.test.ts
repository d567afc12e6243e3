// A deleted version is gone for every package endpoint and comes back, files and all, when restored
// from the trash; the endpoints' cached documents follow both changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineContext } from '../../src/main/engine';
import { listTrash, restoreTrashed } from '../../src/main/engine/trash/version-trash';
import { startService, type RunningService } from '../../src/main/service/service';
import { npmFixture } from '../clients/npm/tarball-writer';
import { deployMaven, uploadWheel } from '../helpers/format-uploads';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const domain = 'undo';
const repository = 'lib';
let service: RunningService;
let dataDir: string;
let token: string;

async function endpoint(format: 'npm' | 'pypi' | 'maven'): Promise<string> {
  const found = (await service.invoke('GetRepositoryEndpoint', { domain, repository, format })) as {
    repositoryEndpoint?: string;
  };
  return found.repositoryEndpoint ?? '';
}

const basic = () => `Basic ${Buffer.from(`aws:${token}`).toString('base64')}`;

async function get(
  url: string,
  authorization = `Bearer ${token}`,
): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { headers: { authorization } });
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  dataDir = await makeTempDir('artifact-desk-trash-endpoints-');
  service = await startService({ dataDir, port: 0, accountId: '111122223333', region: 'us-east-1' });
  await service.invoke('CreateDomain', { domain });
  await service.invoke('CreateRepository', { domain, repository });
  const auth = (await service.invoke('GetAuthorizationToken', { domain })) as { authorizationToken?: string };
  token = auth.authorizationToken ?? '';
});

afterAll(async () => {
  await service?.stop();
  await removeDir(dataDir);
});

describe('package endpoints around a delete and its undo', () => {
  it('npm, PyPI and Maven stop serving deleted versions and serve them again after a restore', async () => {
    const npm = await endpoint('npm');
    const fixture = npmFixture('gadget', '1.0.0', 'gadget@1.0.0');
    const publish = await fetch(`${npm}gadget`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        _id: 'gadget',
        name: 'gadget',
        'dist-tags': { latest: '1.0.0' },
        versions: {
          '1.0.0': { ...fixture.manifest, dist: { integrity: fixture.integrity, shasum: fixture.shasum } },
        },
        _attachments: {
          'gadget-1.0.0.tgz': { data: fixture.tarball.toString('base64'), length: fixture.tarball.length },
        },
      }),
    });
    expect(publish.status).toBe(201);
    const pypi = await endpoint('pypi');
    await uploadWheel(pypi, token, 'gizmo', '1.0');
    const maven = await endpoint('maven');
    await deployMaven(maven, token, 'com.acme', 'doohickey', '1.0');

    const packument = `${npm}gadget`;
    const tarball = `${npm}gadget/-/gadget-1.0.0.tgz`;
    const simple = `${pypi}simple/gizmo/`;
    const metadata = `${maven}com/acme/doohickey/maven-metadata.xml`;
    const jar = `${maven}com/acme/doohickey/1.0/doohickey-1.0.jar`;
    const served = async () => ({
      packument: (await get(packument)).status,
      tarball: (await get(tarball)).status,
      simple: (await get(simple, basic())).text.includes('gizmo-1.0-py3-none-any.whl'),
      metadata: (await get(metadata, basic())).text.includes('<version>1.0</version>'),
      jar: (await get(jar, basic())).status,
    });
    const before = await served();
    expect(before).toEqual({ packument: 200, tarball: 200, simple: true, metadata: true, jar: 200 });

    for (const [format, pkg, namespace, version] of [
      ['npm', 'gadget', undefined, '1.0.0'],
      ['pypi', 'gizmo', undefined, '1.0'],
      ['maven', 'doohickey', 'com.acme', '1.0'],
    ] as const) {
      await service.invoke('DeletePackageVersions', {
        domain,
        repository,
        format,
        package: pkg,
        ...(namespace ? { namespace } : {}),
        versions: [version],
      });
    }
    expect(await served(), 'every endpoint forgets a deleted version').toEqual({
      packument: 404,
      tarball: 404,
      simple: false,
      metadata: false,
      jar: 404,
    });

    const ctx = createEngineContext(service.store, {
      accountId: service.accountId,
      region: service.region,
      endpointUrl: () => service.url,
    });
    const ids = listTrash(ctx, { domain }).entries.map((entry) => entry.id);
    expect(ids).toHaveLength(3);
    await restoreTrashed(ctx, { domain, ids });
    expect(await served(), 'a restore brings every endpoint back').toEqual(before);
    const restored = await fetch(tarball, { headers: { authorization: `Bearer ${token}` } });
    expect(Buffer.from(await restored.arrayBuffer()).equals(fixture.tarball), 'the same tarball bytes').toBe(
      true,
    );
  });
});
