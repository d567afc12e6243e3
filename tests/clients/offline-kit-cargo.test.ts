/**
 * An offline kit from a real Cargo.lock: cargo writes the lockfile against the app repository
 * (index files only, so no crate is stored yet) through `app → store → public:crates-io` on a
 * local fake sparse registry. A lockfile whose checksum of one crate differs is reported as a
 * mismatch and that crate is not stored, with a crate no upstream has (missing) and a git one
 * (skipped); the real lockfile's kit fetches every crate, checked
 * against its checksum; then, with the fake registry stopped and an empty cargo home, cargo builds
 * and runs the project from the service with `--locked`.
 */
import { GetAuthorizationTokenCommand } from '@aws-sdk/client-codeartifact';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitOptions, runKitCommand } from '../helpers/kit-cli';
import { startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { createCargoEnv, type CargoEnv } from './cargo/cargo-env';
import { putCrates } from './cargo/fake-crate-upstream';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';
import { serveExternalRepositories } from './format-repositories';
import { versionsIn } from './format-assertions';

const domain = 'kit-cargo';
let upstream: FakeUpstream;
let serve: ServeHandle | undefined;
let dataDir: string;
let endpoint: string;
let project: string;
let kitArgs: string[];
const envs: CargoEnv[] = [];

async function cargoEnv(token: string): Promise<CargoEnv> {
  const env = await createCargoEnv({ app: endpoint }, token);
  envs.push(env);
  return env;
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  await putCrates(upstream, [
    ['pub-dep', '1.0.0'],
    ['pub-lib', '1.2.0', { 'pub-dep': '^1' }],
  ]);

  dataDir = await makeTempDir('artifact-desk-kit-cargo-');
  const setup = await serveExternalRepositories(domain, 'cargo', 'public:crates-io', upstream.url, dataDir);
  serve = setup.serve;
  endpoint = setup.endpoints.app ?? '';
  const cargo = await cargoEnv(setup.token);
  project = await cargo.app(
    'kit-app',
    'pub-lib = { version = "1", registry = "app" }',
    'fn main() { println!("{}", pub_lib::marker()); }\n',
  );
  const locked = await cargo.cargo(['generate-lockfile'], project);
  expect(locked.code, `cargo generate-lockfile: ${locked.stderr}`).toBe(0);
  expect(
    await versionsIn(setup.client, { domain, repository: 'store', format: 'cargo', package: 'pub-lib' }),
  ).toEqual([]);
  kitArgs = kitOptions(dataDir, domain, 'app', 'public:crates-io', upstream.url);
  await serve.stop();
}, 240_000);

afterAll(async () => {
  for (const env of envs) await env.dispose();
  await serve?.dispose();
  await upstream?.dispose();
  if (dataDir) await removeDir(dataDir);
});

describe('offline kit from Cargo.lock', () => {
  it('reports a crate whose checksum differs as a mismatch, not stored, one no upstream has and a git one', async () => {
    const lock = await readFile(path.join(project, 'Cargo.lock'), 'utf8');
    const block = /name = "pub-dep"\nversion = "1\.0\.0"\nsource = "[^"]+"\nchecksum = "([0-9a-f]{64})"/.exec(
      lock,
    );
    expect(block, 'cargo locked pub-dep from the app registry with its checksum').not.toBeNull();
    const doctored = path.join(project, 'doctored', 'Cargo.lock');
    await mkdir(path.dirname(doctored), { recursive: true });
    const source = /^source = "(sparse\+[^"]+)"$/m.exec(lock)?.[1] ?? '';
    const extra =
      `\n[[package]]\nname = "never-there"\nversion = "1.0.0"\nsource = "${source}"\nchecksum = "${'1'.repeat(64)}"\n` +
      '\n[[package]]\nname = "from-git"\nversion = "0.1.0"\nsource = "git+https://example.invalid/from-git#0123abcd"\n';
    await writeFile(doctored, lock.replace(block?.[1] ?? '', '0'.repeat(64)) + extra);
    const run = await runKitCommand([...kitArgs, doctored]);
    expect(run.code, 'an incomplete kit exits 1').toBe(1);
    expect(run.stdout).toMatch(
      /mismatch +pub-dep@1\.0\.0: the repository's pub-dep-1\.0\.0\.crate has SHA-256 [0-9a-f]{64}, the lockfile 0{64}; not downloaded/,
    );
    expect(run.stdout).toMatch(
      /missing +never-there@1\.0\.0: the index of never-there could not be had \(HTTP 404\): Crate 'never-there' was not found/,
    );
    expect(run.stdout).toMatch(/skipped +from-git@0\.1\.0: a git dependency \(git\+https:/);
    expect(run.stdout).toMatch(/1 fetched, 0 cached, 1 missing, 1 mismatch, 2 skipped/);
  }, 120_000);

  it('fetches every crate of the lockfile through the upstreams, checked against its checksum', async () => {
    const run = await runKitCommand([...kitArgs, '--json', path.join(project, 'Cargo.lock')]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const report = run.report;
    expect(report?.source).toBe('cargo-lock');
    expect(report?.format).toBe('cargo');
    expect(report?.entries.map((entry) => `${entry.name}@${entry.version}:${entry.outcome}`).sort()).toEqual([
      'kit-app@0.1.0:skipped',
      'pub-dep@1.0.0:fetched',
      'pub-lib@1.2.0:cached',
    ]);
    expect(report?.verified, "both crates checked against the lockfile's checksums").toBe(2);
    expect(run.stderr, 'progress is printed').toMatch(/kit: 2\/2 \(100%\)/);
  }, 120_000);

  it('builds the project with cargo --locked from the service once the upstream is stopped', async () => {
    await upstream.stop();
    const port = new URL(endpoint).port;
    serve = await startServe({
      dataDir,
      args: ['--port', port, '--no-client-config', '--external-upstream', `public:crates-io=${upstream.url}`],
    });
    const { authorizationToken } = await serve.client().send(new GetAuthorizationTokenCommand({ domain }));
    const cargo = await cargoEnv(authorizationToken ?? '');
    const run = await cargo.cargo(['run', '--locked', '--quiet'], project);
    expect(run.code, `cargo run --locked offline with an empty cargo home: ${run.stderr}`).toBe(0);
    expect(run.stdout.trim()).toBe('pub-lib-1.2.0+pub-dep-1.0.0');
  }, 240_000);
});
