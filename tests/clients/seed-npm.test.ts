/**
 * Seeding from npm's cache: the real npm client installs a project from the service (through a
 * fake public registry), which fills a fresh npm cache; the registry and the service are stopped,
 * the `seed` command imports that cache into a new data directory's repository, and npm installs
 * the project again from the seeded repository, with an empty cache and nothing else reachable.
 * A copy of the cache with one content file damaged and one removed reports both as skipped.
 */
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListPackageVersionsCommand } from '@aws-sdk/client-codeartifact';
import { prepareSeedTarget, runSeedCommand } from '../helpers/kit-cli';
import { startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { startFakeRegistry, type FakeRegistry } from './npm/fake-registry';
import { createNpmEnv, type NpmEnv } from './npm/npm-env';
import { createRepositories } from './npm/npm-setup';
import { npmFixture } from './npm/tarball-writer';

const domain = 'seed';

/** The seed command importing the npm cache at `cache` into the `seeded` repository of `dataDir`. */
function seedNpmCache(dataDir: string, cache: string, ...extra: string[]) {
  return runSeedCommand([
    '--data-dir',
    dataDir,
    '--domain',
    domain,
    '--repository',
    'seeded',
    '--from',
    'npm',
    '--npm-cache',
    cache,
    ...extra,
  ]);
}
let fake: FakeRegistry;
let env: NpmEnv;
let sourceDir: string;
let seededDir: string;
let work: string;
let serve: ServeHandle | undefined;

/** Every content file of a `_cacache` folder. */
async function contentFiles(cache: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(full);
    }
  };
  await walk(path.join(cache, '_cacache', 'content-v2'));
  return out;
}

beforeAll(async () => {
  fake = await startFakeRegistry([
    npmFixture('public-dep', '2.0.0', 'public-dep-2.0.0'),
    npmFixture('public-lib', '1.1.0', 'public-lib-1.1.0', { dependencies: { 'public-dep': '^2.0.0' } }),
    npmFixture('@acme/tool', '1.0.0', 'acme-tool-1.0.0'),
  ]);
  env = await createNpmEnv();
  work = await makeTempDir('artifact-desk-seed-npm-');
  sourceDir = path.join(work, 'source');
  seededDir = path.join(work, 'seeded');
  serve = await startServe({
    dataDir: sourceDir,
    args: ['--external-upstream', `public:npmjs=${fake.url}`, '--no-client-config'],
  });
  const setup = await createRepositories(serve.client(), domain, [
    { name: 'npm-store', external: 'public:npmjs' },
    { name: 'app', upstreams: ['npm-store'] },
  ]);
  await env.configure(await setup.endpoint('app'), setup.token);
  const project = await env.project('filler', { 'public-lib': '^1.0.0', '@acme/tool': '1.0.0' });
  const installed = await env.npm(['install'], project);
  expect(installed.exitCode, installed.stderr).toBe(0);
  await serve.stop();
  await fake.stop();
  await prepareSeedTarget(seededDir, domain);
}, 180_000);

afterAll(async () => {
  await serve?.dispose();
  await env?.dispose();
  await fake?.stop();
  if (work) await removeDir(work);
});

describe('seed from the npm cache', () => {
  it('imports every cached tarball as a published version, checked against its integrity', async () => {
    const run = await seedNpmCache(seededDir, env.cache, '--json');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const entries = run.report?.entries.map((entry) => `${entry.name}@${entry.version}:${entry.outcome}`);
    expect(entries?.sort()).toEqual([
      '@acme/tool@1.0.0:imported',
      'public-dep@2.0.0:imported',
      'public-lib@1.1.0:imported',
    ]);
    expect(run.report?.sources[0]?.path, 'the _cacache folder inside the given cache').toBe(
      path.join(env.cache, '_cacache'),
    );
  }, 120_000);

  it('a second seed finds everything already present', async () => {
    const run = await runSeedCommand(
      ['--data-dir', seededDir, '--domain', domain, '--repository', 'seeded', '--from', 'npm'],
      // npm's own `cache` setting is where the seed looks when no folder is given.
      { npm_config_cache: env.cache },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('0 imported, 3 present, 0 skipped');
  }, 120_000);

  it('skips damaged and missing cache content with the reason, and imports nothing from it', async () => {
    const copy = path.join(work, 'damaged-cache');
    await cp(env.cache, copy, { recursive: true });
    const tarballs: string[] = [];
    for (const file of await contentFiles(copy)) {
      const head = await readFile(file);
      if (head[0] === 0x1f && head[1] === 0x8b) tarballs.push(file);
    }
    expect(tarballs).toHaveLength(3);
    const [damaged = '', removed = '', truncated = ''] = tarballs;
    const bytes = await readFile(damaged);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
    await writeFile(damaged, bytes);
    await rm(removed);
    const whole = await readFile(truncated);
    await writeFile(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const fresh = path.join(work, 'fresh');
    await prepareSeedTarget(fresh, domain);
    const run = await seedNpmCache(fresh, copy, '--json');
    expect(run.code, run.stderr).toBe(0);
    const details = run.report?.entries.map((entry) => `${entry.outcome}: ${entry.detail ?? ''}`) ?? [];
    expect(details.filter((line) => line.startsWith('skipped'))).toHaveLength(3);
    expect(details.join('\n')).toMatch(/damaged \(it does not match the integrity npm recorded\)/);
    expect(details.join('\n')).toMatch(/missing from the cache folder/);
    expect(run.report?.counts.imported).toBe(0);
    const listed = await seedNpmCache(fresh, path.join(work, 'no-such-cache'));
    expect(listed.stdout, 'a missing cache folder is reported, not an error').toContain(
      '0 imported, 0 present, 0 skipped',
    );
  }, 120_000);

  it('npm installs the project from the seeded repository with nothing else reachable', async () => {
    serve = await startServe({ dataDir: seededDir, args: ['--no-client-config'] });
    const setup = {
      client: serve.client(),
    };
    const { GetAuthorizationTokenCommand, GetRepositoryEndpointCommand } =
      await import('@aws-sdk/client-codeartifact');
    const { authorizationToken } = await setup.client.send(new GetAuthorizationTokenCommand({ domain }));
    const { repositoryEndpoint } = await setup.client.send(
      new GetRepositoryEndpointCommand({ domain, repository: 'seeded', format: 'npm' }),
    );
    await env.clearCache();
    await env.configure(repositoryEndpoint ?? '', authorizationToken ?? '');
    const project = await env.project('offline-app', { 'public-lib': '^1.0.0', '@acme/tool': '1.0.0' });
    const result = await env.npm(['install'], project);
    expect(result.exitCode, result.stderr).toBe(0);
    for (const [name, marker] of [
      ['public-lib', 'public-lib-1.1.0'],
      ['public-dep', 'public-dep-2.0.0'],
      ['@acme/tool', 'acme-tool-1.0.0'],
    ] as const) {
      const installed = await readFile(
        path.join(project, 'node_modules', ...name.split('/'), 'index.js'),
        'utf8',
      );
      expect(installed, `${name} installed from the seeded repository`).toContain(marker);
    }
    const versions = await setup.client.send(
      new ListPackageVersionsCommand({ domain, repository: 'seeded', format: 'npm', package: 'public-lib' }),
    );
    expect(versions.versions?.map((version) => `${version.version} ${version.status}`)).toEqual([
      '1.1.0 Published',
    ]);
  }, 120_000);
});
