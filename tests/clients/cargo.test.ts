/**
 * The Cargo endpoint with the real cargo: `cargo publish` to a sparse registry, the versions and their
 * assets through the CodeArtifact API, a dependent crate that builds through a downstream repository,
 * `cargo yank` as Unlisted, Archived versions leaving the index, a publish refused by origin controls,
 * and malformed publish bodies (broken gzip, a wrong gzip checksum, entries outside the crate's folder,
 * a Cargo.toml of another crate, bad names, oversized) refused with nothing stored.
 */
import {
  DescribePackageVersionCommand,
  GetPackageVersionReadmeCommand,
  ListPackageVersionDependenciesCommand,
  ListPackageVersionsCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobFiles } from '../helpers/data-dir-files';
import { declaredUploadStatus } from '../helpers/declared-upload';
import type { ServeHandle } from '../helpers/serve';
import { serveFormatRepositories } from './format-repositories';
import { blockPublish, expectStoreUntouched, expectVersionsWithAsset } from './format-assertions';
import { cargoEnvWithConfig, createCargoEnv, type CargoEnv } from './cargo/cargo-env';
import { connectSnippets } from '../../src/renderer/src/lib/connect-config';

const domain = 'crates';
let serve: ServeHandle;
let client: CodeartifactClient;
let cargo: CargoEnv;
let token: string;
let endpoints: Record<string, string>;

function authorised(extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${token}`, ...extra };
}

async function indexLines(repository: string, file: string): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${endpoints[repository]}${file}`, { headers: authorised() });
  if (response.status === 404) return [];
  expect(response.status, `index file ${file} of ${repository}`).toBe(200);
  return (await response.text())
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const crate = { domain, format: 'cargo', package: 'desk-lib' } as const;

beforeAll(async () => {
  ({ serve, client, token, endpoints } = await serveFormatRepositories(domain, 'cargo'));
  cargo = await createCargoEnv(endpoints, token);
  for (const [version, body] of [
    ['0.1.0', ''],
    ['0.2.0', '\n[features]\nextra = []\n'],
  ] as const) {
    const dir = await cargo.crate('desk-lib', version, `desk-lib ${version}`, body);
    const published = await cargo.cargo(
      ['publish', '--registry', 'local', '--no-verify', '--allow-dirty'],
      dir,
    );
    expect(published.code, `cargo publish desk-lib ${version}: ${published.stderr}`).toBe(0);
  }
}, 240_000);

afterAll(async () => {
  await cargo?.dispose();
  await serve?.dispose();
});

describe('cargo publish to a sparse registry', () => {
  it('GetRepositoryEndpoint gives the URL cargo takes as sparse+URL, and config.json needs the token', async () => {
    expect(endpoints.local).toMatch(/\/crates-\d{12}\/cargo\/local\/$/);
    const anonymous = await fetch(`${endpoints.local}config.json`);
    expect(anonymous.status, 'config.json without a token (Cargo then retries with it)').toBe(401);
    const config = (await (
      await fetch(`${endpoints.local}config.json`, { headers: authorised() })
    ).json()) as Record<string, unknown>;
    expect(config).toMatchObject({ 'auth-required': true, dl: `${endpoints.local}api/v1/crates` });
  });

  it('lists the published versions with their .crate assets and hashes, and the manifest metadata', async () => {
    const hashes = await expectVersionsWithAsset(
      client,
      { ...crate, repository: 'local' },
      [
        ['0.2.0', 'Published'],
        ['0.1.0', 'Published'],
      ],
      { version: '0.2.0', name: 'desk-lib-0.2.0.crate' },
    );
    const sha256 = hashes['SHA-256'];
    const lines = await indexLines('local', 'de/sk/desk-lib');
    expect(lines.map((line) => line.vers)).toEqual(['0.1.0', '0.2.0']);
    expect(lines[1]).toMatchObject({
      name: 'desk-lib',
      cksum: sha256,
      yanked: false,
      features: { extra: [] },
    });

    const download = await fetch(`${endpoints.local}api/v1/crates/desk-lib/0.2.0/download`, {
      headers: authorised(),
    });
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex'), 'downloaded crate matches the cksum').toBe(
      sha256,
    );

    const described = await client.send(
      new DescribePackageVersionCommand({ ...crate, repository: 'local', packageVersion: '0.2.0' }),
    );
    expect(described.packageVersion).toMatchObject({
      summary: 'desk-lib for tests',
      licenses: [{ name: 'MIT' }],
      displayName: 'desk-lib',
    });
    const readme = await client.send(
      new GetPackageVersionReadmeCommand({ ...crate, repository: 'local', packageVersion: '0.2.0' }),
    );
    expect(readme.readme).toContain('desk-lib 0.2.0');
  });

  it('builds a dependent crate through a downstream repository, which then retains the version', async () => {
    const app = await cargo.app(
      'desk-app',
      'desk-lib = { version = "0.2", registry = "app", features = ["extra"] }',
      'fn main() { println!("{} {}", desk_lib::marker(), desk_lib::extra()); }\n',
    );
    const run = await cargo.cargo(['run', '--quiet'], app);
    expect(run.code, `cargo run through 'app': ${run.stderr}`).toBe(0);
    expect(run.stdout.trim()).toBe('desk-lib 0.2.0 7');
    const retained = await client.send(new ListPackageVersionsCommand({ ...crate, repository: 'app' }));
    expect(retained.versions?.map((v) => v.version)).toContain('0.2.0');
  }, 240_000);

  it("the Connect panel's cargo setup, copied as shown, lets the real cargo add and build a crate", async () => {
    const snippets = connectSnippets('cargo', {
      serviceEndpoint: serve.endpoint,
      region: 'us-east-1',
      domain,
      domainOwner: /crates-(\d{12})\//.exec(endpoints.app ?? '')?.[1] ?? '',
      repository: 'app',
      repositoryEndpoint: endpoints.app ?? '',
      token,
    });
    const text = (id: string) => snippets.find((snippet) => snippet.id === id)?.text ?? '';
    const exported = /^export (\w+)="(.*)"$/.exec(text('cargo-token'));
    expect(exported, 'the token line is a shell export').not.toBeNull();
    const copied = await cargoEnvWithConfig(text('cargo-config'), {
      [exported?.[1] ?? '']: exported?.[2] ?? '',
    });
    try {
      const app = await copied.app('connect-app', '', 'fn main() { println!("{}", desk_lib::marker()); }\n');
      const [add] = text('cargo-use').split('\n');
      const args = (add ?? '').replace('<crate>', 'desk-lib@0.2.0').split(' ').slice(1);
      const added = await copied.cargo(args, app);
      expect(added.code, `${add}: ${added.stderr}`).toBe(0);
      const run = await copied.cargo(['run', '--quiet'], app);
      expect(run.code, `cargo run with the Connect setup: ${run.stderr}`).toBe(0);
      expect(run.stdout.trim()).toBe('desk-lib 0.2.0');
    } finally {
      await copied.dispose();
    }
  }, 240_000);

  it('cargo yank makes a version Unlisted (listed as yanked) and --undo publishes it again', async () => {
    const dir = path.join(cargo.home, 'src', 'desk-lib-0.2.0');
    const yank = await cargo.cargo(['yank', '--version', '0.2.0', '--registry', 'local'], dir);
    expect(yank.code, yank.stderr).toBe(0);
    const described = await client.send(
      new DescribePackageVersionCommand({ ...crate, repository: 'local', packageVersion: '0.2.0' }),
    );
    expect(described.packageVersion?.status).toBe('Unlisted');
    expect((await indexLines('local', 'de/sk/desk-lib')).find((l) => l.vers === '0.2.0')?.yanked).toBe(true);
    const pinned = await fetch(`${endpoints.local}api/v1/crates/desk-lib/0.2.0/download`, {
      headers: authorised(),
    });
    expect(pinned.status, 'an Unlisted crate still downloads by exact version, as npm serves one').toBe(200);

    const fresh = await cargo.app(
      'desk-yanked',
      'desk-lib = { version = "0.2", registry = "local" }',
      'fn main() {}\n',
    );
    const build = await cargo.cargo(['generate-lockfile'], fresh);
    expect(build.code, 'a new resolution must not pick a yanked version').not.toBe(0);
    expect(build.stderr).toMatch(/desk-lib/);

    const undo = await cargo.cargo(['yank', '--undo', '--version', '0.2.0', '--registry', 'local'], dir);
    expect(undo.code, undo.stderr).toBe(0);
    expect((await indexLines('local', 'de/sk/desk-lib')).find((l) => l.vers === '0.2.0')?.yanked).toBe(false);
  }, 240_000);

  it('an Archived version leaves the index and cannot be downloaded', async () => {
    await client.send(
      new UpdatePackageVersionsStatusCommand({
        ...crate,
        repository: 'local',
        versions: ['0.1.0'],
        targetStatus: 'Archived',
      }),
    );
    expect((await indexLines('local', 'de/sk/desk-lib')).map((l) => l.vers)).toEqual(['0.2.0']);
    const download = await fetch(`${endpoints.local}api/v1/crates/desk-lib/0.1.0/download`, {
      headers: authorised(),
    });
    expect(download.status).toBe(404);
    expect(JSON.stringify(await download.json())).toContain('Archived');
  });

  it('reports the dependencies cargo sent', async () => {
    const dep = await cargo.crate(
      'desk-user',
      '1.0.0',
      'user',
      '\n[dependencies]\ndesk-lib = { version = "0.2", registry = "local", features = ["extra"] }\n',
    );
    const published = await cargo.cargo(
      ['publish', '--registry', 'local', '--no-verify', '--allow-dirty'],
      dep,
    );
    expect(published.code, published.stderr).toBe(0);
    const deps = await client.send(
      new ListPackageVersionDependenciesCommand({
        domain,
        repository: 'local',
        format: 'cargo',
        package: 'desk-user',
        packageVersion: '1.0.0',
      }),
    );
    expect(deps.dependencies).toEqual([
      { package: 'desk-lib', dependencyType: 'normal', versionRequirement: '^0.2' },
    ]);
    const [line] = await indexLines('local', 'de/sk/desk-user');
    expect((line?.deps as unknown[])[0]).toMatchObject({
      name: 'desk-lib',
      req: '^0.2',
      features: ['extra'],
    });
  }, 120_000);
});

describe('refusals', () => {
  it('a publish blocked by origin controls is refused with the reason cargo prints', async () => {
    await blockPublish(client, { domain, repository: 'guarded', format: 'cargo', package: 'desk-blocked' });
    const dir = await cargo.crate('desk-blocked', '1.0.0', 'blocked');
    const published = await cargo.cargo(
      ['publish', '--registry', 'guarded', '--no-verify', '--allow-dirty'],
      dir,
    );
    expect(published.code).not.toBe(0);
    expect(published.stderr).toMatch(/blocked by its origin configuration/);
    const listed = await client.send(
      new ListPackageVersionsCommand({
        domain,
        repository: 'guarded',
        format: 'cargo',
        package: 'desk-blocked',
      }),
    );
    expect(listed.versions).toEqual([]);
  }, 120_000);

  it('malformed publish bodies get a 4xx and leave the store untouched', async () => {
    const blobsBefore = await blobFiles(serve.dataDir);
    const crateBytes = gzipSync(Buffer.alloc(1024));
    const body = (metadata: unknown, crateData: Buffer, declared = crateData.length): Buffer => {
      const json = Buffer.from(JSON.stringify(metadata));
      const head = Buffer.alloc(4);
      head.writeUInt32LE(json.length);
      const size = Buffer.alloc(4);
      size.writeUInt32LE(declared);
      return Buffer.concat([head, json, size, crateData]);
    };
    const good = { name: 'desk-bad', vers: '1.0.0', deps: [], features: {} };
    const crateOf = (entries: Record<string, string>): Buffer => {
      const file = path.join(cargo.home, 'bad.crate');
      execFileSync('python3', [
        '-c',
        'import sys, io, json, tarfile\nwith tarfile.open(sys.argv[1], "w:gz") as t:\n' +
          '  for n, d in json.loads(sys.argv[2]).items():\n' +
          '    b = d.encode(); i = tarfile.TarInfo(n); i.size = len(b); t.addfile(i, io.BytesIO(b))',
        file,
        JSON.stringify(entries),
      ]);
      return readFileSync(file);
    };
    const manifest = '[package]\nname = "desk-bad"\nversion = "1.0.0"\n';
    const sound = crateOf({ 'desk-bad-1.0.0/Cargo.toml': manifest, 'desk-bad-1.0.0/src/lib.rs': '' });
    // The gzip trailer's CRC-32 no longer matches the data.
    const wrongChecksum = Buffer.from(sound);
    wrongChecksum.writeUInt32LE(
      (wrongChecksum.readUInt32LE(wrongChecksum.length - 8) ^ 1) >>> 0,
      wrongChecksum.length - 8,
    );
    const cases: [string, Buffer, number][] = [
      ['gzip checksum wrong', body(good, wrongChecksum), 400],
      [
        'path traversal inside the crate',
        body(good, crateOf({ 'desk-bad-1.0.0/Cargo.toml': manifest, '../../escape.rs': 'x' })),
        400,
      ],
      [
        'a file outside the crate folder',
        body(good, crateOf({ 'desk-bad-1.0.0/Cargo.toml': manifest, 'other/lib.rs': 'x' })),
        400,
      ],
      ['no Cargo.toml', body(good, crateOf({ 'desk-bad-1.0.0/src/lib.rs': '' })), 400],
      [
        'Cargo.toml of another crate',
        body(good, crateOf({ 'desk-bad-1.0.0/Cargo.toml': manifest.replace('desk-bad', 'desk-other') })),
        400,
      ],
      ['not gzip', body(good, Buffer.from('plain text, not an archive at all')), 400],
      ['truncated gzip', body(good, crateBytes.subarray(0, crateBytes.length - 8)), 400],
      ['declared crate length wrong', body(good, crateBytes, crateBytes.length + 10), 400],
      ['path traversal in the name', body({ ...good, name: '../../etc' }, crateBytes), 400],
      ['bad version', body({ ...good, vers: '1.0' }, crateBytes), 400],
      ['not JSON', Buffer.from([3, 0, 0, 0, 0x7b, 0x7b, 0x7b, 0, 0, 0, 0]), 400],
    ];
    for (const [label, payload, status] of cases) {
      const response = await fetch(`${endpoints.local}api/v1/crates/new`, {
        method: 'PUT',
        headers: authorised({ 'Content-Type': 'application/octet-stream' }),
        body: payload,
      });
      expect(response.status, label).toBe(status);
      const answer = (await response.json()) as { errors: { detail: string }[] };
      expect(answer.errors[0]?.detail, label).toBeTruthy();
    }
    expect(
      await declaredUploadStatus(`${endpoints.local}api/v1/crates/new`, 'PUT', 2 ** 30, authorised()),
      'a publish declaring 1 GiB',
    ).toBe(413);
    await expectStoreUntouched(
      client,
      serve.dataDir,
      { domain, repository: 'local', format: 'cargo' },
      ['desk-lib', 'desk-user'],
      blobsBefore,
    );
  });
});
