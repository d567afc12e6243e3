/**
 * npm publish (unscoped and scoped, with --tag), then npm install in a clean project: the lockfile
 * records tarball URLs of this endpoint and integrity npm verified; metadata from package.json and
 * README reaches the engine; republishing a version is refused; unpublish names DeletePackageVersions.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribePackageVersionCommand,
  GetPackageVersionReadmeCommand,
  ListPackageVersionDependenciesCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { startServe, type ServeHandle } from '../helpers/serve';
import { createNpmEnv, type NpmEnv } from './npm/npm-env';
import { createRepositories, packageSource } from './npm/npm-setup';

let serve: ServeHandle;
let client: CodeartifactClient;
let env: NpmEnv;
let registry: string;

beforeAll(async () => {
  serve = await startServe({ args: ['--no-client-config'] });
  client = serve.client();
  env = await createNpmEnv();
  const setup = await createRepositories(client, 'acme', [{ name: 'local' }]);
  registry = await setup.endpoint('local');
  await env.configure(registry, setup.token);
}, 60_000);

afterAll(async () => {
  await env?.dispose();
  await serve?.dispose();
});

describe('npm publish and install', () => {
  it('publishes unscoped and scoped packages and installs them with a lockfile', async () => {
    const lib = await packageSource(env.home, 'left-pad-lite', '1.0.0', 'lib-1.0.0', {
      homepage: 'https://example.test/lib',
      repository: { type: 'git', url: 'git+https://example.test/lib.git' },
      dependencies: {},
    });
    let result = await env.npm(['publish'], lib);
    expect(result.stderr + result.stdout).not.toMatch(/ERR!/);
    expect(result.exitCode).toBe(0);

    const scoped = await packageSource(env.home, '@acme/widgets', '2.1.0', 'widgets-2.1.0', {
      dependencies: { 'left-pad-lite': '^1.0.0' },
      peerDependencies: {},
    });
    result = await env.npm(['publish'], scoped);
    expect(result.exitCode, result.stderr).toBe(0);

    const project = await env.project('app', { '@acme/widgets': '^2.0.0' });
    result = await env.npm(['install'], project);
    expect(result.exitCode, result.stderr).toBe(0);
    const lock = JSON.parse(await readFile(path.join(project, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string; integrity?: string; version?: string }>;
    };
    const widgets = lock.packages['node_modules/@acme/widgets'];
    const pad = lock.packages['node_modules/left-pad-lite'];
    expect(widgets?.resolved).toBe(`${registry}@acme/widgets/-/widgets-2.1.0.tgz`);
    expect(pad?.resolved).toBe(`${registry}left-pad-lite/-/left-pad-lite-1.0.0.tgz`);
    expect(widgets?.integrity).toMatch(/^sha512-/);
    const marker = await readFile(path.join(project, 'node_modules', '@acme', 'widgets', 'index.js'), 'utf8');
    expect(marker).toContain('widgets-2.1.0');

    // A second clean install from the lockfile, with an empty cache, checks integrity again.
    await env.clearCache();
    result = await env.npm(['ci'], project);
    expect(result.exitCode, result.stderr).toBe(0);

    const described = await client.send(
      new DescribePackageVersionCommand({
        domain: 'acme',
        repository: 'local',
        format: 'npm',
        package: 'left-pad-lite',
        packageVersion: '1.0.0',
      }),
    );
    expect(described.packageVersion?.homePage).toBe('https://example.test/lib');
    expect(described.packageVersion?.sourceCodeRepository).toBe('git+https://example.test/lib.git');
    expect(described.packageVersion?.licenses).toEqual([{ name: 'MIT' }]);
    expect(described.packageVersion?.summary).toBe('left-pad-lite used in tests');
    const readme = await client.send(
      new GetPackageVersionReadmeCommand({
        domain: 'acme',
        repository: 'local',
        format: 'npm',
        package: 'left-pad-lite',
        packageVersion: '1.0.0',
      }),
    );
    expect(readme.readme).toContain('lib-1.0.0');
    const deps = await client.send(
      new ListPackageVersionDependenciesCommand({
        domain: 'acme',
        repository: 'local',
        format: 'npm',
        namespace: 'acme',
        package: 'widgets',
        packageVersion: '2.1.0',
      }),
    );
    expect(deps.dependencies).toEqual([
      expect.objectContaining({
        package: 'left-pad-lite',
        dependencyType: 'regular',
        versionRequirement: '^1.0.0',
      }),
    ]);
  }, 180_000);

  it('publishes with --tag, refuses a republish and answers unpublish with DeletePackageVersions', async () => {
    const beta = await packageSource(env.home, 'left-pad-lite', '2.0.0-beta.1', 'lib-beta');
    let result = await env.npm(['publish', '--tag', 'next'], beta);
    expect(result.exitCode, result.stderr).toBe(0);
    result = await env.npm(['view', 'left-pad-lite', 'dist-tags', '--json'], env.home);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ latest: '1.0.0', next: '2.0.0-beta.1' });

    result = await env.npm(['publish', '--tag', 'next'], beta);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/409|cannot be published again|already exists/i);

    result = await env.npm(['unpublish', 'left-pad-lite@2.0.0-beta.1', '--force'], env.home);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/DeletePackageVersions/);
  }, 120_000);
});
