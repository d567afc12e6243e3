/**
 * The RubyGems endpoint with the real clients: `gem push`, the versions and assets through the
 * CodeArtifact API, `gem install` and Bundler (compact index) through a downstream repository,
 * `gem yank` as Unlisted, Archived versions leaving the index, a push refused by origin controls,
 * malformed gems (not a tar, traversal, no metadata, checksums.yaml.gz disagreeing, a name that climbs
 * out, oversized) refused with nothing stored, the Connect panel's RubyGems lines run as shown, and
 * `gem sources --add` / `gem list --remote` through the specs indexes, which Ruby's Marshal reads.
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

import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobFiles } from '../helpers/data-dir-files';
import { declaredUploadStatus } from '../helpers/declared-upload';
import type { ServeHandle } from '../helpers/serve';
import { serveFormatRepositories } from './format-repositories';
import { blockPublish, expectStoreUntouched, expectVersionsWithAsset } from './format-assertions';
import { createRubyEnv, type RubyEnv } from './ruby/ruby-env';
import { connectSnippets } from '../../src/renderer/src/lib/connect-config';

const domain = 'gems';
let serve: ServeHandle;
let client: CodeartifactClient;
let ruby: RubyEnv;
let token: string;
let endpoints: Record<string, string>;
const gemFiles: Record<string, string> = {};

async function get(repository: string, file: string): Promise<Response> {
  return fetch(`${endpoints[repository]}${file}`, { headers: { Authorization: `Bearer ${token}` } });
}

async function push(repository: string, gem: string) {
  return ruby.run('gem', ['push', gem, '--host', endpoints[repository] ?? '']);
}

const deskGem = { domain, format: 'ruby', package: 'desk-gem' } as const;

beforeAll(async () => {
  ({ serve, client, token, endpoints } = await serveFormatRepositories(domain, 'ruby'));
  ruby = await createRubyEnv(token);
  gemFiles['1.0.0'] = await ruby.buildGem('desk-gem', '1.0.0', 'gem 1.0.0');
  gemFiles['1.1.0'] = await ruby.buildGem('desk-gem', '1.1.0', 'gem 1.1.0');
  gemFiles.user = await ruby.buildGem('desk-user', '2.0.0', 'user 2.0.0', [['desk-gem', '~> 1.0']]);
  for (const file of Object.values(gemFiles)) {
    const pushed = await push('local', file);
    expect(pushed.code, `gem push ${file}: ${pushed.stdout}${pushed.stderr}`).toBe(0);
    expect(pushed.stdout).toContain('Successfully registered gem');
  }
}, 240_000);

afterAll(async () => {
  await ruby?.dispose();
  await serve?.dispose();
});

describe('gem push, gem install and Bundler', () => {
  it('lists pushed versions with their .gem assets, hashes and the gemspec metadata', async () => {
    await expectVersionsWithAsset(
      client,
      { ...deskGem, repository: 'local' },
      [
        ['1.1.0', 'Published'],
        ['1.0.0', 'Published'],
      ],
      { version: '1.1.0', name: 'desk-gem-1.1.0.gem', bytes: await readFile(gemFiles['1.1.0'] ?? '') },
    );
    const described = await client.send(
      new DescribePackageVersionCommand({ ...deskGem, repository: 'local', packageVersion: '1.1.0' }),
    );
    expect(described.packageVersion).toMatchObject({
      summary: 'desk-gem for tests',
      licenses: [{ name: 'MIT' }],
    });
    const readme = await client.send(
      new GetPackageVersionReadmeCommand({ ...deskGem, repository: 'local', packageVersion: '1.1.0' }),
    );
    expect(readme.readme).toContain('gem 1.1.0');
    const deps = await client.send(
      new ListPackageVersionDependenciesCommand({
        domain,
        repository: 'local',
        format: 'ruby',
        package: 'desk-user',
        packageVersion: '2.0.0',
      }),
    );
    expect(deps.dependencies).toEqual([
      { package: 'desk-gem', dependencyType: 'runtime', versionRequirement: '~> 1.0' },
    ]);
    const info = await (await get('local', 'info/desk-user')).text();
    expect(info).toMatch(/^---\n2\.0\.0 desk-gem:~> 1\.0\|checksum:[0-9a-f]{64}\n$/);
  });

  it('gem install resolves through a downstream repository', async () => {
    const installDir = path.join(ruby.home, 'installed');
    const installed = await ruby.run('gem', [
      'install',
      'desk-user',
      '--clear-sources',
      '--source',
      ruby.sourceUrl(endpoints.app ?? ''),
      '--install-dir',
      installDir,
      '--no-document',
    ]);
    expect(installed.code, `gem install: ${installed.stdout}${installed.stderr}`).toBe(0);
    expect((await readdir(path.join(installDir, 'gems'))).sort()).toEqual([
      'desk-gem-1.1.0',
      'desk-user-2.0.0',
    ]);
    const retained = await client.send(new ListPackageVersionsCommand({ ...deskGem, repository: 'app' }));
    expect(retained.versions?.map((v) => v.version)).toContain('1.1.0');
  }, 180_000);

  it('Bundler installs a Gemfile through the compact index of a downstream repository', async () => {
    const project = path.join(ruby.home, 'bundled');
    await mkdir(project, { recursive: true });
    await writeFile(
      path.join(project, 'Gemfile'),
      `source ${JSON.stringify(ruby.sourceUrl(endpoints.app ?? ''))}\ngem "desk-user"\n`,
    );
    const installed = await ruby.run('bundle', ['install'], project);
    expect(installed.code, `bundle install: ${installed.stdout}${installed.stderr}`).toBe(0);
    expect(await readFile(path.join(project, 'Gemfile.lock'), 'utf8')).toMatch(/desk-gem \(1\.1\.0\)/);
    const ran = await ruby.run(
      'bundle',
      ['exec', 'ruby', '-e', 'require "desk_gem"; require "desk_user"; puts DeskGem::MARKER'],
      project,
    );
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout.trim()).toBe('gem 1.1.0');
  }, 180_000);

  it('a platform gem is pushed beside its ruby build as version-platform, listed and installed with --platform', async () => {
    // A name with '-' and a digit, so the file name splits two ways and only the listing tells which.
    const name = 'desk-2-native';
    const plain = await ruby.buildGem(name, '1.0.0', 'pure ruby');
    const native = await ruby.buildGem(name, '1.0.0', 'built for linux', [], 'x86_64-linux');
    expect(path.basename(native)).toBe('desk-2-native-1.0.0-x86_64-linux.gem');
    for (const file of [plain, native]) {
      const pushed = await push('local', file);
      expect(pushed.code, `gem push ${file}: ${pushed.stdout}${pushed.stderr}`).toBe(0);
    }
    const coordinates = { domain, format: 'ruby', package: name } as const;
    await expectVersionsWithAsset(
      client,
      { ...coordinates, repository: 'local' },
      [
        ['1.0.0', 'Published'],
        ['1.0.0-x86_64-linux', 'Published'],
      ],
      { version: '1.0.0-x86_64-linux', name: path.basename(native), bytes: await readFile(native) },
    );
    const info = await (await get('app', `info/${name}`)).text();
    expect(info).toMatch(
      /^---\n1\.0\.0 \|checksum:[0-9a-f]{64}\n1\.0\.0-x86_64-linux \|checksum:[0-9a-f]{64}\n$/,
    );
    expect(await (await get('app', 'versions')).text()).toMatch(
      /^desk-2-native 1\.0\.0,1\.0\.0-x86_64-linux [0-9a-f]{32}$/m,
    );
    for (const [platform, dir, marker] of [
      ['x86_64-linux', 'desk-2-native-1.0.0-x86_64-linux', 'built for linux'],
      ['ruby', 'desk-2-native-1.0.0', 'pure ruby'],
    ] as const) {
      const installDir = path.join(ruby.home, `native-${platform}`);
      const installed = await ruby.run('gem', [
        'install',
        name,
        '--platform',
        platform,
        '--clear-sources',
        '--source',
        ruby.sourceUrl(endpoints.app ?? ''),
        '--install-dir',
        installDir,
        '--no-document',
      ]);
      expect(
        installed.code,
        `gem install --platform ${platform}: ${installed.stdout}${installed.stderr}`,
      ).toBe(0);
      expect(await readdir(path.join(installDir, 'gems'))).toEqual([dir]);
      expect(await readFile(path.join(installDir, 'gems', dir, 'lib', 'desk_2_native.rb'), 'utf8')).toContain(
        marker,
      );
    }
    const yanked = await ruby.run('gem', [
      'yank',
      name,
      '-v',
      '1.0.0',
      '--platform',
      'x86_64-linux',
      '--host',
      endpoints.local ?? '',
    ]);
    expect(yanked.code, `gem yank --platform: ${yanked.stdout}${yanked.stderr}`).toBe(0);
    expect(await (await get('local', `info/${name}`)).text(), 'only the platform build is yanked').toMatch(
      /^---\n1\.0\.0 \|checksum:[0-9a-f]{64}\n$/,
    );
  }, 180_000);

  it("the Connect panel's RubyGems lines, run as shown, push a gem and install it", async () => {
    const snippet = connectSnippets('ruby', {
      serviceEndpoint: serve.endpoint,
      region: 'us-east-1',
      domain,
      domainOwner: /gems-(\d{12})\//.exec(endpoints.app ?? '')?.[1] ?? '',
      repository: 'local',
      repositoryEndpoint: endpoints.local ?? '',
      token,
    }).find((s) => s.id === 'ruby-env');
    const gem = await ruby.buildGem('desk-connect', '1.0.0', 'from the Connect panel');
    const script = (snippet?.text ?? '')
      .replace('<gem file>', gem)
      .replace('gem install <gem>', 'gem install desk-connect --no-document --install-dir connected');
    // Only the panel's lines configure gem here: no API key or source from the test's environment.
    const ran = await ruby.run('bash', ['-e', '-c', script], ruby.home, { GEM_HOST_API_KEY: '' });
    expect(ran.code, `the Connect lines: ${ran.stdout}${ran.stderr}`).toBe(0);
    expect(ran.stdout).toContain('Successfully registered gem');
    expect(await readdir(path.join(ruby.home, 'connected', 'gems'))).toEqual(['desk-connect-1.0.0']);
  }, 180_000);

  it('gem yank makes a version Unlisted: gone from the index, still downloadable by file name', async () => {
    const yanked = await ruby.run('gem', [
      'yank',
      'desk-gem',
      '-v',
      '1.1.0',
      '--host',
      endpoints.local ?? '',
    ]);
    expect(yanked.code, `gem yank: ${yanked.stdout}${yanked.stderr}`).toBe(0);
    const described = await client.send(
      new DescribePackageVersionCommand({ ...deskGem, repository: 'local', packageVersion: '1.1.0' }),
    );
    expect(described.packageVersion?.status).toBe('Unlisted');
    expect(await (await get('local', 'info/desk-gem')).text()).not.toMatch(/^1\.1\.0 /m);
    expect((await get('local', 'gems/desk-gem-1.1.0.gem')).status).toBe(200);
  });

  it('an Archived version leaves the index and cannot be downloaded', async () => {
    await client.send(
      new UpdatePackageVersionsStatusCommand({
        ...deskGem,
        repository: 'local',
        versions: ['1.0.0'],
        targetStatus: 'Archived',
      }),
    );
    expect((await get('local', 'info/desk-gem')).status, 'no listed version left').toBe(404);
    const download = await get('local', 'gems/desk-gem-1.0.0.gem');
    expect(download.status).toBe(404);
    expect(await download.text()).toContain('Archived');
  });
});

describe('refusals', () => {
  it('a push blocked by origin controls is refused with the reason gem prints', async () => {
    await blockPublish(client, { domain, repository: 'guarded', format: 'ruby', package: 'desk-gem' });
    const pushed = await push('guarded', gemFiles['1.0.0'] ?? '');
    expect(`${pushed.stdout}${pushed.stderr}`).toMatch(/blocked by its origin configuration/);
    const listed = await client.send(new ListPackageVersionsCommand({ ...deskGem, repository: 'guarded' }));
    expect(listed.versions).toEqual([]);
  });

  it('malformed gems get a 4xx and leave the store untouched', async () => {
    const before = await blobFiles(serve.dataDir);
    const work = path.join(ruby.home, 'bad');
    await mkdir(work, { recursive: true });
    // A gem whose data archive names a file outside it, and a tar with no metadata.
    execFileSync('python3', [
      '-c',
      `import tarfile, io, gzip, sys
def add(t, name, data):
    i = tarfile.TarInfo(name); i.size = len(data); t.addfile(i, io.BytesIO(data))
inner = io.BytesIO()
with tarfile.open(fileobj=inner, mode='w:gz') as t: add(t, '../../escape.rb', b'x')
meta = open(sys.argv[1], 'rb').read()
with tarfile.open('${work}/traversal.gem', 'w') as t:
    add(t, 'metadata.gz', meta); add(t, 'data.tar.gz', inner.getvalue())
with tarfile.open('${work}/nometa.gem', 'w') as t: add(t, 'data.tar.gz', inner.getvalue())
good = tarfile.open(sys.argv[2])
members = {m.name: good.extractfile(m).read() for m in good.getmembers()}
wrong = gzip.compress(('---\\nSHA256:\\n  metadata.gz: ' + 'f' * 64 + '\\n  data.tar.gz: ' + 'f' * 64 + '\\n').encode())
with tarfile.open('${work}/badsum.gem', 'w') as t:
    add(t, 'metadata.gz', members['metadata.gz']); add(t, 'data.tar.gz', members['data.tar.gz'])
    add(t, 'checksums.yaml.gz', wrong)
spec = gzip.decompress(members['metadata.gz']).replace(b'name: desk-gem', b'name: "../../desk-gem"', 1)
with tarfile.open('${work}/badname.gem', 'w') as t:
    add(t, 'metadata.gz', gzip.compress(spec)); add(t, 'data.tar.gz', members['data.tar.gz'])`,
      await extractMetadata(gemFiles['1.0.0'] ?? '', work),
      gemFiles['1.0.0'] ?? '',
    ]);
    const cases: [string, Buffer][] = [
      ['not a tar archive', Buffer.from('this is not a gem')],
      ['path traversal in the data archive', await readFile(path.join(work, 'traversal.gem'))],
      ['no metadata.gz', await readFile(path.join(work, 'nometa.gem'))],
      ['checksums.yaml.gz disagrees with the members', await readFile(path.join(work, 'badsum.gem'))],
      ['path traversal in the gem name', await readFile(path.join(work, 'badname.gem'))],
    ];
    for (const [label, body] of cases) {
      const response = await fetch(`${endpoints.local}api/v1/gems`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' },
        body,
      });
      expect(response.status, label).toBeGreaterThanOrEqual(400);
      expect(response.status, label).toBeLessThan(500);
      const message = await response.text();
      expect(message.length, label).toBeGreaterThan(0);
      if (label.startsWith('checksums')) expect(message).toMatch(/does not match the SHA256/);
      if (label.startsWith('path traversal in the gem name')) expect(message).toMatch(/not a valid gem name/);
    }
    expect(
      await declaredUploadStatus(`${endpoints.local}api/v1/gems`, 'POST', 2 ** 30, {
        Authorization: `Bearer ${token}`,
      }),
      'a push declaring 1 GiB',
    ).toBe(413);
    await expectStoreUntouched(
      client,
      serve.dataDir,
      { domain, repository: 'local', format: 'ruby' },
      ['desk-2-native', 'desk-connect', 'desk-gem', 'desk-user'],
      before,
    );
  });
});

async function extractMetadata(gem: string, dir: string): Promise<string> {
  execFileSync('tar', ['-xf', gem, '-C', dir, 'metadata.gz']);
  return path.join(dir, 'metadata.gz');
}

describe('specs indexes', () => {
  const listed = async (file: string) => {
    const saved = path.join(ruby.home, file);
    await writeFile(saved, Buffer.from(await (await get('app', file)).arrayBuffer()));
    const shown = await ruby.run('ruby', [
      '-e',
      'require "rubygems/util"; Marshal.load(Gem::Util.gunzip(File.binread(ARGV[0]))).each { |n, v, p| puts [n, v.class, v, p].join(" ") }',
      saved,
    ]);
    expect(shown.code, `ruby reads ${file}: ${shown.stderr}`).toBe(0);
    return shown.stdout.split('\n').filter((line) => line !== '');
  };

  it('gem sources --add and gem list --remote read a downstream repository through its specs indexes', async () => {
    for (const version of ['0.9.0', '1.0.0.rc1']) {
      const pushed = await push('local', await ruby.buildGem('desk-pre', version, `pre ${version}`));
      expect(pushed.code, `gem push desk-pre ${version}: ${pushed.stdout}${pushed.stderr}`).toBe(0);
    }
    const source = ruby.sourceUrl(endpoints.app ?? '');
    const added = await ruby.run('gem', ['sources', '--add', source]);
    expect(added.code, `gem sources --add: ${added.stdout}${added.stderr}`).toBe(0);
    const list = ['list', '--remote', '--all', '--clear-sources', '--source', source, '^desk-'];
    const released = await ruby.run('gem', list);
    expect(released.code, `gem list --remote: ${released.stderr}`).toBe(0);
    expect(released.stdout).toMatch(/^desk-pre \(0\.9\.0\)$/m);
    expect(released.stdout, 'a platform build shows its version and platform').toMatch(
      /^desk-2-native \(1\.0\.0 ruby x86_64-linux\)$/m,
    );
    const prerelease = await ruby.run('gem', [...list, '--prerelease']);
    expect(prerelease.code, `gem list --remote --prerelease: ${prerelease.stderr}`).toBe(0);
    expect(prerelease.stdout).toMatch(/^desk-pre \(1\.0\.0\.rc1, 0\.9\.0\)$/m);
  });

  it('each index is a gzipped Marshal list of [name, Gem::Version, platform] Ruby reads', async () => {
    const specs = await listed('specs.4.8.gz');
    expect(specs).toContain('desk-pre Gem::Version 0.9.0 ruby');
    expect(specs).toContain('desk-2-native Gem::Version 1.0.0 x86_64-linux');
    expect(specs).toContain('desk-gem Gem::Version 1.1.0 ruby');
    expect(
      specs.filter((line) => line.includes('rc1')),
      'no prerelease in specs',
    ).toEqual([]);
    const latest = await listed('latest_specs.4.8.gz');
    expect(
      latest.filter((line) => line.startsWith('desk-gem ')),
      'latest: one per gem',
    ).toHaveLength(1);
    expect(latest).toContain('desk-2-native Gem::Version 1.0.0 x86_64-linux');
    expect(await listed('prerelease_specs.4.8.gz')).toEqual(['desk-pre Gem::Version 1.0.0.rc1 ruby']);
  });
});
