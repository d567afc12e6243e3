/**
 * The `public:nuget-org` external connection as an offline cache, driven over HTTP the way NuGet's
 * restore reads a v3 feed (service index, flat container version list, .nupkg and .nuspec), against
 * a local fake feed: versions listed from the upstream, a .nupkg fetched through `app → store →
 * public:nuget-org` and stored as EXTERNAL with its nuspec metadata and the SHA-512 the feed's
 * catalog gives, a .nupkg holding another package or differing from its catalog hash refused with
 * nothing stored, and with the fake feed stopped: the stored version list and package
 * still served, an uncached package refused naming the offline upstream.
 */
import {
  ListPackageVersionAssetsCommand,
  ListPackageVersionDependenciesCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHandle } from '../helpers/serve';
import { serveExternalRepositories } from './format-repositories';
import { expectExternalOrigin, versionsIn } from './format-assertions';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';
import { nupkg } from './nuget/nupkg-builder';

const domain = 'nuget-ext';
let upstream: FakeUpstream;
let serve: ServeHandle;
let client: CodeartifactClient;
let token: string;
let endpoints: Record<string, string>;

function get(repository: string, file: string): Promise<Response> {
  return fetch(`${endpoints[repository]}v3/package/${file}`, {
    headers: { Authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` },
  });
}

function held(repository: string, id: string) {
  return versionsIn(client, { domain, repository, format: 'nuget', package: id });
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  const work = upstream.workDir;
  await mkdir(work, { recursive: true });
  await upstream.put(
    'v3/index.json',
    JSON.stringify({
      version: '3.0.0',
      resources: [
        { '@id': `${upstream.url}flat/`, '@type': 'PackageBaseAddress/3.0.0' },
        { '@id': `${upstream.url}registration/`, '@type': 'RegistrationsBaseUrl/3.6.0' },
      ],
    }),
  );
  // As the gallery serves them: a registration leaf naming its catalog leaf, which holds the hash.
  const catalogued = async (id: string, version: string, file: Buffer, hash?: string) => {
    const leaf = `catalog/${id}.${version}.json`;
    await upstream.put(
      `registration/${id}/${version}.json`,
      JSON.stringify({ catalogEntry: `${upstream.url}${leaf}` }),
    );
    await upstream.put(
      leaf,
      JSON.stringify({
        id,
        version,
        packageHash: hash ?? createHash('sha512').update(file).digest('base64'),
        packageHashAlgorithm: 'SHA512',
      }),
    );
  };
  await upstream.put('flat/pub.lib/index.json', JSON.stringify({ versions: ['1.0.0', '1.1.0'] }));
  for (const version of ['1.0.0', '1.1.0']) {
    const file = await nupkg(work, {
      id: 'Pub.Lib',
      version,
      dependencies: [{ id: 'Pub.Dep', version: '[2.0.0, )' }],
    });
    await upstream.put(`flat/pub.lib/${version}/pub.lib.${version}.nupkg`, file);
    await catalogued('pub.lib', version, file);
  }
  const tampered = await nupkg(work, { id: 'Pub.Tampered', version: '1.0.0' });
  await upstream.put('flat/pub.tampered/index.json', JSON.stringify({ versions: ['1.0.0'] }));
  await upstream.put('flat/pub.tampered/1.0.0/pub.tampered.1.0.0.nupkg', tampered);
  await catalogued(
    'pub.tampered',
    '1.0.0',
    tampered,
    createHash('sha512').update('other bytes').digest('base64'),
  );
  await upstream.put('flat/pub.wrong/index.json', JSON.stringify({ versions: ['1.0.0'] }));
  await upstream.put(
    'flat/pub.wrong/1.0.0/pub.wrong.1.0.0.nupkg',
    await nupkg(work, { id: 'Other.Id', version: '1.0.0' }),
  );
  ({ serve, client, token, endpoints } = await serveExternalRepositories(
    domain,
    'nuget',
    'public:nuget-org',
    `${upstream.url}v3/index.json`,
  ));
}, 120_000);

afterAll(async () => {
  await serve?.dispose();
  await upstream?.dispose();
});

describe('NuGet v3 through the public:nuget-org external connection', () => {
  it('lists the upstream versions in the flat container of a downstream repository', async () => {
    const index = await get('app', 'pub.lib/index.json');
    expect(index.status).toBe(200);
    expect(await index.json()).toEqual({ versions: ['1.0.0', '1.1.0'] });
    expect(await held('store', 'pub.lib'), 'listing stores nothing').toEqual([]);
  });

  it('fetches a .nupkg on first download and stores it as EXTERNAL with its nuspec metadata', async () => {
    const download = await get('app', 'pub.lib/1.1.0/pub.lib.1.1.0.nupkg');
    expect(download.status).toBe(200);
    expect(
      Buffer.from(await download.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const stored = await held('store', 'pub.lib');
    expect(stored.map((v) => v.version)).toEqual(['1.1.0']);
    expectExternalOrigin(stored[0], 'public:nuget-org');
    const assets = await client.send(
      new ListPackageVersionAssetsCommand({
        domain,
        repository: 'store',
        format: 'nuget',
        package: 'pub.lib',
        packageVersion: '1.1.0',
      }),
    );
    const catalog = (await (await fetch(`${upstream.url}catalog/pub.lib.1.1.0.json`)).json()) as {
      packageHash: string;
    };
    expect(assets.assets?.[0]?.hashes?.['SHA-512'], "the SHA-512 the upstream's catalog gives").toBe(
      Buffer.from(catalog.packageHash, 'base64').toString('hex'),
    );
    const deps = await client.send(
      new ListPackageVersionDependenciesCommand({
        domain,
        repository: 'store',
        format: 'nuget',
        package: 'pub.lib',
        packageVersion: '1.1.0',
      }),
    );
    expect(deps.dependencies?.map((d) => [d.package, d.versionRequirement])).toEqual([
      ['pub.dep', '[2.0.0, )'],
    ]);
    const nuspec = await get('app', 'pub.lib/1.0.0/pub.lib.nuspec');
    expect(nuspec.status, 'the nuspec of a version not yet fetched').toBe(200);
    expect(await nuspec.text()).toContain('<version>1.0.0</version>');
    expect((await held('store', 'pub.lib')).map((v) => v.version).sort(), 'fetched for its nuspec').toEqual([
      '1.0.0',
      '1.1.0',
    ]);
    expect(
      (await held('app', 'pub.lib')).map((v) => v.version),
      'the download retained in app',
    ).toEqual(['1.1.0']);
  });

  it('refuses an upstream .nupkg that holds another package, storing nothing', async () => {
    const download = await get('app', 'pub.wrong/1.0.0/pub.wrong.1.0.0.nupkg');
    expect(download.status).toBe(502);
    expect(download.statusText).toContain('Other.Id');
    expect(await held('store', 'pub.wrong')).toEqual([]);
  });

  it('refuses an upstream .nupkg whose SHA-512 differs from its catalog entry, storing nothing', async () => {
    const download = await get('app', 'pub.tampered/1.0.0/pub.tampered.1.0.0.nupkg');
    expect(download.status).toBe(502);
    expect(download.statusText).toContain('does not match the SHA-512 its catalog gives');
    expect(await held('store', 'pub.tampered')).toEqual([]);
  });

  it('offline: serves the stored list and package, and refuses an uncached package naming the offline upstream', async () => {
    await upstream.stop();
    const index = await get('app', 'pub.lib/index.json');
    expect(index.status).toBe(200);
    expect(await index.json()).toEqual({ versions: ['1.0.0', '1.1.0'] });
    expect((await get('app', 'pub.lib/1.1.0/pub.lib.1.1.0.nupkg')).status).toBe(200);
    const missing = await get('app', 'never.there/index.json');
    expect(missing.status, 'a 404, which NuGet does not retry').toBe(404);
    expect(missing.statusText).toMatch(
      /'never\.there' is not cached here and the upstream http:\/\/127\.0\.0\.1:\d+\/\S* is offline/,
    );
  });
});
