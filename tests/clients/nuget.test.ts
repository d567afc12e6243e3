/**
 * The NuGet v3 endpoint driven over HTTP as NuGet clients drive it (no v3 client is installable
 * here): the service index, push to the PackagePublish resource, the flat container and
 * registrations through a downstream repository, unlist/relist as Unlisted/Published, Archived
 * versions leaving the documents, a push refused by origin controls, malformed packages (not a zip,
 * no nuspec, traversal, DTD entities, a wrong CRC-32, an invalid id, oversized) refused with nothing
 * stored, and what `aws codeartifact login --tool dotnet` configures.
 */
import {
  DescribePackageVersionCommand,
  GetPackageVersionReadmeCommand,
  ListPackageVersionDependenciesCommand,
  ListPackageVersionsCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { execFile } from 'node:child_process';

import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliPath } from '../helpers/aws-cli';
import { blobFiles } from '../helpers/data-dir-files';
import { declaredUploadStatus } from '../helpers/declared-upload';
import type { ServeHandle } from '../helpers/serve';
import { serveFormatRepositories } from './format-repositories';
import { expectVersionsWithAsset, expectStoreUntouched, blockPublish } from './format-assertions';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { nupkg, nuspecXml, withWrongCrc, zipFiles } from './nuget/nupkg-builder';
import { nugetRestore } from './nuget/nuget-restore';

const domain = 'nugets';
let serve: ServeHandle;
let client: CodeartifactClient;
let token: string;
let work: string;
let endpoints: Record<string, string>;
const packages: Record<string, Buffer> = {};
const lib = { domain, format: 'nuget', package: 'desk.lib' } as const;

function basic(): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` };
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { headers: basic() });
  expect(response.status, `GET ${url}`).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** The URL of a resource type in a repository's service index, as NuGet clients find it. */
async function resource(repository: string, type: string): Promise<string> {
  const index = await getJson(`${endpoints[repository]}v3/index.json`);
  const found = (index.resources as { '@id': string; '@type': string }[]).find((r) => r['@type'] === type);
  if (!found) throw new Error(`no ${type} in the service index`);
  return found['@id'];
}

async function push(repository: string, body: Buffer): Promise<Response> {
  const form = new FormData();
  form.append('package', new Blob([body]), 'package.nupkg');
  return fetch(await resource(repository, 'PackagePublish/2.0.0'), {
    method: 'PUT',
    headers: { ...basic(), 'X-NuGet-ApiKey': token },
    body: form,
  });
}

async function flatVersions(repository: string): Promise<string[]> {
  const base = await resource(repository, 'PackageBaseAddress/3.0.0');
  const response = await fetch(`${base}desk.lib/index.json`, { headers: basic() });
  if (response.status === 404) return [];
  return ((await response.json()) as { versions: string[] }).versions;
}

beforeAll(async () => {
  ({ serve, client, token, endpoints } = await serveFormatRepositories(domain, 'nuget'));
  work = await makeTempDir('artifact-desk-nuget-');
  for (const version of ['1.0.0', '1.1.0']) {
    packages[version] = await nupkg(work, {
      id: 'Desk.Lib',
      version,
      dependencies: [{ id: 'Desk.Other', version: '[2.0.0, )' }],
    });
    const pushed = await push('local', packages[version]);
    expect(pushed.status, `push Desk.Lib ${version}: ${pushed.statusText}`).toBe(201);
  }
  for (const version of ['2.0.0', '2.1.0']) {
    packages[`other-${version}`] = await nupkg(work, { id: 'Desk.Other', version });
    expect((await push('local', packages[`other-${version}`] ?? Buffer.alloc(0))).status).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  await removeDir(work);
  await serve?.dispose();
});

describe('NuGet v3', () => {
  it('lists pushed versions with their .nupkg assets, hashes and the nuspec metadata', async () => {
    await expectVersionsWithAsset(
      client,
      { ...lib, repository: 'local' },
      [
        ['1.1.0', 'Published'],
        ['1.0.0', 'Published'],
      ],
      { version: '1.1.0', name: 'desk.lib.1.1.0.nupkg', bytes: packages['1.1.0'] },
    );
    const described = await client.send(
      new DescribePackageVersionCommand({ ...lib, repository: 'local', packageVersion: '1.1.0' }),
    );
    expect(described.packageVersion).toMatchObject({ displayName: 'Desk.Lib', licenses: [{ name: 'MIT' }] });
    const readme = await client.send(
      new GetPackageVersionReadmeCommand({ ...lib, repository: 'local', packageVersion: '1.1.0' }),
    );
    expect(readme.readme).toContain('version 1.1.0');
    const deps = await client.send(
      new ListPackageVersionDependenciesCommand({ ...lib, repository: 'local', packageVersion: '1.1.0' }),
    );
    expect(deps.dependencies).toEqual([{ package: 'desk.other', versionRequirement: '[2.0.0, )' }]);
    expect((await push('local', packages['1.1.0'] ?? Buffer.alloc(0))).status, 'the same version again').toBe(
      202,
    );
  });

  it('resolves through a downstream repository as a NuGet client does: flat container, download, registration', async () => {
    expect(await flatVersions('app')).toEqual(['1.0.0', '1.1.0']);
    const base = await resource('app', 'PackageBaseAddress/3.0.0');
    const download = await fetch(`${base}desk.lib/1.1.0/desk.lib.1.1.0.nupkg`, { headers: basic() });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(packages['1.1.0'] ?? Buffer.alloc(0))).toBe(true);
    const nuspec = await fetch(`${base}desk.lib/1.1.0/desk.lib.nuspec`, { headers: basic() });
    expect(await nuspec.text()).toBe(
      nuspecXml({
        id: 'Desk.Lib',
        version: '1.1.0',
        dependencies: [{ id: 'Desk.Other', version: '[2.0.0, )' }],
      }),
    );
    const registration = await getJson(
      `${await resource('app', 'RegistrationsBaseUrl/3.6.0')}desk.lib/index.json`,
    );
    const page = (registration.items as { items: { catalogEntry: Record<string, unknown> }[] }[])[0];
    expect(page?.items.map((item) => item.catalogEntry.version)).toEqual(['1.0.0', '1.1.0']);
    expect(page?.items[1]?.catalogEntry).toMatchObject({
      id: 'Desk.Lib',
      listed: true,
      licenseExpression: 'MIT',
      dependencyGroups: [
        { targetFramework: 'net8.0', dependencies: [{ id: 'Desk.Other', range: '[2.0.0, )' }] },
      ],
    });
    const retained = await client.send(new ListPackageVersionsCommand({ ...lib, repository: 'app' }));
    expect(retained.versions?.map((v) => v.version)).toContain('1.1.0');
  });

  it('a restore through a downstream repository picks the lowest versions the ranges allow, as NuGet does', async () => {
    const restored = await nugetRestore(`${endpoints.app}v3/index.json`, basic(), [
      ['Desk.Lib', '[1.1.0, 2.0.0)'],
    ]);
    expect(Object.fromEntries(restored.versions)).toEqual({ 'desk.lib': '1.1.0', 'desk.other': '2.0.0' });
    expect(restored.packages.get('desk.lib')?.equals(packages['1.1.0'] ?? Buffer.alloc(0))).toBe(true);
    const retained = await client.send(
      new ListPackageVersionsCommand({ ...lib, package: 'desk.other', repository: 'app' }),
    );
    expect(retained.versions?.map((v) => v.version)).toEqual(['2.0.0']);
  });

  it('unlisting makes a version Unlisted (listed: false, still downloadable); relisting publishes it again', async () => {
    const publish = await resource('local', 'PackagePublish/2.0.0');
    const unlisted = await fetch(`${publish}Desk.Lib/1.1.0`, {
      method: 'DELETE',
      headers: { ...basic(), 'X-NuGet-ApiKey': token },
    });
    expect(unlisted.status).toBe(204);
    const described = await client.send(
      new DescribePackageVersionCommand({ ...lib, repository: 'local', packageVersion: '1.1.0' }),
    );
    expect(described.packageVersion?.status).toBe('Unlisted');
    expect(await flatVersions('local')).toEqual(['1.0.0']);
    const leaf = await getJson(`${endpoints.local}v3/registration/desk.lib/1.1.0.json`);
    expect(leaf.listed).toBe(false);
    const base = await resource('local', 'PackageBaseAddress/3.0.0');
    expect((await fetch(`${base}desk.lib/1.1.0/desk.lib.1.1.0.nupkg`, { headers: basic() })).status).toBe(
      200,
    );
    const relisted = await fetch(`${publish}Desk.Lib/1.1.0`, { method: 'POST', headers: basic() });
    expect(relisted.status).toBe(200);
    expect(await flatVersions('local')).toEqual(['1.0.0', '1.1.0']);
  });

  it('an Archived version leaves the flat container and registrations and cannot be downloaded', async () => {
    await client.send(
      new UpdatePackageVersionsStatusCommand({
        ...lib,
        repository: 'local',
        versions: ['1.0.0'],
        targetStatus: 'Archived',
      }),
    );
    expect(await flatVersions('local')).toEqual(['1.1.0']);
    const base = await resource('local', 'PackageBaseAddress/3.0.0');
    const download = await fetch(`${base}desk.lib/1.0.0/desk.lib.1.0.0.nupkg`, { headers: basic() });
    expect(download.status).toBe(404);
    expect(download.statusText).toContain('Archived');
  });
});

describe('refusals', () => {
  it('a push blocked by origin controls is refused with the reason in the status line', async () => {
    await blockPublish(client, { domain, repository: 'guarded', format: 'nuget', package: 'desk.lib' });
    const pushed = await push('guarded', packages['1.0.0'] ?? Buffer.alloc(0));
    expect(pushed.status).toBe(403);
    expect(pushed.statusText).toMatch(/blocked by its origin configuration/);
  });

  it('malformed packages get a 4xx and leave the store untouched', async () => {
    const before = await blobFiles(serve.dataDir);
    const nuspec = nuspecXml({ id: 'Desk.Bad', version: '1.0.0' });
    const cases: [string, Buffer][] = [
      ['not a zip', Buffer.from('this is not a package')],
      ['no .nuspec', await zipFiles(work, 'nonuspec.nupkg', { 'lib/a.dll': 'x' })],
      [
        'path traversal',
        await zipFiles(work, 'traversal.nupkg', { 'Desk.Bad.nuspec': nuspec, '../../escape.dll': 'x' }),
      ],
      [
        'DOCTYPE with entities',
        await zipFiles(work, 'entities.nupkg', {
          'Desk.Bad.nuspec': nuspec.replace('<package', '<!DOCTYPE package [<!ENTITY a "aaaa">]>\n<package'),
        }),
      ],
      [
        'wrong CRC-32 for the nuspec',
        withWrongCrc(await zipFiles(work, 'badcrc.nupkg', { 'Desk.Bad.nuspec': nuspec }), 'Desk.Bad.nuspec'),
      ],
      [
        'invalid id',
        await zipFiles(work, 'badid.nupkg', { 'x.nuspec': nuspec.replace('Desk.Bad</id>', '../x</id>') }),
      ],
    ];
    for (const [label, body] of cases) {
      const response = await push('local', body);
      expect(response.status, `${label}: ${response.statusText}`).toBeGreaterThanOrEqual(400);
      expect(response.status, label).toBeLessThan(500);
    }
    expect(
      await declaredUploadStatus(await resource('local', 'PackagePublish/2.0.0'), 'PUT', 2 ** 31, basic()),
      'a push declaring 2 GiB',
    ).toBe(413);
    await expectStoreUntouched(
      client,
      serve.dataDir,
      { domain, repository: 'local', format: 'nuget' },
      ['desk.lib', 'desk.other'],
      before,
    );
  });
});

describe('aws codeartifact login --tool dotnet', () => {
  it('adds the repository service index as a source with user aws and a working token', async () => {
    // The dotnet SDK cannot be installed here: a stand-in answers the CLI's listing and records the add.
    const bin = path.join(work, 'bin');
    await mkdir(bin, { recursive: true });
    const record = path.join(work, 'dotnet-calls.txt');
    await writeFile(path.join(bin, 'dotnet'), `#!/bin/sh\necho "$@" >> ${record}\n`);
    await chmod(path.join(bin, 'dotnet'), 0o755);
    const env: NodeJS.ProcessEnv = {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      HOME: work,
      AWS_ACCESS_KEY_ID: serve.accessKeyId,
      AWS_SECRET_ACCESS_KEY: serve.secretAccessKey,
      AWS_DEFAULT_REGION: serve.region,
      AWS_CONFIG_FILE: path.join(work, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const aws = await awsCliPath(1);
    const args = ['codeartifact', 'login', '--tool', 'dotnet', '--domain', domain, '--repository', 'app'];
    const login = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        aws,
        [...args, '--endpoint-url', serve.endpoint],
        { env, timeout: 120_000 },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, out: `${stdout}${stderr}` }),
      );
    });
    expect(login.code, login.out).toBe(0);
    const calls = (await readFile(record, 'utf8')).trim().split('\n');
    const add = calls.find((call) => call.startsWith('nuget add source')) ?? '';
    const [, url, password] =
      /^nuget add source (\S+) --name \S+ --username aws --password (\S+)/.exec(add) ?? [];
    expect(url).toBe(`${endpoints.app}v3/index.json`);
    const index = await fetch(url ?? '', {
      headers: { Authorization: `Basic ${Buffer.from(`aws:${password}`).toString('base64')}` },
    });
    expect(index.status).toBe(200);
    expect(((await index.json()) as { version: string }).version).toBe('3.0.0');
  }, 120_000);
});
