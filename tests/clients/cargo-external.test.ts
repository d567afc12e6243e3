/**
 * The `public:crates-io` external connection as an offline cache, against a local fake sparse
 * registry (config.json with a `dl` template, index files, crate files): the real cargo builds a
 * crate and its dependency through `app → store → public:crates-io` (versions stored as EXTERNAL,
 * retained in `app`, with the description, licence, repository and readme of its own Cargo.toml), a crate whose file does not match its index checksum is refused with nothing
 * stored, and with the fake registry stopped and a fresh cargo cache: the stored index file still
 * lists every upstream version, the fetched version builds again, and an uncached crate fails at once
 * (404 naming itself and the offline upstream).
 */
import {
  DescribePackageVersionCommand,
  GetPackageVersionReadmeCommand,
  ListPackageVersionDependenciesCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHandle } from '../helpers/serve';
import { createCargoEnv, type CargoEnv } from './cargo/cargo-env';
import { putCrates } from './cargo/fake-crate-upstream';
import { serveExternalRepositories } from './format-repositories';
import { expectExternalOrigin, versionsIn } from './format-assertions';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';

const domain = 'crates-ext';
let upstream: FakeUpstream;
let serve: ServeHandle;
let client: CodeartifactClient;
let token: string;
let endpoints: Record<string, string>;
const envs: CargoEnv[] = [];

async function cargoEnv(): Promise<CargoEnv> {
  const env = await createCargoEnv({ app: endpoints.app ?? '' }, token);
  envs.push(env);
  return env;
}

function held(repository: string, crate: string) {
  return versionsIn(client, { domain, repository, format: 'cargo', package: crate });
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  await putCrates(
    upstream,
    [
      ['pub-dep', '1.0.0'],
      ['pub-lib', '1.0.0', { 'pub-dep': '^1' }],
      ['pub-lib', '1.2.0', { 'pub-dep': '^1' }],
      ['bad-sum', '1.0.0'],
    ],
    ['bad-sum'],
  );
  ({ serve, client, token, endpoints } = await serveExternalRepositories(
    domain,
    'cargo',
    'public:crates-io',
    upstream.url,
  ));
}, 120_000);

afterAll(async () => {
  for (const env of envs) await env.dispose();
  await serve?.dispose();
  await upstream?.dispose();
});

const main = 'fn main() { println!("{}", pub_lib::marker()); }\n';

describe('cargo through the public:crates-io external connection', () => {
  it('builds a crate and its dependency from the upstream, stored as EXTERNAL and retained in app', async () => {
    const cargo = await cargoEnv();
    const app = await cargo.app('uses-public', 'pub-lib = { version = "1", registry = "app" }', main);
    const run = await cargo.cargo(['run', '--quiet'], app);
    expect(run.code, `cargo run through app: ${run.stderr}`).toBe(0);
    expect(run.stdout.trim(), 'the newest pub-lib and its dependency were built').toBe(
      'pub-lib-1.2.0+pub-dep-1.0.0',
    );
    const stored = await held('store', 'pub-lib');
    expect(
      stored.map((v) => v.version),
      'only the version cargo downloaded is stored',
    ).toEqual(['1.2.0']);
    expectExternalOrigin(stored[0], 'public:crates-io');
    const target = {
      domain,
      repository: 'store',
      format: 'cargo',
      package: 'pub-lib',
      packageVersion: '1.2.0',
    } as const;
    const described = await client.send(new DescribePackageVersionCommand(target));
    expect(described.packageVersion, "the fetched crate's own Cargo.toml").toMatchObject({
      summary: 'pub-lib from the public registry',
      licenses: [{ name: 'MIT' }],
      sourceCodeRepository: 'https://example.invalid/pub-lib',
    });
    const readme = await client.send(new GetPackageVersionReadmeCommand(target));
    expect(readme.readme, 'the README.md its Cargo.toml names').toBe('# pub-lib\n\npub-lib-1.2.0\n');
    const deps = await client.send(new ListPackageVersionDependenciesCommand(target));
    expect(deps.dependencies, 'the dependencies of its index entry').toEqual([
      { package: 'pub-dep', dependencyType: 'normal', versionRequirement: '^1' },
    ]);
    expect(
      (await held('app', 'pub-dep')).map((v) => v.version),
      'retained in app',
    ).toEqual(['1.0.0']);
  }, 240_000);

  it('refuses an upstream crate that does not match its index checksum, storing nothing', async () => {
    const response = await fetch(`${endpoints.app}api/v1/crates/bad-sum/1.0.0/download`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status, 'a crate whose SHA-256 differs from cksum').toBe(502);
    expect(JSON.stringify(await response.json())).toContain('checksum');
    expect(await held('store', 'bad-sum'), 'nothing stored').toEqual([]);
  });

  it('offline: lists the stored index, builds the fetched version again, and names an uncached crate', async () => {
    await upstream.stop();
    const index = await fetch(`${endpoints.app}pu/b-/pub-lib`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(index.status, 'the index file with the upstream stopped').toBe(200);
    const versions = (await index.text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => (JSON.parse(line) as { vers: string }).vers);
    expect(versions.sort(), 'both upstream versions, one never downloaded').toEqual(['1.0.0', '1.2.0']);

    const cargo = await cargoEnv();
    const again = await cargo.app(
      'offline-again',
      'pub-lib = { version = "=1.2.0", registry = "app" }',
      main,
    );
    const run = await cargo.cargo(['run', '--quiet'], again);
    expect(run.code, `cargo run offline with an empty cargo cache: ${run.stderr}`).toBe(0);
    expect(run.stdout.trim()).toBe('pub-lib-1.2.0+pub-dep-1.0.0');

    const missing = await cargo.app(
      'wants-missing',
      'never-there = { version = "1", registry = "app" }',
      main,
    );
    const failed = await cargo.cargo(['generate-lockfile'], missing);
    expect(failed.code, 'an uncached crate cannot resolve offline').not.toBe(0);
    expect(failed.stderr).toContain('never-there');
    const raw = await fetch(`${endpoints.app}ne/ve/never-there`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(raw.status, 'a 404, which cargo does not retry').toBe(404);
    expect(JSON.stringify(await raw.json())).toMatch(
      /'never-there' is not cached here and the upstream http:\/\/127\.0\.0\.1:\d+\/ is offline/,
    );
  }, 240_000);
});
