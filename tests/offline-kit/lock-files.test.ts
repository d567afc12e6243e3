/**
 * Reading Cargo.lock and Gemfile.lock for a kit: registry crates with their checksums (version 1
 * metadata checksums too), git and path packages skipped with the reason; Bundler's GEM specs with
 * platforms and CHECKSUMS, GIT and PATH specs skipped; and telling both kinds apart by name and content.
 */
import { describe, expect, it } from 'vitest';
import { readCargoLock } from '../../src/main/offline-kit/cargo-lockfile';
import { infoChecksum } from '../../src/main/offline-kit/gem-kit';
import { readGemfileLock } from '../../src/main/offline-kit/gemfile-lock';
import { kitSourceOf } from '../../src/main/offline-kit/run-offline-kit';

const sum = (digit: string) => digit.repeat(64);

describe('Cargo.lock', () => {
  it('lists registry crates with their checksums and says why git and path packages are skipped', () => {
    const lock = [
      'version = 4',
      '',
      '[[package]]',
      'name = "app"',
      'version = "0.1.0"',
      'dependencies = ["serde", "local-git"]',
      '',
      '[[package]]',
      'name = "serde"',
      'version = "1.0.200"',
      'source = "sparse+http://127.0.0.1:1/cargo/app/"',
      `checksum = "${sum('a')}"`,
      '',
      '[[package]]',
      'name = "old_index"',
      'version = "0.3.0-beta.1"',
      'source = "registry+https://example.invalid/index"',
      `checksum = "${sum('B')}"`,
      '',
      '[[package]]',
      'name = "local-git"',
      'version = "0.2.0"',
      'source = "git+https://example.invalid/local-git.git?branch=main#0123abcd"',
      '',
    ].join('\n');
    const read = readCargoLock('Cargo.lock', lock);
    expect(read.crates).toEqual([
      { name: 'serde', version: '1.0.200', checksum: sum('a') },
      { name: 'old_index', version: '0.3.0-beta.1', checksum: sum('b') },
    ]);
    expect(read.skipped.map((skip) => `${skip.name}: ${skip.reason}`)).toEqual([
      'app: no source: a workspace member or path dependency',
      'local-git: a git dependency (git+https://example.invalid/local-git.git?branch=main#0123abcd), which Cargo fetches itself',
    ]);
  });

  it('takes the checksums of a version 1 lockfile from its metadata table', () => {
    const source = 'registry+https://example.invalid/index';
    const lock = [
      '[[package]]',
      'name = "libc"',
      'version = "0.2.50"',
      `source = "${source}"`,
      '',
      '[metadata]',
      `"checksum libc 0.2.50 (${source})" = "${sum('c')}"`,
    ].join('\n');
    expect(readCargoLock('Cargo.lock', lock).crates).toEqual([
      { name: 'libc', version: '0.2.50', checksum: sum('c') },
    ]);
  });

  it('refuses a file that is not TOML with a message naming it', () => {
    expect(() => readCargoLock('Cargo.lock', '[[package]\nname = ')).toThrow(/Cargo\.lock is not valid TOML/);
  });
});

describe('Gemfile.lock', () => {
  const lock = [
    'GIT',
    '  remote: https://example.invalid/tool.git',
    '  revision: 0123abcd',
    '  specs:',
    '    tool (0.5.0)',
    '',
    'PATH',
    '  remote: engines/local',
    '  specs:',
    '    local-engine (0.1.0)',
    '      rack (>= 2)',
    '',
    'GEM',
    '  remote: https://gems.example.invalid/',
    '  specs:',
    '    nokogiri (1.16.0-x86_64-linux)',
    '      racc (~> 1.4)',
    '    racc (1.7.3)',
    '    rack (3.0.9.1)',
    '',
    'PLATFORMS',
    '  ruby',
    '  x86_64-linux',
    '',
    'DEPENDENCIES',
    '  nokogiri',
    '  tool!',
    '',
    'CHECKSUMS',
    `  nokogiri (1.16.0-x86_64-linux) sha256=${sum('D')}`,
    `  racc (1.7.3) sha256=${sum('e')}`,
    '  rack (3.0.9.1)',
    '',
    'BUNDLED WITH',
    '   2.5.6',
    '',
  ].join('\r\n');

  it('lists the GEM specs with platform, remote and CHECKSUMS, and skips GIT and PATH specs', () => {
    const read = readGemfileLock(lock);
    const remote = 'https://gems.example.invalid/';
    expect(read.gems).toEqual([
      { name: 'nokogiri', version: '1.16.0', platform: 'x86_64-linux', remote, sha256: sum('d') },
      { name: 'racc', version: '1.7.3', platform: 'ruby', remote, sha256: sum('e') },
      { name: 'rack', version: '3.0.9.1', platform: 'ruby', remote },
    ]);
    expect(read.platforms).toEqual(['ruby', 'x86_64-linux']);
    expect(read.skipped.map((skip) => `${skip.name} ${skip.version}: ${skip.reason}`)).toEqual([
      'tool 0.5.0: from a git repository, which Bundler checks out itself (https://example.invalid/tool.git)',
      "local-engine 0.1.0: from a folder of the project's own, which Bundler reads itself (engines/local)",
    ]);
  });

  it("finds a version's checksum in a compact-index info file, platform versions apart", () => {
    const info = `---\n1.0.0 |checksum:${sum('1')}\n1.0.0-java dep:>= 1|checksum:${sum('2')},ruby:>= 2.7\n`;
    expect(infoChecksum(info, '1.0.0')).toBe(sum('1'));
    expect(infoChecksum(info, '1.0.0-java')).toBe(sum('2'));
    expect(infoChecksum(info, '2.0.0')).toBeUndefined();
  });
});

describe('which kind a lockfile is', () => {
  it('knows Cargo.lock and Gemfile.lock by name, and renamed ones by content', () => {
    expect(kitSourceOf('project/Cargo.lock', '')).toBe('cargo-lock');
    expect(kitSourceOf('Gemfile.lock', '')).toBe('gemfile-lock');
    expect(kitSourceOf('gems.locked', '')).toBe('gemfile-lock');
    expect(kitSourceOf('saved.lock', 'version = 4\n\n[[package]]\nname = "a"\n')).toBe('cargo-lock');
    expect(kitSourceOf('saved.lock', 'GEM\n  remote: x\n  specs:\n    a (1.0)\n')).toBe('gemfile-lock');
    expect(() => kitSourceOf('yarn.lock', '# yarn lockfile v1\n')).toThrow(/Cargo\.lock or Gemfile\.lock/);
  });
});
