/**
 * Reading the files a kit is made from: npm lockfiles (v1 trees and v2/v3 package maps, aliases,
 * links, bundled and git dependencies), requirements files (continuations, comments, hashes,
 * what cannot be pinned) and which kind a file is.
 */
import { describe, expect, it } from 'vitest';
import { readNpmLockfile } from '../../src/main/offline-kit/npm-lockfile';
import { readRequirementsFile } from '../../src/main/offline-kit/requirements-file';
import { kitSourceOf } from '../../src/main/offline-kit/run-offline-kit';

describe('npm lockfiles', () => {
  it('lists registry tarballs of a v3 lockfile and says why others are skipped', () => {
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', version: '1.0.0' },
        'node_modules/a': {
          version: '1.0.0',
          resolved: 'http://r/a/-/a-1.0.0.tgz',
          integrity: 'sha512-AAA=',
        },
        'node_modules/a/node_modules/b': { version: '2.0.0', resolved: 'http://r/b/-/b-2.0.0.tgz' },
        'node_modules/@s/c': { version: '3.0.0', resolved: 'http://r/@s/c/-/c-3.0.0.tgz' },
        'node_modules/alias': { name: 'real', version: '4.0.0', resolved: 'http://r/real/-/real-4.0.0.tgz' },
        'node_modules/ws': { resolved: 'packages/ws', link: true },
        'node_modules/a/node_modules/inner': { version: '1.0.0', inBundle: true },
        'node_modules/g': { version: '1.0.0', resolved: 'git+ssh://git@host/g.git#abc' },
        'node_modules/dup': { version: '1.0.0', resolved: 'http://r/dup/-/dup-1.0.0.tgz' },
        'node_modules/x/node_modules/dup': { version: '1.0.0', resolved: 'http://r/dup/-/dup-1.0.0.tgz' },
      },
    };
    const read = readNpmLockfile('package-lock.json', JSON.stringify(lock));
    expect(read.packages).toEqual([
      { name: 'a', version: '1.0.0', integrity: 'sha512-AAA=' },
      { name: 'b', version: '2.0.0' },
      { name: '@s/c', version: '3.0.0' },
      { name: 'real', version: '4.0.0' },
      { name: 'dup', version: '1.0.0' },
    ]);
    expect(read.skipped.map((skip) => `${skip.name}: ${skip.reason}`)).toEqual([
      'ws: a link to a local folder',
      "inner: bundled inside its parent's tarball",
      'g: not from a registry (git+ssh://git@host/g.git#abc)',
    ]);
  });

  it('reads the nested dependencies of a v1 lockfile, aliases included', () => {
    const lock = {
      lockfileVersion: 1,
      dependencies: {
        a: { version: '1.0.0', integrity: 'sha1-xyz', dependencies: { b: { version: '2.0.0' } } },
        c: { version: 'npm:real@3.0.0' },
      },
    };
    expect(readNpmLockfile('npm-shrinkwrap.json', JSON.stringify(lock)).packages).toEqual([
      { name: 'a', version: '1.0.0', integrity: 'sha1-xyz' },
      { name: 'b', version: '2.0.0' },
      { name: 'real', version: '3.0.0' },
    ]);
  });

  it('refuses a file that is not a lockfile, naming it', () => {
    expect(() => readNpmLockfile('package-lock.json', '{"name":"x"}')).toThrow(
      /package-lock\.json is not an npm lockfile/,
    );
    expect(() => readNpmLockfile('package-lock.json', '{')).toThrow(/package-lock\.json is not JSON/);
  });
});

describe('requirements files', () => {
  it('reads pins with hashes across continuation lines and ignores options and comments', () => {
    const read = readRequirementsFile(
      [
        '# generated',
        '--index-url http://127.0.0.1/simple/',
        'Foo_Bar[extra]==1.0 ; python_version >= "3.8" \\',
        '    --hash=sha256:ABCDEF \\',
        '    --hash=sha256:012345',
        'baz==2.0  # via foo',
        'baz==2.0',
      ].join('\n'),
    );
    expect(read.pins).toEqual([
      { name: 'Foo_Bar', project: 'foo-bar', version: '1.0', hashes: ['sha256:abcdef', 'sha256:012345'] },
      { name: 'baz', project: 'baz', version: '2.0', hashes: [] },
    ]);
    expect(read.skipped).toEqual([]);
  });

  it('skips what a kit cannot fetch by name and version, with the reason', () => {
    const read = readRequirementsFile(
      'ranged>=1.0\ntwo==1.0,!=1.1\n-r other.txt\n-e ./local\npkg @ http://127.0.0.1/pkg.whl\n',
    );
    expect(read.pins).toEqual([]);
    expect(read.skipped.map((skip) => skip.reason)).toEqual([
      'not pinned to one version (use ==, as pip freeze and pip-compile write)',
      'not pinned to one version (use ==, as pip freeze and pip-compile write)',
      'a nested requirements file: give that file to the kit as well',
      'an editable install is not a registry package',
      'a direct URL is not fetched through a repository',
    ]);
  });
});

describe('kinds of kit file', () => {
  it.each([
    ['package-lock.json', '{}', 'package-lock'],
    ['dir/npm-shrinkwrap.json', '{}', 'package-lock'],
    ['requirements-dev.txt', '', 'requirements'],
    ['pom.xml', '<project/>', 'pom'],
    ['lock.json', '{"lockfileVersion":3}', 'package-lock'],
  ] as const)('%s is a %s', (name, content, kind) => {
    expect(kitSourceOf(name, content)).toBe(kind);
  });

  it('refuses other files, naming what it takes', () => {
    expect(() => kitSourceOf('yarn.lock', '')).toThrow(
      /give a package-lock\.json, npm-shrinkwrap\.json, requirements\.txt, pom\.xml, Cargo\.lock or Gemfile\.lock/,
    );
  });
});
