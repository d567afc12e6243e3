/**
 * An offline kit from a real npm lockfile: npm writes package-lock.json against the app repository
 * (packuments only, so nothing is stored yet), the `kit` command fetches every tarball through the
 * app's upstream and its `public:npmjs` connection to a fake public registry, checking each against
 * the lockfile's integrity; then, with the fake registry stopped and npm's cache empty, `npm ci`
 * installs the project from the service. A doctored lockfile reports a mismatch and a missing package.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionsCommand,
} from '@aws-sdk/client-codeartifact';
import { runKitCommand } from '../helpers/kit-cli';
import { startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { startFakeRegistry, type FakeRegistry } from './npm/fake-registry';
import { createNpmEnv, type NpmEnv } from './npm/npm-env';
import { createRepositories } from './npm/npm-setup';
import { npmFixture } from './npm/tarball-writer';

const domain = 'kit';
let fake: FakeRegistry;
let env: NpmEnv;
let dataDir: string;
let serve: ServeHandle | undefined;
let project: string;
let port: number;
let upstreamArgs: string[];

interface Lock {
  packages: Record<string, { version?: string; integrity?: string; resolved?: string }>;
}

beforeAll(async () => {
  fake = await startFakeRegistry([
    npmFixture('public-dep', '2.0.0', 'public-dep-2.0.0'),
    npmFixture('public-lib', '1.1.0', 'public-lib-1.1.0', { dependencies: { 'public-dep': '^2.0.0' } }),
    npmFixture('@acme/tool', '1.0.0', 'acme-tool-1.0.0'),
  ]);
  upstreamArgs = ['--external-upstream', `public:npmjs=${fake.url}`, '--no-client-config'];
  env = await createNpmEnv();
  dataDir = await makeTempDir('artifact-desk-kit-npm-');
  serve = await startServe({ dataDir, args: upstreamArgs });
  port = Number(new URL(serve.endpoint).port);
  const setup = await createRepositories(serve.client(), domain, [
    { name: 'npm-store', external: 'public:npmjs' },
    { name: 'app', upstreams: ['npm-store'] },
  ]);
  await env.configure(await setup.endpoint('app'), setup.token);
  project = await env.project('kit-app', { 'public-lib': '^1.0.0', '@acme/tool': '1.0.0' });
  const locked = await env.npm(['install', '--package-lock-only'], project);
  expect(locked.exitCode, locked.stderr).toBe(0);
  await serve.stop();
}, 120_000);

afterAll(async () => {
  await serve?.dispose();
  await env?.dispose();
  await fake?.stop();
  if (dataDir) await removeDir(dataDir);
});

describe('offline kit from package-lock.json', () => {
  it('npm wrote the lockfile without any tarball being fetched', () => {
    expect(fake.requests.filter((request) => request.endsWith('.tgz'))).toEqual([]);
  });

  it('fetches every tarball of the lockfile through the upstreams and checks its integrity', async () => {
    const run = await runKitCommand([
      '--data-dir',
      dataDir,
      '--domain',
      domain,
      '--repository',
      'app',
      '--json',
      ...upstreamArgs,
      path.join(project, 'package-lock.json'),
    ]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const report = run.report;
    expect(report?.source).toBe('package-lock');
    expect(report?.entries.map((entry) => `${entry.name}@${entry.version}:${entry.outcome}`).sort()).toEqual([
      '@acme/tool@1.0.0:fetched',
      'public-dep@2.0.0:fetched',
      'public-lib@1.1.0:fetched',
    ]);
    expect(report?.verified, 'every tarball checked against the lockfile integrity').toBe(3);
    expect(run.stderr, 'progress is printed').toMatch(/kit: 3\/3 \(100%\)/);
    expect(fake.requests.filter((request) => request.endsWith('.tgz'))).toHaveLength(3);
  }, 120_000);

  it('reports a tarball that differs from the lockfile and a package no upstream has', async () => {
    const lock = JSON.parse(await readFile(path.join(project, 'package-lock.json'), 'utf8')) as Lock;
    const dep = lock.packages['node_modules/public-dep'];
    if (!dep) throw new Error('public-dep is not in the lockfile');
    dep.integrity = `sha512-${Buffer.alloc(64, 7).toString('base64')}`;
    lock.packages['node_modules/not-published'] = {
      version: '1.0.0',
      resolved: 'http://127.0.0.1:9/not-published/-/not-published-1.0.0.tgz',
    };
    const doctored = path.join(project, 'doctored', 'package-lock.json');
    await mkdir(path.dirname(doctored), { recursive: true });
    await writeFile(doctored, JSON.stringify(lock));
    const run = await runKitCommand([
      '--data-dir',
      dataDir,
      '--domain',
      domain,
      '--repository',
      'app',
      ...upstreamArgs,
      doctored,
    ]);
    expect(run.code, 'an incomplete kit exits 1').toBe(1);
    expect(run.stdout).toContain('1 missing, 1 mismatch');
    expect(run.stdout).toMatch(
      /mismatch +public-dep@2\.0\.0: public-dep-2\.0\.0\.tgz does not match the lockfile's integrity/,
    );
    expect(run.stdout).toMatch(
      /missing +not-published@1\.0\.0: not-published-1\.0\.0\.tgz could not be had \(HTTP 404\)/,
    );
    expect(run.stdout, 'what the first kit stored counts as cached').toContain('2 cached');
  }, 120_000);

  it('installs with npm ci from the service once the public registry is stopped', async () => {
    await fake.stop();
    await env.clearCache();
    serve = await startServe({ dataDir, args: ['--port', String(port), '--no-client-config'] });
    const client = serve.client();
    const { authorizationToken } = await client.send(new GetAuthorizationTokenCommand({ domain }));
    const { repositoryEndpoint } = await client.send(
      new GetRepositoryEndpointCommand({ domain, repository: 'app', format: 'npm' }),
    );
    await env.configure(repositoryEndpoint ?? '', authorizationToken ?? '');
    const result = await env.npm(['ci'], project);
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
      expect(installed, `${name} installed offline`).toContain(marker);
    }
    const stored = await client.send(
      new ListPackageVersionsCommand({
        domain,
        repository: 'npm-store',
        format: 'npm',
        package: 'public-lib',
      }),
    );
    expect(stored.versions?.[0]?.origin?.originType).toBe('EXTERNAL');
  }, 120_000);
});
