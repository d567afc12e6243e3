// Version order per format: the sort keys the listings use agree with each format's own rules.
import { describe, expect, it } from 'vitest';
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import { compareVersions, versionSortKey } from '../../../src/main/engine/package-versions/version-order';

function sorted(format: PackageFormat, versions: readonly string[]): string[] {
  return [...versions].sort((a, b) => compareVersions(format, a, b));
}

/** Shuffles deterministically, so a sort that happens to keep input order cannot pass. */
function shuffled<T>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, key: (index * 7919) % 104729 }))
    .sort((a, b) => b.key - a.key)
    .map((x) => x.item);
}

describe('version order', () => {
  it('orders npm versions by SemVer precedence', () => {
    const expected = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.9.0',
      '1.10.0',
      '2.0.0',
      '10.0.0',
    ];
    expect(sorted('npm', shuffled(expected))).toEqual(expected);
    // Build metadata does not change precedence.
    expect(versionSortKey('npm', '1.0.0+build.5')).toBe(versionSortKey('npm', '1.0.0'));
  });

  it('orders PyPI versions by PEP 440', () => {
    const expected = [
      '0.9',
      '1.0.dev1',
      '1.0a1.dev2',
      '1.0a1',
      '1.0a2',
      '1.0b1',
      '1.0rc1',
      '1.0',
      '1.0+local.1',
      '1.0.post1.dev1',
      '1.0.post1',
      '1.1',
      '2.0',
      '1!0.1',
    ];
    expect(sorted('pypi', shuffled(expected))).toEqual(expected);
    expect(versionSortKey('pypi', '1.0')).toBe(versionSortKey('pypi', '1.0.0'));
    expect(versionSortKey('pypi', '1.0alpha1')).toBe(versionSortKey('pypi', '1.0a1'));
    expect(sorted('pypi', ['1.0', 'not a version'])).toEqual(['not a version', '1.0']);
  });

  it('orders Maven versions by its qualifier rules', () => {
    const expected = [
      '1.0-alpha-1',
      '1.0-beta1',
      '1.0-M1',
      '1.0-rc1',
      '1.0-SNAPSHOT',
      '1.0',
      '1.0-sp1',
      '1.0-foo',
      '1.0.1',
      '1.1',
      '2',
    ];
    expect(sorted('maven', shuffled(expected))).toEqual(expected);
    expect(versionSortKey('maven', '1.0.0')).toBe(versionSortKey('maven', '1'));
    expect(versionSortKey('maven', '1-final')).toBe(versionSortKey('maven', '1'));
  });

  it('orders NuGet, Ruby and generic versions', () => {
    expect(sorted('nuget', shuffled(['1.0.0-alpha', '1.0.0-Beta', '1.0.0', '1.0.0.1', '1.0.1']))).toEqual([
      '1.0.0-alpha',
      '1.0.0-Beta',
      '1.0.0',
      '1.0.0.1',
      '1.0.1',
    ]);
    expect(sorted('ruby', shuffled(['0.9', '1.0.a', '1.0.b1', '1.0', '1.0.1', '1.1']))).toEqual([
      '0.9',
      '1.0.a',
      '1.0.b1',
      '1.0',
      '1.0.1',
      '1.1',
    ]);
    expect(sorted('generic', shuffled(['1.9', '1.10', '1.9.1', '1.0', '2024-01-02', '2024-01-10']))).toEqual([
      '1.0',
      '1.9',
      '1.9.1',
      '1.10',
      '2024-01-02',
      '2024-01-10',
    ]);
  });

  it('gives every version a total order, falling back to the text for equal precedence', () => {
    expect(compareVersions('npm', '1.0.0+a', '1.0.0+b')).toBeLessThan(0);
    expect(compareVersions('npm', '1.0.0', '1.0.0')).toBe(0);
  });
});
