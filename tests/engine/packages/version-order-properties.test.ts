/**
 * The stored version sort keys against each ecosystem's reference comparator, on random versions:
 * for any two versions, the byte order of their keys is the order the format's own tools use
 * (semver for npm, Cargo and Swift; @renovatebot/pep440 for PyPI; @renovatebot/ruby-semver for
 * RubyGems; Maven's ComparableVersion and NuGet's rules as written in reference-version-order.ts).
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import { compare as comparePep440, valid as validPep440 } from '@renovatebot/pep440';
import * as rubySemver from '@renovatebot/ruby-semver';
import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { compareSortKeys, versionSortKey } from '../../../src/main/engine/package-versions/version-order';
import { compareMaven, compareNuGet } from './reference-version-order';

const runs = { numRuns: 3000 };

function agrees(format: PackageFormat, reference: (a: string, b: string) => number) {
  return (a: string, b: string): void => {
    const byKey = Math.sign(compareSortKeys(versionSortKey(format, a), versionSortKey(format, b)));
    const byReference = Math.sign(reference(a, b));
    expect(byKey, `${format}: '${a}' vs '${b}'`).toBe(byReference);
  };
}

const smallNumber = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) },
);
const digits = smallNumber.map(String);
const word = fc.constantFrom(
  'alpha',
  'beta',
  'rc',
  'a',
  'b',
  'x',
  'pre',
  'dev',
  'SNAPSHOT',
  'Beta',
  'z-1',
  '0a',
);

const semverVersion = fc
  .tuple(
    digits,
    digits,
    digits,
    fc.option(fc.array(fc.oneof(digits, word), { minLength: 1, maxLength: 4 }), { nil: undefined }),
    fc.option(fc.constantFrom('build.1', 'sha.abc', '001'), { nil: undefined }),
  )
  .map(
    ([major, minor, patch, pre, build]) =>
      `${major}.${minor}.${patch}${pre ? `-${pre.join('.')}` : ''}${build ? `+${build}` : ''}`,
  )
  .filter((version) => semver.valid(version) !== null);

const pep440Version = fc
  .tuple(
    fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    fc.array(digits, { minLength: 1, maxLength: 4 }),
    fc.option(
      fc.tuple(fc.constantFrom('a', 'b', 'rc', 'c', 'alpha', 'beta', 'pre', 'preview'), fc.option(digits)),
      {
        nil: undefined,
      },
    ),
    fc.option(fc.tuple(fc.constantFrom('.post', 'post', '-', '.r', '.rev'), fc.option(digits)), {
      nil: undefined,
    }),
    fc.option(fc.tuple(fc.constantFrom('.dev', 'dev'), fc.option(digits)), { nil: undefined }),
    fc.option(
      fc.array(fc.oneof(digits, fc.constantFrom('ubuntu', 'abc', 'x1', 'Local')), {
        minLength: 1,
        maxLength: 3,
      }),
      {
        nil: undefined,
      },
    ),
  )
  .map(([epoch, release, pre, post, dev, local]) => {
    let version = `${epoch === undefined ? '' : `${epoch}!`}${release.join('.')}`;
    if (pre) version += `${pre[0]}${pre[1] ?? ''}`;
    if (post) version += post[0] === '-' ? `-${post[1] ?? '1'}` : `${post[0]}${post[1] ?? ''}`;
    if (dev) version += `${dev[0]}${dev[1] ?? ''}`;
    if (local) version += `+${local.join('.')}`;
    return version;
  })
  .filter((version) => validPep440(version) !== null);

const rubyVersion = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: digits },
      { weight: 1, arbitrary: fc.constantFrom('a', 'pre', 'rc', 'beta', 'b2') },
    ),
    {
      minLength: 1,
      maxLength: 5,
    },
  )
  .filter((segments) => /^\d/.test(segments[0] ?? ''))
  .map((segments) => segments.join('.'))
  .filter((version) => rubySemver.valid(version) !== null);

function compareRuby(a: string, b: string): number {
  if (rubySemver.eq(a, b)) return 0;
  return rubySemver.lt(a, b) ? -1 : 1;
}

const mavenQualifier = fc.constantFrom(
  'alpha',
  'a',
  'beta',
  'b',
  'milestone',
  'm',
  'rc',
  'cr',
  'SNAPSHOT',
  'sp',
  'jre',
  'android',
);

/**
 * Versions as Maven projects write them: numbers, then dashed qualifiers with an optional number
 * (1.0-alpha-1, 2.3-SNAPSHOT, 31.1-jre, 1.0-beta2), or a dotted release name (5.4.0.Final).
 */
const conventionalMavenVersion = fc
  .tuple(
    fc.array(digits, { minLength: 1, maxLength: 4 }),
    fc.array(
      fc.oneof(
        fc.tuple(
          fc.constant('-'),
          mavenQualifier,
          fc.option(fc.tuple(fc.constantFrom('-', '', '.'), digits)),
        ),
        // The release's own names only after a dot: a dotted pre-release (1.0.RC1) next to a dashed
        // one, or a dashed release name with more after it (1-final-1, equal to 1 but below
        // 1-final-2), makes ComparableVersion itself intransitive.
        fc.tuple(fc.constant('.'), fc.constantFrom('Final', 'RELEASE', 'GA'), fc.constant(null)),
      ),
      { maxLength: 2 },
    ),
  )
  .map(
    ([numbers, qualifiers]) =>
      numbers.join('.') +
      qualifiers
        .map(([separator, qualifier, number]) => `${separator}${qualifier}${number ? number.join('') : ''}`)
        .join(''),
  );

const nugetVersion = fc
  .tuple(
    fc.array(digits, { minLength: 1, maxLength: 4 }),
    fc.option(fc.array(fc.oneof(digits, word), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    fc.option(fc.constantFrom('build.5', 'abc'), { nil: undefined }),
  )
  .map(
    ([numbers, pre, build]) =>
      `${numbers.join('.')}${pre ? `-${pre.join('.')}` : ''}${build ? `+${build}` : ''}`,
  )
  .filter((version) => !/-(\d+\.)*0\d/.test(version));

describe('version sort keys agree with the reference comparators', () => {
  it.each(['npm', 'cargo', 'swift'] as const)('%s: semver precedence', (format) => {
    fc.assert(
      fc.property(
        semverVersion,
        semverVersion,
        agrees(format, (a, b) => semver.compare(a, b)),
      ),
      runs,
    );
  });

  it('pypi: PEP 440 (@renovatebot/pep440)', () => {
    fc.assert(fc.property(pep440Version, pep440Version, agrees('pypi', comparePep440)), runs);
  });

  it('ruby: RubyGems (@renovatebot/ruby-semver)', () => {
    fc.assert(fc.property(rubyVersion, rubyVersion, agrees('ruby', compareRuby)), runs);
  });

  it('maven: ComparableVersion, on versions as projects write them', () => {
    fc.assert(
      fc.property(conventionalMavenVersion, conventionalMavenVersion, agrees('maven', compareMaven)),
      runs,
    );
  });

  it('nuget: NuGetVersion', () => {
    fc.assert(fc.property(nugetVersion, nugetVersion, agrees('nuget', compareNuGet)), runs);
  });
});
