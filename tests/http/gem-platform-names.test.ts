/**
 * How platform gems are named: the package version `VERSION-PLATFORM`, the ways a file name splits
 * into gem name and package version (names may hold `-` and digits), and an upstream info line with
 * a platform suffix read as that platform's build rather than dropped.
 */
import { describe, expect, it } from 'vitest';
import {
  fullNameSplits,
  gemFileName,
  packageVersionOf,
  splitPackageVersion,
} from '../../src/main/http/formats/ruby/gem-spec';
import { parseInfoLine } from '../../src/main/http/formats/ruby/ruby-external';

const sha = 'a'.repeat(64);

describe('platform gem names', () => {
  it('names a platform build VERSION-PLATFORM and its file NAME-VERSION-PLATFORM.gem', () => {
    const spec = { name: 'nokogiri', version: '1.16.0', platform: 'x86_64-linux' };
    expect(packageVersionOf(spec)).toBe('1.16.0-x86_64-linux');
    expect(gemFileName(spec)).toBe('nokogiri-1.16.0-x86_64-linux.gem');
    expect(packageVersionOf({ ...spec, platform: 'ruby' })).toBe('1.16.0');
  });

  it('splits a package version at its first -, the platform starting with a letter', () => {
    expect(splitPackageVersion('1.16.0-x86_64-darwin-19')).toEqual({
      version: '1.16.0',
      platform: 'x86_64-darwin-19',
    });
    expect(splitPackageVersion('2.0.0.rc1')).toEqual({ version: '2.0.0.rc1', platform: 'ruby' });
    expect(splitPackageVersion('1.0-1.2'), 'a platform starts with a letter').toBeUndefined();
    expect(splitPackageVersion('java'), 'a version starts with a digit').toBeUndefined();
  });

  it('lists every way a file name splits, the longest gem name first', () => {
    expect(fullNameSplits('nokogiri-1.16.0-x86_64-linux')).toEqual([
      { gem: 'nokogiri', version: '1.16.0-x86_64-linux' },
    ]);
    expect(fullNameSplits('desk-2-native-1.0.0-java')).toEqual([
      { gem: 'desk-2-native', version: '1.0.0-java' },
      { gem: 'desk', version: '2-native-1.0.0-java' },
    ]);
    expect(fullNameSplits('ffi-1.16.3-x86_64-darwin-19')).toEqual([
      { gem: 'ffi-1.16.3-x86_64-darwin', version: '19' },
      { gem: 'ffi', version: '1.16.3-x86_64-darwin-19' },
    ]);
    expect(fullNameSplits('no-version-here')).toEqual([]);
  });

  it('reads an upstream info line with a platform suffix as that build', () => {
    const listed = parseInfoLine('nokogiri', `1.16.0-x86_64-linux racc:~> 1.4|checksum:${sha},ruby:>= 3.0`);
    expect(listed?.spec).toMatchObject({
      name: 'nokogiri',
      version: '1.16.0',
      platform: 'x86_64-linux',
      requiredRubyVersion: [['>=', '3.0']],
      dependencies: [{ name: 'racc', type: 'runtime', requirement: [['~>', '1.4']] }],
    });
    expect(listed?.sha256).toBe(sha);
    expect(parseInfoLine('nokogiri', `1.16.0 |checksum:${sha}`)?.spec.platform).toBe('ruby');
  });
});
