/**
 * The `public:ruby-gems-org` external connection as an offline cache, against a local fake gem
 * server with a compact index (versions, info files, .gem files): `gem install` and Bundler install
 * gems and their dependencies through `app → store → public:ruby-gems-org` (stored as EXTERNAL), a
 * gem whose file does not match its info checksum is refused with nothing stored, and with the fake
 * server stopped and a fresh gem home: the stored info file still lists every upstream version, a
 * fetched version installs again, and an uncached gem is refused naming the offline upstream;
 * `gem list --remote` lists held and upstream-only versions through the specs indexes.
 */
import type { CodeartifactClient } from '@aws-sdk/client-codeartifact';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHandle } from '../helpers/serve';
import { serveExternalRepositories } from './format-repositories';
import { expectExternalOrigin, versionsIn } from './format-assertions';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';
import { putGems } from './ruby/fake-gem-upstream';
import { createRubyEnv, type RubyEnv } from './ruby/ruby-env';

const domain = 'gems-ext';
let upstream: FakeUpstream;
let serve: ServeHandle;
let client: CodeartifactClient;
let token: string;
let endpoints: Record<string, string>;
const envs: RubyEnv[] = [];

async function rubyEnv(): Promise<RubyEnv> {
  const env = await createRubyEnv(token);
  envs.push(env);
  return env;
}

function held(repository: string, gem: string) {
  return versionsIn(client, { domain, repository, format: 'ruby', package: gem });
}

async function gemInstall(ruby: RubyEnv, args: string[]) {
  const installDir = path.join(ruby.home, 'installed');
  const result = await ruby.run('gem', [
    'install',
    ...args,
    '--clear-sources',
    '--source',
    ruby.sourceUrl(endpoints.app ?? ''),
    '--install-dir',
    installDir,
    '--no-document',
  ]);
  return { ...result, installDir };
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  ({ serve, client, token, endpoints } = await serveExternalRepositories(
    domain,
    'ruby',
    'public:ruby-gems-org',
    upstream.url,
  ));
  await putGems(
    upstream,
    await rubyEnv(),
    [
      ['pub-dep', '1.0.0', []],
      ['pub-gem', '1.0.0', [['pub-dep', '~> 1.0']]],
      ['pub-gem', '1.1.0', [['pub-dep', '~> 1.0']]],
      ['pub-other', '2.0.0', []],
      ['bad-sum', '1.0.0', []],
    ],
    ['bad-sum'],
  );
}, 180_000);

afterAll(async () => {
  for (const env of envs) await env.dispose();
  await serve?.dispose();
  await upstream?.dispose();
});

describe('gem and Bundler through the public:ruby-gems-org external connection', () => {
  it('gem install fetches a gem and its dependency from the upstream, stored as EXTERNAL', async () => {
    const installed = await gemInstall(await rubyEnv(), ['pub-gem']);
    expect(installed.code, `gem install: ${installed.stdout}${installed.stderr}`).toBe(0);
    expect((await readdir(path.join(installed.installDir, 'gems'))).sort()).toEqual([
      'pub-dep-1.0.0',
      'pub-gem-1.1.0',
    ]);
    const stored = await held('store', 'pub-gem');
    expect(
      stored.map((v) => v.version),
      'only the installed version is stored',
    ).toEqual(['1.1.0']);
    expectExternalOrigin(stored[0], 'public:ruby-gems-org');
    expect(
      (await held('app', 'pub-dep')).map((v) => v.version),
      'retained in app',
    ).toEqual(['1.0.0']);
  }, 180_000);

  it('Bundler finds an upstream-only gem through the versions file and installs it', async () => {
    const ruby = await rubyEnv();
    const project = path.join(ruby.home, 'bundled');
    await mkdir(project, { recursive: true });
    await writeFile(
      path.join(project, 'Gemfile'),
      `source ${JSON.stringify(ruby.sourceUrl(endpoints.app ?? ''))}\ngem "pub-other"\n`,
    );
    const installed = await ruby.run('bundle', ['install'], project);
    expect(installed.code, `bundle install: ${installed.stdout}${installed.stderr}`).toBe(0);
    expect(await readFile(path.join(project, 'Gemfile.lock'), 'utf8')).toMatch(/pub-other \(2\.0\.0\)/);
    expect((await held('store', 'pub-other')).map((v) => v.version)).toEqual(['2.0.0']);
  }, 180_000);

  it('refuses an upstream gem that does not match its info checksum, storing nothing', async () => {
    const response = await fetch(`${endpoints.app}gems/bad-sum-1.0.0.gem`, {
      headers: { Authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` },
    });
    expect(response.status, 'a gem whose SHA-256 differs from the info checksum').toBe(502);
    expect(await response.text()).toContain('checksum');
    expect(await held('store', 'bad-sum'), 'nothing stored').toEqual([]);
  });

  it('gem list --remote lists held and upstream versions through the specs indexes', async () => {
    const ruby = await rubyEnv();
    const listed = await ruby.run('gem', [
      'list',
      '--remote',
      '--all',
      '--clear-sources',
      '--source',
      ruby.sourceUrl(endpoints.app ?? ''),
      '^pub-',
    ]);
    expect(listed.code, `gem list --remote: ${listed.stderr}`).toBe(0);
    expect(listed.stdout, 'a stored version beside the upstream-only one').toMatch(
      /^pub-gem \(1\.1\.0, 1\.0\.0\)$/m,
    );
    expect(listed.stdout, 'an upstream gem').toMatch(/^pub-other \(2\.0\.0\)$/m);
  });

  it('offline: lists the stored info file, installs a fetched gem again, refuses an uncached one at once', async () => {
    await upstream.stop();
    const auth = { Authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` };
    const info = await fetch(`${endpoints.app}info/pub-gem`, { headers: auth });
    expect(info.status, 'the info file with the upstream stopped').toBe(200);
    expect((await info.text()).match(/^\d[^ ]*/gm), 'both upstream versions, one never downloaded').toEqual([
      '1.0.0',
      '1.1.0',
    ]);

    const installed = await gemInstall(await rubyEnv(), ['pub-gem', '-v', '1.1.0']);
    expect(installed.code, `gem install offline: ${installed.stdout}${installed.stderr}`).toBe(0);
    expect((await readdir(path.join(installed.installDir, 'gems'))).sort()).toEqual([
      'pub-dep-1.0.0',
      'pub-gem-1.1.0',
    ]);

    const missing = await fetch(`${endpoints.app}info/never-there`, { headers: auth });
    expect(missing.status, 'an uncached gem with the upstream offline: a 404, which gem does not retry').toBe(
      404,
    );
    expect(await missing.text()).toMatch(
      /'never-there' is not cached here and the upstream http:\/\/127\.0\.0\.1:\d+\/ is offline/,
    );
    const install = await gemInstall(await rubyEnv(), ['never-there']);
    expect(install.code, 'gem install of an uncached gem fails').not.toBe(0);
    expect(install.stderr).toContain('never-there');
  }, 180_000);
});
