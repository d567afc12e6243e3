/**
 * The Swift package registry endpoint (SE-0292) driven over HTTP as SwiftPM drives it (no Swift
 * toolchain installs here): login, publish, release lists through a downstream repository, release
 * metadata, the source archive with its checksum, Package.swift, identifier lookups, Unlisted and
 * Archived releases, a publish refused by origin controls, malformed archives (not a zip, no
 * Package.swift, traversal, a wrong CRC-32, scopes and names that climb out, oversized) refused with
 * nothing stored, and what `aws codeartifact login --tool swift` configures.
 */
import {
  DescribePackageVersionCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliPath } from '../helpers/aws-cli';
import { blobFiles } from '../helpers/data-dir-files';
import { declaredUploadStatus } from '../helpers/declared-upload';
import type { ServeHandle } from '../helpers/serve';
import { serveFormatRepositories } from './format-repositories';
import { expectVersionsWithAsset, expectStoreUntouched, blockPublish } from './format-assertions';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { withWrongCrc, zipFiles } from './nuget/nupkg-builder';

const domain = 'swifts';
let serve: ServeHandle;
let client: CodeartifactClient;
let token: string;
let work: string;
let endpoints: Record<string, string>;
const archives: Record<string, Buffer> = {};
const kit = { domain, format: 'swift', namespace: 'desk', package: 'kit' } as const;
const manifest =
  '// swift-tools-version:5.7\nimport PackageDescription\nlet package = Package(name: "Kit")\n';

function headers(): Record<string, string> {
  return {
    Authorization: `Basic ${Buffer.from(`token:${token}`).toString('base64')}`,
    Accept: 'application/vnd.swift.registry.v1+json',
  };
}

async function publish(repository: string, version: string, archive: Buffer): Promise<Response> {
  const form = new FormData();
  form.append('source-archive', new Blob([archive], { type: 'application/zip' }));
  form.append(
    'metadata',
    new Blob(
      [
        JSON.stringify({
          description: 'Kit for tests',
          repositoryURLs: ['https://example.invalid/desk/kit.git'],
        }),
      ],
      {
        type: 'application/json',
      },
    ),
  );
  return fetch(`${endpoints[repository]}desk/Kit/${version}`, {
    method: 'PUT',
    headers: headers(),
    body: form,
  });
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { headers: headers() });
  expect(response.status, `GET ${url}`).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  ({ serve, client, token, endpoints } = await serveFormatRepositories(domain, 'swift'));
  work = await makeTempDir('artifact-desk-swift-');
  for (const version of ['1.0.0', '1.1.0']) {
    archives[version] = await zipFiles(work, `kit-${version}.zip`, {
      'Kit/Package.swift': manifest,
      'Kit/README.md': `# Kit ${version}\n`,
      'Kit/Sources/Kit/Kit.swift': `public let version = "${version}"\n`,
    });
    const published = await publish('local', version, archives[version]);
    expect(published.status, `publish ${version}: ${await published.text()}`).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  await removeDir(work);
  await serve?.dispose();
});

describe('Swift package registry', () => {
  it('login answers with a token, and published releases appear through the API with their archive', async () => {
    expect((await fetch(`${endpoints.local}login`, { method: 'POST', headers: headers() })).status).toBe(200);
    expect((await fetch(`${endpoints.local}login`, { method: 'POST' })).status).toBe(401);
    await expectVersionsWithAsset(
      client,
      { ...kit, repository: 'local' },
      [
        ['1.1.0', 'Published'],
        ['1.0.0', 'Published'],
      ],
      { version: '1.1.0', name: 'Kit-1.1.0.zip', bytes: archives['1.1.0'] },
    );
    const described = await client.send(
      new DescribePackageVersionCommand({ ...kit, repository: 'local', packageVersion: '1.1.0' }),
    );
    expect(described.packageVersion).toMatchObject({
      summary: 'Kit for tests',
      sourceCodeRepository: 'https://example.invalid/desk/kit.git',
    });
  });

  it('a downstream repository lists releases, serves metadata, the archive, Package.swift and identifiers', async () => {
    const list = await getJson(`${endpoints.app}desk/Kit`);
    expect(Object.keys(list.releases as object)).toEqual(['1.0.0', '1.1.0']);
    const release = await getJson(`${endpoints.app}desk/Kit/1.1.0`);
    const checksum = createHash('sha256')
      .update(archives['1.1.0'] ?? '')
      .digest('hex');
    expect(release).toMatchObject({
      id: 'desk.Kit',
      version: '1.1.0',
      resources: [{ name: 'source-archive', type: 'application/zip', checksum }],
    });
    const archive = await fetch(`${endpoints.app}desk/Kit/1.1.0.zip`, { headers: headers() });
    expect(archive.status).toBe(200);
    expect(
      createHash('sha256')
        .update(Buffer.from(await archive.arrayBuffer()))
        .digest('hex'),
    ).toBe(checksum);
    const packageSwift = await fetch(`${endpoints.app}desk/Kit/1.1.0/Package.swift`, { headers: headers() });
    expect(await packageSwift.text()).toBe(manifest);
    const ids = await getJson(
      `${endpoints.local}identifiers?url=${encodeURIComponent('https://example.invalid/desk/kit')}`,
    );
    expect(ids.identifiers).toEqual(['desk.kit']);
  });

  it('Unlisted releases leave the list but answer by version; Archived ones answer nothing', async () => {
    await client.send(
      new UpdatePackageVersionsStatusCommand({
        ...kit,
        repository: 'local',
        versions: ['1.1.0'],
        targetStatus: 'Unlisted',
      }),
    );
    expect(Object.keys((await getJson(`${endpoints.local}desk/Kit`)).releases as object)).toEqual(['1.0.0']);
    expect((await fetch(`${endpoints.local}desk/Kit/1.1.0.zip`, { headers: headers() })).status).toBe(200);
    await client.send(
      new UpdatePackageVersionsStatusCommand({
        ...kit,
        repository: 'local',
        versions: ['1.0.0'],
        targetStatus: 'Archived',
      }),
    );
    const archived = await fetch(`${endpoints.local}desk/Kit/1.0.0.zip`, { headers: headers() });
    expect(archived.status).toBe(404);
  });
});

describe('refusals', () => {
  it('a publish blocked by origin controls is a 403 problem naming the reason', async () => {
    await blockPublish(client, { ...kit, repository: 'guarded' });
    const refused = await publish('guarded', '1.0.0', archives['1.0.0'] ?? Buffer.alloc(0));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(
      /blocked by its origin configuration/,
    );
  });

  it('malformed archives get a 4xx and leave the store untouched', async () => {
    const before = await blobFiles(serve.dataDir);
    const cases: [string, Buffer][] = [
      ['not a zip', Buffer.from('not an archive')],
      ['no Package.swift', await zipFiles(work, 'nomanifest.zip', { 'Kit/Sources/a.swift': 'x' })],
      [
        'path traversal',
        await zipFiles(work, 'traversal.zip', { 'Package.swift': manifest, '../../escape.swift': 'x' }),
      ],
      [
        'wrong CRC-32 for Package.swift',
        withWrongCrc(
          await zipFiles(work, 'badcrc.zip', { 'Kit/Package.swift': manifest }),
          'Kit/Package.swift',
        ),
      ],
    ];
    for (const [label, archive] of cases) {
      const response = await publish('local', '2.0.0', archive);
      expect(response.status, label).toBeGreaterThanOrEqual(400);
      expect(response.status, label).toBeLessThan(500);
      expect(((await response.json()) as { detail: string }).detail, label).toBeTruthy();
    }
    for (const [label, at] of [
      ['a scope that climbs out', '%2E%2E%2F%2E%2E%2Fescape/Kit/2.0.0'],
      ['a name that climbs out', 'desk/..%2F..%2FKit/2.0.0'],
    ]) {
      // The refusal comes before the body is read: a small body sent whole, as the server may close early.
      const form = new FormData();
      form.append('source-archive', new Blob([Buffer.from('PK')], { type: 'application/zip' }));
      const multipart = new Response(form);
      const response = await fetch(`${endpoints.local}${at}`, {
        method: 'PUT',
        headers: { ...headers(), 'Content-Type': multipart.headers.get('content-type') ?? '' },
        body: Buffer.from(await multipart.arrayBuffer()),
      });
      expect(response.status, label).toBe(400);
      expect(((await response.json()) as { detail: string }).detail, label).toMatch(/is not a valid package/);
    }
    expect(
      await declaredUploadStatus(`${endpoints.local}desk/Kit/2.0.0`, 'PUT', 2 ** 31, headers()),
      'a publish declaring 2 GiB',
    ).toBe(413);
    await expectStoreUntouched(
      client,
      serve.dataDir,
      { domain, repository: 'local', format: 'swift' },
      ['kit'],
      before,
    );
  });
});

describe('aws codeartifact login --tool swift', () => {
  it('sets the repository as the registry, logs in at ENDPOINT/login and writes a .netrc line that works', async () => {
    const aws = await awsCliPath(1);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '',
      HOME: work,
      AWS_ACCESS_KEY_ID: serve.accessKeyId,
      AWS_SECRET_ACCESS_KEY: serve.secretAccessKey,
      AWS_DEFAULT_REGION: serve.region,
      AWS_CONFIG_FILE: path.join(work, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const args = [
      'codeartifact',
      'login',
      '--tool',
      'swift',
      '--domain',
      domain,
      '--repository',
      'app',
      '--dry-run',
    ];
    const login = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        aws,
        [...args, '--endpoint-url', serve.endpoint],
        { env, timeout: 120_000 },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, out: `${stdout}${stderr}` }),
      );
    });
    expect(login.code, login.out).toBe(0);
    expect(login.out).toContain(`swift package-registry set ${endpoints.app}`);
    expect(login.out).toContain(`swift package-registry login ${endpoints.app}login`);
    const [, user, password] = /machine 127\.0\.0\.1 login (\S+) password (\S+)/.exec(login.out) ?? [];
    const answer = await fetch(`${endpoints.app}login`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
    });
    expect(answer.status).toBe(200);
  }, 120_000);
});
