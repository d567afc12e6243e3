/**
 * npm dist-tag add/rm/ls; the status rules as npm sees them (Unlisted: gone from the packument but its
 * tarball still installs by URL; Archived and Disposed: not installable at all); and npm install
 * through an upstream repository, which retains what it served.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DisposePackageVersionsCommand,
  ListPackageVersionsCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import type { NpmEnv } from './npm/npm-env';
import { publishToLocalWithApp, type LocalAndApp } from './npm/npm-setup';

let setup: LocalAndApp;
let client: CodeartifactClient;
let env: NpmEnv;
let localRegistry: string;
let appRegistry: string;
let token: string;

beforeAll(async () => {
  setup = await publishToLocalWithApp('tags', 'status-pkg', ['1.0.0', '1.1.0', '1.2.0', '1.3.0'], 'status');
  ({ client, env, localRegistry, appRegistry, token } = setup);
}, 120_000);

afterAll(async () => {
  await setup?.dispose();
});

const versionsOf = async (): Promise<string[]> => {
  const result = await env.npm(['view', 'status-pkg', 'versions', '--json'], env.home);
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as string[];
};

describe('npm dist-tags, status rules and upstreams', () => {
  it('adds, lists and removes dist-tags', async () => {
    let result = await env.npm(['dist-tag', 'add', 'status-pkg@1.1.0', 'stable'], env.home);
    expect(result.exitCode, result.stderr).toBe(0);
    result = await env.npm(['dist-tag', 'ls', 'status-pkg'], env.home);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('stable: 1.1.0');
    expect(result.stdout).toContain('latest: 1.3.0');
    const project = await env.project('tagged', { 'status-pkg': 'stable' });
    result = await env.npm(['install'], project);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await readFile(path.join(project, 'node_modules', 'status-pkg', 'index.js'), 'utf8')).toContain(
      'status-1.1.0',
    );
    result = await env.npm(['dist-tag', 'rm', 'status-pkg', 'stable'], env.home);
    expect(result.exitCode, result.stderr).toBe(0);
    result = await env.npm(['dist-tag', 'ls', 'status-pkg'], env.home);
    expect(result.stdout).not.toContain('stable');
  }, 120_000);

  it('hides Unlisted versions but serves their tarball; Archived and Disposed are gone', async () => {
    await client.send(
      new UpdatePackageVersionsStatusCommand({
        domain: 'tags',
        repository: 'local',
        format: 'npm',
        package: 'status-pkg',
        versions: ['1.0.0'],
        targetStatus: 'Unlisted',
      }),
    );
    await client.send(
      new UpdatePackageVersionsStatusCommand({
        domain: 'tags',
        repository: 'local',
        format: 'npm',
        package: 'status-pkg',
        versions: ['1.1.0'],
        targetStatus: 'Archived',
      }),
    );
    await client.send(
      new DisposePackageVersionsCommand({
        domain: 'tags',
        repository: 'local',
        format: 'npm',
        package: 'status-pkg',
        versions: ['1.2.0'],
      }),
    );
    expect(await versionsOf()).toEqual(['1.3.0']);

    await env.clearCache();
    let project = await env.project('unlisted-exact', { 'status-pkg': '1.0.0' });
    let result = await env.npm(['install'], project);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/ETARGET|No matching version/);

    project = await env.project('unlisted-url', {
      'status-pkg': `${localRegistry}status-pkg/-/status-pkg-1.0.0.tgz`,
    });
    result = await env.npm(['install'], project);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await readFile(path.join(project, 'node_modules', 'status-pkg', 'index.js'), 'utf8')).toContain(
      'status-1.0.0',
    );

    for (const version of ['1.1.0', '1.2.0']) {
      project = await env.project(`gone-${version}`, {
        'status-pkg': `${localRegistry}status-pkg/-/status-pkg-${version}.tgz`,
      });
      result = await env.npm(['install'], project);
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toMatch(/404/);
    }
  }, 180_000);

  it('installs through an upstream and retains what it served', async () => {
    const project = await env.project('through-upstream', { 'status-pkg': '^1.0.0' });
    await env.configure(appRegistry, token);
    try {
      await env.clearCache();
      const result = await env.npm(['install'], project);
      expect(result.exitCode, result.stderr).toBe(0);
      const lock = JSON.parse(await readFile(path.join(project, 'package-lock.json'), 'utf8')) as {
        packages: Record<string, { resolved?: string }>;
      };
      expect(lock.packages['node_modules/status-pkg']?.resolved).toBe(
        `${appRegistry}status-pkg/-/status-pkg-1.3.0.tgz`,
      );
      const listed = await client.send(
        new ListPackageVersionsCommand({
          domain: 'tags',
          repository: 'app',
          format: 'npm',
          package: 'status-pkg',
        }),
      );
      expect(listed.versions?.map((v) => v.version)).toEqual(['1.3.0']);
      expect(listed.versions?.[0]?.origin?.originType).toBe('INTERNAL');
    } finally {
      await env.configure(localRegistry, token);
    }
  }, 120_000);
});
