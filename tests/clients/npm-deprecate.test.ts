/**
 * `npm deprecate` against the real npm CLI: the message shows in `npm view` and in both packument
 * forms, `npm install` warns about it, an empty message un-deprecates, and a version a repository
 * only serves from its upstream cannot be deprecated there. A version fetched through the
 * `public:npmjs` external connection keeps the deprecation its registry showed, offline too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribePackageVersionCommand, type CodeartifactClient } from '@aws-sdk/client-codeartifact';
import { startServe, type ServeHandle } from '../helpers/serve';
import { startFakeRegistry, type FakeRegistry } from './npm/fake-registry';
import type { NpmEnv } from './npm/npm-env';
import { createRepositories, publishToLocalWithApp, type LocalAndApp } from './npm/npm-setup';
import { npmFixture } from './npm/tarball-writer';

let setup: LocalAndApp;
let client: CodeartifactClient;
let env: NpmEnv;
let localRegistry: string;
let appRegistry: string;
let token: string;

beforeAll(async () => {
  setup = await publishToLocalWithApp('deprecations', 'old-lib', ['1.0.0', '1.1.0', '2.0.0']);
  ({ client, env, localRegistry, appRegistry, token } = setup);
}, 120_000);

afterAll(async () => {
  await setup?.dispose();
});

const revisionOf = async (repository: string, version: string) =>
  (
    await client.send(
      new DescribePackageVersionCommand({
        domain: 'deprecations',
        repository,
        format: 'npm',
        package: 'old-lib',
        packageVersion: version,
      }),
    )
  ).packageVersion?.revision;

const viewDeprecated = async (spec: string): Promise<string> => {
  const result = await env.npm(['view', spec, 'deprecated'], env.home);
  expect(result.exitCode, result.stderr).toBe(0);
  return result.stdout.trim();
};

const packument = async (registry: string, accept: string): Promise<Record<string, unknown>> => {
  const response = await fetch(`${registry}old-lib`, {
    headers: { Authorization: `Bearer ${token}`, Accept: accept },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
};
const versionEntry = (doc: Record<string, unknown>, version: string) =>
  (doc.versions as Record<string, Record<string, unknown>>)[version];

describe('npm deprecate', () => {
  it('deprecates the versions a range names, with a new revision for each', async () => {
    const before = { one: await revisionOf('local', '1.0.0'), two: await revisionOf('local', '2.0.0') };
    const result = await env.npm(
      ['deprecate', 'old-lib@<2', 'old-lib 1.x is no longer maintained'],
      env.home,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await viewDeprecated('old-lib@1.0.0')).toBe('old-lib 1.x is no longer maintained');
    expect(await viewDeprecated('old-lib@1.1.0')).toBe('old-lib 1.x is no longer maintained');
    expect(await viewDeprecated('old-lib@2.0.0')).toBe('');
    expect(await revisionOf('local', '1.0.0')).not.toBe(before.one);
    expect(await revisionOf('local', '2.0.0')).toBe(before.two);

    for (const accept of ['application/json', 'application/vnd.npm.install-v1+json']) {
      const doc = await packument(localRegistry, accept);
      expect(versionEntry(doc, '1.0.0')?.deprecated, accept).toBe('old-lib 1.x is no longer maintained');
      expect(versionEntry(doc, '2.0.0')?.deprecated, accept).toBeUndefined();
    }
  }, 120_000);

  it('makes npm install warn about a deprecated version', async () => {
    await env.clearCache();
    const project = await env.project('uses-old-lib', { 'old-lib': '1.0.0' });
    const result = await env.npm(['install'], project);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/deprecated old-lib@1\.0\.0: old-lib 1\.x is no longer maintained/);
  }, 120_000);

  it('carries the message into a downstream repository that retains the version', async () => {
    const project = await env.project('through-app', { 'old-lib': '1.1.0' });
    await env.configure(appRegistry, token);
    try {
      await env.clearCache();
      const result = await env.npm(['install'], project);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/deprecated old-lib@1\.1\.0: old-lib 1\.x is no longer maintained/);
      expect(await revisionOf('app', '1.1.0')).toBe(await revisionOf('local', '1.1.0'));
      expect(versionEntry(await packument(appRegistry, 'application/json'), '1.1.0')?.deprecated).toBe(
        'old-lib 1.x is no longer maintained',
      );
    } finally {
      await env.configure(localRegistry, token);
    }
  }, 120_000);

  it('refuses to deprecate, through a downstream repository, a version only its upstream holds', async () => {
    await env.configure(appRegistry, token);
    try {
      const result = await env.npm(['deprecate', 'old-lib@2.0.0', 'do not use'], env.home);
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toMatch(/404/);
      expect(result.stderr).toContain(
        "Version '2.0.0' of package 'old-lib' does not exist in repository 'app'",
      );
    } finally {
      await env.configure(localRegistry, token);
    }
    expect(await viewDeprecated('old-lib@2.0.0')).toBe('');
  }, 120_000);

  it('un-deprecates with an empty message, and npm install stops warning', async () => {
    const before = await revisionOf('local', '1.0.0');
    let result = await env.npm(['deprecate', 'old-lib@1.0.0', ''], env.home);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await viewDeprecated('old-lib@1.0.0')).toBe('');
    expect(await viewDeprecated('old-lib@1.1.0')).toBe('old-lib 1.x is no longer maintained');
    expect(await revisionOf('local', '1.0.0')).not.toBe(before);
    expect(versionEntry(await packument(localRegistry, 'application/json'), '1.0.0')).not.toHaveProperty(
      'deprecated',
    );

    await env.clearCache();
    const project = await env.project('uses-undeprecated', { 'old-lib': '1.0.0' });
    result = await env.npm(['install'], project);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('deprecated');
  }, 120_000);
});

describe('deprecations of an external connection', () => {
  let fake: FakeRegistry;
  let cacheServe: ServeHandle;
  let cacheRegistry: string;
  let cacheToken: string;

  beforeAll(async () => {
    // The registry deprecated 1.0.0 after it was published: the message is in the packument only.
    const deprecated = npmFixture('faded', '1.0.0', 'faded-1.0.0');
    fake = await startFakeRegistry([
      { ...deprecated, manifest: { ...deprecated.manifest, deprecated: 'faded is unmaintained' } },
      npmFixture('faded', '1.1.0', 'faded-1.1.0'),
    ]);
    cacheServe = await startServe({
      args: ['--no-client-config', '--external-upstream', `public:npmjs=${fake.url}`],
    });
    const setup = await createRepositories(cacheServe.client(), 'cached', [
      { name: 'npm-store', external: 'public:npmjs' },
      { name: 'app', upstreams: ['npm-store'] },
    ]);
    cacheToken = setup.token;
    cacheRegistry = await setup.endpoint('app');
  }, 60_000);

  afterAll(async () => {
    await cacheServe?.dispose();
    await fake?.stop();
  });

  it('shows the upstream message before and after the version is stored, and offline', async () => {
    await env.configure(cacheRegistry, cacheToken);
    try {
      expect(await viewDeprecated('faded@1.0.0')).toBe('faded is unmaintained');
      await env.clearCache();
      const project = await env.project('uses-faded', { faded: '1.0.0' });
      const result = await env.npm(['install'], project);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/deprecated faded@1\.0\.0: faded is unmaintained/);

      await fake.stop();
      await env.clearCache();
      expect(await viewDeprecated('faded@1.0.0'), 'served from the stored record').toBe(
        'faded is unmaintained',
      );
      const offline = await env.project('uses-faded-offline', { faded: '1.0.0' });
      const again = await env.npm(['install'], offline);
      expect(again.exitCode, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/deprecated faded@1\.0\.0: faded is unmaintained/);
    } finally {
      await env.configure(localRegistry, token);
    }
  }, 120_000);
});
