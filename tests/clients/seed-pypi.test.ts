/**
 * Seeding from pip's cache: a cache laid out as pip writes it (a wheel in `http-v2` as a body beside
 * its serialized headers, an sdist inside a serialized `http` response, an index page, a built wheel
 * in `wheels/`; pip itself keeps no copy of what this service sends, which carries no caching
 * headers), a damaged cached response and a wheel whose name lies about its version, and the `seed` command
 * imports the cache into a new repository, reading names and versions from the archives' metadata;
 * then pip installs from the seeded repository with nothing else reachable.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { encode } from '@msgpack/msgpack';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionAssetsCommand,
} from '@aws-sdk/client-codeartifact';
import { prepareSeedTarget, runSeedCommand } from '../helpers/kit-cli';
import { startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { buildDists, indexUrl, isolatedEnv, makeVenv, run } from './pypi/python-tools';

const domain = 'pyseed';
let work: string;
let cache: string;
let serve: ServeHandle | undefined;

async function endpointOf(handle: ServeHandle, repository: string): Promise<string> {
  const client = handle.client();
  const { authorizationToken } = await client.send(new GetAuthorizationTokenCommand({ domain }));
  const { repositoryEndpoint } = await client.send(
    new GetRepositoryEndpointCommand({ domain, repository, format: 'pypi' }),
  );
  return indexUrl(repositoryEndpoint ?? '', authorizationToken ?? '');
}

/** A response as pip's cache (CacheControl) keeps it: `cc=4,` and a MessagePack map. */
function serialized(body: Uint8Array): Buffer {
  const response = {
    body,
    headers: { 'Content-Type': 'application/octet-stream' },
    status: 200,
    version: 11,
    reason: 'OK',
    decode_content: false,
  };
  return Buffer.concat([Buffer.from('cc=4,'), Buffer.from(encode({ response, vary: {} }))]);
}

beforeAll(async () => {
  work = await makeTempDir('artifact-desk-seed-pypi-');
  const publicFiles = path.join(work, 'public');
  const seedlib = await buildDists(publicFiles, 'seedlib', '1.0.0');
  const other = await buildDists(publicFiles, 'other_lib', '2.0.0', { wheelOnly: true });
  cache = path.join(work, 'pip-cache');
  // http-v2 (pip 23.3 and later): the response's headers beside its body.
  const v2 = path.join(cache, 'http-v2', '1', '2', '3');
  await mkdir(v2, { recursive: true });
  await writeFile(path.join(v2, 'a1b2'), serialized(new Uint8Array()));
  await cp(seedlib.wheel, path.join(v2, 'a1b2.body'));
  await writeFile(path.join(v2, 'c3d4'), serialized(new Uint8Array()));
  await writeFile(path.join(v2, 'c3d4.body'), '<!DOCTYPE html><html><body>an index page</body></html>');
  // http (older pips): the body inside the serialized response.
  const v1 = path.join(cache, 'http', '4', '5');
  await mkdir(v1, { recursive: true });
  await writeFile(path.join(v1, 'e5f6'), serialized(await readFile(seedlib.sdist ?? '')));
  // wheels/: a wheel pip built, under its own file name.
  const built = path.join(cache, 'wheels', '7', '8');
  await mkdir(built, { recursive: true });
  await cp(other.wheel, path.join(built, path.basename(other.wheel)));
  await prepareSeedTarget(path.join(work, 'seeded'), domain);
}, 240_000);

afterAll(async () => {
  await serve?.dispose();
  if (work) await removeDir(work);
});

describe("seed from pip's cache", () => {
  it('imports the cached wheels and sdist by their own metadata and skips what it cannot trust', async () => {
    const hostile = path.join(cache, 'http-v2', 'f', 'f', 'hostile');
    await mkdir(hostile, { recursive: true });
    await writeFile(
      path.join(hostile, 'broken.body'),
      Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 1)]),
    );
    await writeFile(path.join(hostile, 'broken'), Buffer.from('cc=4,\u00ff\u00ff'));
    const liar = path.join(cache, 'wheels', 'aa', 'bb');
    await mkdir(liar, { recursive: true });
    const lying = await buildDists(path.join(work, 'lying'), 'other_lib', '3.0.0', { wheelOnly: true });
    await cp(lying.wheel, path.join(liar, 'other_lib-9.9.9-py3-none-any.whl'));
    const seeded = await runSeedCommand([
      '--data-dir',
      path.join(work, 'seeded'),
      '--domain',
      domain,
      '--repository',
      'seeded',
      '--from',
      'pypi',
      '--pip-cache',
      cache,
      '--json',
    ]);
    expect(seeded.code, seeded.stderr).toBe(0);
    const lines =
      seeded.report?.entries.map((entry) =>
        `${entry.name} ${entry.version} ${entry.outcome} ${entry.files.join(',')} ${entry.detail ?? ''}`.trim(),
      ) ?? [];
    expect(lines.filter((line) => line.includes(' imported ')).sort(), lines.join('\n')).toEqual([
      'other-lib 2.0.0 imported other_lib-2.0.0-py3-none-any.whl',
      'seedlib 1.0.0 imported seedlib-1.0.0-py3-none-any.whl',
      'seedlib 1.0.0 imported seedlib-1.0.0.tar.gz',
    ]);
    const skipped = lines.filter((line) => line.includes(' skipped ')).join('\n');
    expect(skipped).toMatch(
      /the file is named other_lib-9\.9\.9-py3-none-any\.whl but its metadata says other_lib 3\.0\.0/,
    );
    expect(skipped).toMatch(/broken\.body is not a readable distribution/);
    expect(skipped).toMatch(/hostile\/broken cannot be read/);
  }, 120_000);

  it('pip installs from the seeded repository with nothing else reachable', async () => {
    serve = await startServe({ dataDir: path.join(work, 'seeded'), args: ['--no-client-config'] });
    const assets = await serve.client().send(
      new ListPackageVersionAssetsCommand({
        domain,
        repository: 'seeded',
        format: 'pypi',
        package: 'seedlib',
        packageVersion: '1.0.0',
      }),
    );
    expect(assets.assets?.map((asset) => asset.name).sort()).toEqual([
      'seedlib-1.0.0-py3-none-any.whl',
      'seedlib-1.0.0.tar.gz',
    ]);
    const env = isolatedEnv(path.join(work, 'install-home'));
    const pip = await makeVenv(path.join(work, 'venv'), env);
    const install = await run(
      pip,
      ['install', 'seedlib==1.0.0', 'other-lib==2.0.0', '--index-url', await endpointOf(serve, 'seeded')],
      env,
    );
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toMatch(/Successfully installed other[-_]lib-2\.0\.0 seedlib-1\.0\.0/);
  }, 180_000);
});
