/**
 * The `public:nuget-org` external connection as an offline cache, driven over HTTP the way NuGet's
 * restore reads a v3 feed (service index, flat container version list, .nupkg and .nuspec), against
 * a local fake feed: versions listed from the upstream, a .nupkg fetched through `app → store →
 * public:nuget-org` and stored as EXTERNAL with its nuspec metadata, a .nupkg holding another package
 * refused with nothing stored, and with the fake feed stopped: the stored version list and package
 * still served, an uncached package refused naming the offline upstream.
 */
import { ListPackageVersionDependenciesCommand, type CodeartifactClient } from '@aws-sdk/client-codeartifact';
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
      resources: [{ '@id': `${upstream.url}flat/`, '@type': 'PackageBaseAddress/3.0.0' }],
    }),
  );
  await upstream.put('flat/pub.lib/index.json', JSON.stringify({ versions: ['1.0.0', '1.1.0'] }));
  for (const version of ['1.0.0', '1.1.0']) {
    const file = await nupkg(work, {
      id: 'Pub.Lib',
      version,
      dependencies: [{ id: 'Pub.Dep', version: '[2.0.0, )' }],
    });
    await upstream.put(`flat/pub.lib/${version}/pub.lib.${version}.nupkg`, file);
  }
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
