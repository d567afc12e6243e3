/**
 * The `public:npmjs` external connection as an offline cache, against a fake public registry that
 * the service learns of only by asking npm (`npm config get registry`, answered from npm's own
 * settings in the service's environment; the user's .npmrc has no registry line until login writes
 * the app repository into it): npm install through it (versions stored with EXTERNAL origin), the
 * dependency-confusion guard (a locally published @acme/ui shadows the public one, and keeps it out
 * even once deleted), and, with the fake registry stopped and npm's cache empty: installs from the
 * stored packuments (dist-tags included), a skipped uncached optional dependency, and a missing
 * required package that fails at once naming itself.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeletePackageVersionsCommand,
  DescribePackageCommand,
  ListPackageVersionsCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { startServe, waitForOutput, type ServeHandle } from '../helpers/serve';
import { startFakeRegistry, type FakeRegistry } from './npm/fake-registry';
import { createNpmEnv, type NpmEnv } from './npm/npm-env';
import { createRepositories, packageSource } from './npm/npm-setup';
import { npmFixture } from './npm/tarball-writer';

let fake: FakeRegistry;
let serve: ServeHandle;
let client: CodeartifactClient;
let env: NpmEnv;
let appRegistry: string;

beforeAll(async () => {
  fake = await startFakeRegistry([
    npmFixture('public-dep', '2.0.0', 'public-dep-2.0.0'),
    npmFixture('public-lib', '1.0.0', 'public-lib-1.0.0', { dependencies: { 'public-dep': '^2.0.0' } }),
    npmFixture('public-lib', '1.1.0', 'public-lib-1.1.0', { dependencies: { 'public-dep': '^2.0.0' } }),
    npmFixture('@acme/ui', '9.9.9', 'PUBLIC-ui'),
    npmFixture('optional-native', '1.0.0', 'optional-native-1.0.0'),
  ]);
  env = await createNpmEnv();
  expect(await readFile(env.userconfig, 'utf8'), "the user's .npmrc names no registry").not.toMatch(
    /^registry=/m,
  );
  serve = await startServe({
    env: { HOME: env.home, npm_config_userconfig: env.userconfig, npm_config_registry: fake.url },
  });
  client = serve.client();
  const setup = await createRepositories(client, 'ext', [
    { name: 'npm-store', external: 'public:npmjs' },
    { name: 'app', upstreams: ['npm-store'] },
  ]);
  appRegistry = await setup.endpoint('app');
  await env.configure(appRegistry, setup.token);
}, 60_000);

afterAll(async () => {
  await env?.dispose();
  await serve?.dispose();
  await fake?.stop();
});

async function marker(project: string, name: string): Promise<string> {
  return readFile(path.join(project, 'node_modules', ...name.split('/'), 'index.js'), 'utf8');
}

describe('npm through the public:npmjs external connection', () => {
  let project: string;

  it('installs from the fake public registry and stores the versions as EXTERNAL', async () => {
    project = await env.project('ext-app', { 'public-lib': '^1.0.0' });
    const result = await env.npm(['install'], project);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await marker(project, 'public-lib')).toContain('public-lib-1.1.0');
    expect(await marker(project, 'public-dep')).toContain('public-dep-2.0.0');
    const lock = JSON.parse(await readFile(path.join(project, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string }>;
    };
    expect(lock.packages['node_modules/public-lib']?.resolved).toBe(
      `${appRegistry}public-lib/-/public-lib-1.1.0.tgz`,
    );

    const stored = await client.send(
      new ListPackageVersionsCommand({
        domain: 'ext',
        repository: 'npm-store',
        format: 'npm',
        package: 'public-lib',
      }),
    );
    expect(stored.versions?.map((v) => v.version)).toEqual(['1.1.0']);
    expect(stored.versions?.[0]?.origin).toEqual({
      originType: 'EXTERNAL',
      domainEntryPoint: { externalConnectionName: 'public:npmjs' },
    });
    const retained = await client.send(
      new ListPackageVersionsCommand({
        domain: 'ext',
        repository: 'app',
        format: 'npm',
        package: 'public-dep',
      }),
    );
    expect(retained.versions?.map((v) => v.version)).toEqual(['2.0.0']);
  }, 120_000);

  it("prints, once npm was first needed, which URL public:npmjs uses and that npm's own configuration named it", async () => {
    const line = await waitForOutput(serve, /^ {2}public:npmjs:.*$/m);
    expect(line).toContain(fake.url);
    expect(line).toContain('[npm config get registry]');
  }, 120_000);

  it('keeps a locally published @acme/ui from being replaced by its public namesake', async () => {
    const source = await packageSource(env.home, '@acme/ui', '1.0.0', 'LOCAL-ui');
    // npm checks the packument first; the public 9.9.9 is visible until a local version exists.
    let result = await env.npm(['publish', '--tag', 'latest'], source);
    expect(result.exitCode, result.stderr).toBe(0);
    const publicRequestsBefore = fake.requests.length;
    const uiProject = await env.project('ui-app');
    result = await env.npm(['install', '@acme/ui'], uiProject);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await marker(uiProject, '@acme/ui')).toContain('LOCAL-ui');
    result = await env.npm(['view', '@acme/ui', 'versions', '--json'], env.home);
    expect(JSON.parse(result.stdout)).toEqual(['1.0.0']);

    await client.send(
      new DeletePackageVersionsCommand({
        domain: 'ext',
        repository: 'app',
        format: 'npm',
        namespace: 'acme',
        package: 'ui',
        versions: ['1.0.0'],
      }),
    );
    const origin = await client.send(
      new DescribePackageCommand({
        domain: 'ext',
        repository: 'app',
        format: 'npm',
        namespace: 'acme',
        package: 'ui',
      }),
    );
    expect(origin.package?.originConfiguration?.restrictions).toEqual({
      publish: 'ALLOW',
      upstream: 'BLOCK',
    });
    await env.clearCache();
    const again = await env.project('ui-app-2');
    result = await env.npm(['install', '@acme/ui'], again);
    expect(result.exitCode).not.toBe(0);
    const listed = await client.send(
      new ListPackageVersionsCommand({
        domain: 'ext',
        repository: 'app',
        format: 'npm',
        namespace: 'acme',
        package: 'ui',
      }),
    );
    expect(listed.versions).toEqual([]);
    expect(fake.requests.slice(publicRequestsBefore).some((request) => request.includes('acme'))).toBe(false);
  }, 120_000);

  it('installs the same packages with the public registry stopped and a clean npm cache', async () => {
    await fake.stop();
    await env.clearCache();
    await rm(path.join(project, 'node_modules'), { recursive: true, force: true });
    let result = await env.npm(['ci'], project);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await marker(project, 'public-lib')).toContain('public-lib-1.1.0');

    // Without a lockfile too: the packument is served from what was stored.
    const fresh = await env.project('ext-offline', { 'public-lib': '^1.0.0' });
    result = await env.npm(['install'], fresh);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await marker(fresh, 'public-lib')).toContain('public-lib-1.1.0');
    expect(await marker(fresh, 'public-dep')).toContain('public-dep-2.0.0');
  }, 120_000);

  it("offline, resolves `latest` from the upstream's stored dist-tags and lists versions never downloaded", async () => {
    await env.clearCache();
    const bare = await env.project('ext-latest');
    const result = await env.npm(['install', 'public-lib'], bare);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await marker(bare, 'public-lib'), 'latest resolved offline').toContain('public-lib-1.1.0');
    const view = await env.npm(['view', 'public-lib', 'versions', '--json'], env.home);
    expect(JSON.parse(view.stdout), 'the upstream listed 1.0.0 though it was never downloaded').toEqual([
      '1.0.0',
      '1.1.0',
    ]);
    const tags = await env.npm(['view', 'public-lib', 'dist-tags', '--json'], env.home);
    expect(JSON.parse(tags.stdout)).toEqual({ latest: '1.1.0' });
  }, 120_000);

  it('offline, skips an uncached optional dependency at once and installs the rest', async () => {
    await env.clearCache();
    const withOptional = await env.project('ext-optional', { 'public-lib': '^1.0.0' });
    const manifest = JSON.parse(await readFile(path.join(withOptional, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    manifest.optionalDependencies = { 'optional-native': '^1.0.0' };
    await writeFile(path.join(withOptional, 'package.json'), JSON.stringify(manifest));
    const started = Date.now();
    // npm's own retry settings, as on a default install.
    const result = await env.npm(['install', '--fetch-retries=2'], withOptional);
    const seconds = (Date.now() - started) / 1000;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await marker(withOptional, 'public-lib')).toContain('public-lib-1.1.0');
    expect(seconds, 'the install does not wait on the offline upstream').toBeLessThan(30);
  }, 120_000);

  it('offline, fails at once for a missing required package, naming it and the offline upstream', async () => {
    const missing = await env.project('ext-missing', { 'never-fetched': '^1.0.0' });
    const started = Date.now();
    let result = await env.npm(['install', '--fetch-retries=2'], missing);
    expect(result.exitCode).not.toBe(0);
    expect((Date.now() - started) / 1000, 'npm fails without retrying for minutes').toBeLessThan(30);
    expect(result.stderr).toContain('never-fetched is not cached here and the upstream');
    expect(result.stderr).toContain('is offline');

    // A version the upstream listed but that was never downloaded: the same clear answer.
    const old = await env.project('ext-old');
    result = await env.npm(['install', 'public-lib@1.0.0', '--fetch-retries=2'], old);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('public-lib is not cached here');
  }, 120_000);
});
