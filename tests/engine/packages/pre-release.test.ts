// What each format's client skips as a pre-release when it picks "latest": the ecosystems' own
// rules, through semver and @renovatebot/pep440.
import { describe, expect, it } from 'vitest';
import { isPreRelease } from '../../../src/main/engine/package-versions/pre-release';

describe('pre-releases', () => {
  it.each([
    ['npm', '1.0.0-beta.1', true],
    ['npm', '1.0.0', false],
    ['npm', '1.0.0+build-1', false],
    ['cargo', '0.3.0-alpha', true],
    ['pypi', '1.0rc1', true],
    ['pypi', '1.0.dev3', true],
    ['pypi', '2.0b2.post1', true],
    ['pypi', '1.0.post1', false],
    ['pypi', '1.0+local.c1', false],
    ['pypi', '1!2.0', false],
    ['maven', '1.0-SNAPSHOT', true],
    ['maven', '1.0-rc1', false],
    ['generic', '1.0-beta', false],
  ] as const)('%s %s → %s', (format, version, expected) => {
    expect(isPreRelease(format, version)).toBe(expected);
  });

  it('counts a version the format cannot read as a release', () => {
    expect(isPreRelease('pypi', 'not a version')).toBe(false);
    expect(isPreRelease('npm', 'banana')).toBe(false);
  });
});
