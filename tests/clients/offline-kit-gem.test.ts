/**
 * An offline kit from a real Gemfile.lock: Bundler writes the lockfile (`bundle lock`, index files
 * only, so no gem is stored yet) against the app repository through `app → store →
 * public:ruby-gems-org` on a local fake gem server. The Bundler here predates CHECKSUMS, so a copy
 * with the section Bundler 2.5 writes, one checksum wrong, shows the check: that gem is reported as a
 * mismatch and not stored, the other is verified; a gem no upstream has is missing, a GIT one skipped.
 * A platform gem (built for this machine's platform, the only build the upstream has) is locked as
 * `pub-native (2.0.0-PLATFORM)` and fetched by its platform file name. The real lockfile's kit fetches the rest; then,
 * with the fake server stopped and a fresh gem home, `bundle install` (frozen, the Gemfile
 * unchanged) installs from the
 * service and the gems load.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitOptions, runKitCommand } from '../helpers/kit-cli';
import { startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';
import { versionsIn } from './format-assertions';
import { serveExternalRepositories } from './format-repositories';
import { putGems } from './ruby/fake-gem-upstream';
import { createRubyEnv, type RubyEnv } from './ruby/ruby-env';

const domain = 'kit-gems';
let upstream: FakeUpstream;
let serve: ServeHandle | undefined;
let dataDir: string;
let endpoint: string;
let project: string;
let sums: Map<string, string>;
let token: string;
let kitArgs: string[];
/** This machine's platform (`x86_64-linux`), which Bundler locks platform gems for. */
let platform: string;
const envs: RubyEnv[] = [];

async function rubyEnv(token: string): Promise<RubyEnv> {
  const env = await createRubyEnv(token);
  envs.push(env);
  return env;
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  dataDir = await makeTempDir('artifact-desk-kit-gems-');
  const setup = await serveExternalRepositories(
    domain,
    'ruby',
    'public:ruby-gems-org',
    upstream.url,
    dataDir,
  );
  serve = setup.serve;
  endpoint = setup.endpoints.app ?? '';
  token = setup.token;
  const ruby = await rubyEnv(token);
  platform = (await ruby.run('ruby', ['-e', 'print Gem::Platform.local'])).stdout.trim();
  sums = await putGems(upstream, ruby, [
    ['pub-dep', '1.0.0', []],
    ['pub-gem', '1.1.0', [['pub-dep', '~> 1.0']]],
    ['pub-native', '2.0.0', [], platform],
  ]);
  project = path.join(ruby.home, 'project');
  await mkdir(project, { recursive: true });
  await writeFile(
    path.join(project, 'Gemfile'),
    `source ${JSON.stringify(ruby.sourceUrl(endpoint))}\ngem "pub-gem"\ngem "pub-native"\n`,
  );
  const locked = await ruby.run('bundle', ['lock'], project);
  expect(locked.code, `bundle lock: ${locked.stdout}${locked.stderr}`).toBe(0);
  expect(
    await versionsIn(setup.client, { domain, repository: 'store', format: 'ruby', package: 'pub-gem' }),
  ).toEqual([]);
  kitArgs = kitOptions(dataDir, domain, 'app', 'public:ruby-gems-org', upstream.url);
  await serve.stop();
}, 240_000);

afterAll(async () => {
  for (const env of envs) await env.dispose();
  await serve?.dispose();
  await upstream?.dispose();
  if (dataDir) await removeDir(dataDir);
});

describe('offline kit from Gemfile.lock', () => {
  it('verifies gems against CHECKSUMS, reports a differing one (not stored), a missing one and a git one', async () => {
    const lock = await readFile(path.join(project, 'Gemfile.lock'), 'utf8');
    expect(lock).toMatch(/^ {4}pub-gem \(1\.1\.0\)$/m);
    expect(lock, 'Bundler locks the platform build').toContain(`    pub-native (2.0.0-${platform})\n`);
    const checksums =
      `CHECKSUMS\n  pub-dep (1.0.0) sha256=${'0'.repeat(64)}\n` +
      `  pub-gem (1.1.0) sha256=${sums.get('pub-gem-1.1.0') ?? ''}\n\n`;
    const doctored = path.join(project, 'doctored', 'Gemfile.lock');
    await mkdir(path.dirname(doctored), { recursive: true });
    const git =
      'GIT\n  remote: https://example.invalid/from-git.git\n  revision: 0123abcd\n  specs:\n    from-git (0.1.0)\n\n';
    await writeFile(
      doctored,
      git +
        lock
          .replace(/^ {2}specs:$/m, '  specs:\n    never-there (1.0.0)')
          .replace(/^BUNDLED WITH$/m, `${checksums}BUNDLED WITH`),
    );
    const run = await runKitCommand([...kitArgs, doctored]);
    expect(run.code, 'an incomplete kit exits 1').toBe(1);
    expect(run.stdout).toMatch(
      /mismatch +pub-dep@1\.0\.0: the repository's pub-dep-1\.0\.0\.gem has SHA-256 [0-9a-f]{64}, the lockfile 0{64}; not downloaded/,
    );
    expect(run.stdout).toMatch(
      /missing +never-there@1\.0\.0: the index of never-there could not be had \(HTTP 404\): Gem 'never-there' was not found/,
    );
    expect(run.stdout).toMatch(
      /skipped +from-git@0\.1\.0: from a git repository, which Bundler checks out itself/,
    );
    expect(run.stdout).toMatch(/2 fetched, 0 cached, 1 missing, 1 mismatch, 1 skipped; 1 checked/);
  }, 120_000);

  it('fetches every gem of the lockfile through the upstreams', async () => {
    const run = await runKitCommand([...kitArgs, '--json', path.join(project, 'Gemfile.lock')]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const report = run.report;
    expect(report?.source).toBe('gemfile-lock');
    expect(report?.format).toBe('ruby');
    expect(report?.entries.map((entry) => `${entry.name}@${entry.version}:${entry.outcome}`).sort()).toEqual([
      'pub-dep@1.0.0:fetched',
      'pub-gem@1.1.0:cached',
      `pub-native@2.0.0-${platform}:cached`,
    ]);
    expect(run.stderr, 'progress is printed').toMatch(/kit: 3\/3 \(100%\)/);
  }, 120_000);

  it('installs with bundle install (frozen) from the service once the upstream is stopped', async () => {
    await upstream.stop();
    const port = new URL(endpoint).port;
    serve = await startServe({
      dataDir,
      args: [
        '--port',
        port,
        '--no-client-config',
        '--external-upstream',
        `public:ruby-gems-org=${upstream.url}`,
      ],
    });
    // The token in the Gemfile's source URL is kept with the data directory.
    const ruby = await rubyEnv(token);
    const frozen = { BUNDLE_FROZEN: 'true' };
    const installed = await ruby.run('bundle', ['install'], project, frozen);
    expect(installed.code, `bundle install offline: ${installed.stdout}${installed.stderr}`).toBe(0);
    const loaded = await ruby.run(
      'bundle',
      [
        'exec',
        'ruby',
        '-e',
        'require "pub_gem"; require "pub_dep"; require "pub_native"; puts PubGem::MARKER, PubDep::MARKER, PubNative::MARKER',
      ],
      project,
      frozen,
    );
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(loaded.stdout.trim().split('\n')).toEqual([
      'pub-gem 1.1.0',
      'pub-dep 1.0.0',
      `pub-native 2.0.0-${platform}`,
    ]);
  }, 240_000);
});
