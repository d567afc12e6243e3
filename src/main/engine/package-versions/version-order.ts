/**
 * Version order per package format, expressed as a sort key: a string whose plain byte order is the
 * format's version order. The key is stored next to each version, so listings sort and paginate in
 * SQL with an index, and `compareVersions` is the same rule for code that sorts in memory.
 *
 * - npm, Cargo, Swift: Semantic Versioning 2.0 precedence (a pre-release sorts before its release,
 *   pre-release identifiers compare numerically or in ASCII order, build metadata is ignored).
 * - NuGet: SemVer with up to four numbers and case-insensitive pre-release labels.
 * - PyPI: PEP 440 (epoch, release with trailing zeros ignored, dev < pre-releases < release < post,
 *   local labels after the public version); versions PEP 440 cannot parse sort before all others.
 * - Maven: the usual ComparableVersion rules for the common cases (numbers, alpha < beta <
 *   milestone < rc < snapshot < release < sp < other qualifiers, trailing zeros ignored).
 * - Ruby: RubyGems order (a segment with letters makes a pre-release).
 * - generic: "natural" order (runs of digits compare as numbers).
 * Versions that do not follow their format's syntax fall back to natural order, before every valid one.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';

// Markers. Only their relative order matters; they are chosen so that a marker never meets a
// character of version text at the same position in two keys.
const TEXT_END = ' ';
const LIST_END = '!';

/** A non-negative integer given as digits: length first, so that longer numbers sort higher. */
function num(digits: string): string {
  const trimmed = digits.replace(/^0+/, '') || '0';
  return String(trimmed.length).padStart(3, '0') + trimmed;
}

/** Natural order: digits as numbers, other runs as text; a shorter list sorts first. */
function naturalKey(version: string): string {
  let key = '';
  for (const token of version.match(/\d+|\D+/g) ?? []) {
    key += /^\d/.test(token) ? `5${num(token)}` : `1${token}${TEXT_END}`;
  }
  return key + '0';
}

const semverPattern =
  /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Pre-release identifiers: numeric ones before alphanumeric ones; a longer list wins a tie. */
function identifiersKey(identifiers: readonly string[]): string {
  let key = '';
  for (const id of identifiers) key += /^\d+$/.test(id) ? `n${num(id)}` : `w${id}${TEXT_END}`;
  return key + LIST_END;
}

function semverKey(version: string): string | undefined {
  const match = semverPattern.exec(version);
  if (!match) return undefined;
  const [, major = '0', minor = '0', patch = '0', prerelease] = match;
  const core = num(major) + num(minor) + num(patch);
  return prerelease === undefined ? `${core}1` : `${core}0${identifiersKey(prerelease.split('.'))}`;
}

const nugetPattern =
  /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]*)?$/;

function nugetKey(version: string): string | undefined {
  const match = nugetPattern.exec(version);
  if (!match) return undefined;
  const [, a = '0', b = '0', c = '0', d = '0', prerelease] = match;
  const core = num(a) + num(b) + num(c) + num(d);
  return prerelease === undefined
    ? `${core}1`
    : `${core}0${identifiersKey(prerelease.toLowerCase().split('.'))}`;
}

const pep440Pattern =
  /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i;

function pep440Key(version: string): string | undefined {
  const match = pep440Pattern.exec(version);
  if (!match) return undefined;
  const [
    ,
    epoch = '0',
    release = '0',
    preLabel,
    preNumber,
    implicitPost,
    postLabel,
    postNumber,
    devLabel,
    devNumber,
    local,
  ] = match;
  const parts = release.split('.');
  while (parts.length > 1 && /^0+$/.test(parts[parts.length - 1] ?? '')) parts.pop();
  let key = num(epoch) + parts.map((part) => `1${num(part)}`).join('') + '0';
  const hasPost = implicitPost !== undefined || postLabel !== undefined;
  const hasDev = devLabel !== undefined;
  if (preLabel !== undefined) {
    const label = preLabel.toLowerCase();
    const rank = label === 'a' || label === 'alpha' ? 'a' : label === 'b' || label === 'beta' ? 'b' : 'c';
    key += `1${rank}${num(preNumber ?? '0')}`;
  } else {
    // A release with only a dev segment (1.0.dev1) sorts before every pre-release of 1.0.
    key += !hasPost && hasDev ? '0' : '2';
  }
  key += hasPost ? `1${num(implicitPost ?? postNumber ?? '0')}` : '0';
  key += hasDev ? `0${num(devNumber ?? '0')}` : '1';
  if (local === undefined) return key + '0';
  // Local labels: numeric segments sort after alphanumeric ones, text is case-insensitive.
  let localKey = '';
  for (const segment of local.toLowerCase().split(/[-_.]/)) {
    localKey += /^\d+$/.test(segment) ? `n${num(segment)}` : `a${segment}${TEXT_END}`;
  }
  return key + `1${localKey}${LIST_END}`;
}

/** Maven qualifiers in ComparableVersion order; an empty qualifier is the release itself. */
const mavenQualifierRank: Readonly<Record<string, string>> = {
  alpha: '1a',
  beta: '1b',
  milestone: '1c',
  rc: '1d',
  cr: '1d',
  snapshot: '1e',
  '': '2',
  ga: '2',
  final: '2',
  release: '2',
  sp: '3',
};

const zeroKey = `5${num('0')}`;

function mavenKey(version: string): string {
  // Items split at '.', '-' and at every switch between digits and letters.
  const lower = version.toLowerCase();
  const tokens = [...lower.matchAll(/\d+|[^\d.-]+/g)];
  const keys: string[] = [];
  tokens.forEach((match, index) => {
    const token = match[0];
    if (/^\d/.test(token)) {
      keys.push(`5${num(token)}`);
      return;
    }
    // 'a1', 'b2', 'm3' are shorthands for alpha, beta and milestone when a number follows directly.
    const next = tokens[index + 1];
    const numberFollows =
      next !== undefined && next.index === match.index + token.length && /^\d/.test(next[0]);
    const shorthand: Readonly<Record<string, string>> = { a: 'alpha', b: 'beta', m: 'milestone' };
    const qualifier = (numberFollows ? shorthand[token] : undefined) ?? token;
    // Zeros right before a qualifier do not count: 1.0-alpha equals 1-alpha.
    while (keys.length > 1 && keys[keys.length - 1] === zeroKey) keys.pop();
    keys.push(mavenQualifierRank[qualifier] ?? `4${qualifier}${TEXT_END}`);
  });
  // Trailing zeros and release qualifiers do not count: 1.0.0 = 1 = 1-final.
  while (keys.length > 1 && (keys[keys.length - 1] === '2' || keys[keys.length - 1] === zeroKey)) keys.pop();
  return keys.join('') + '2';
}

function rubyKey(version: string): string | undefined {
  if (!/^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z.-]+)?$/.test(version)) return undefined;
  // RubyGems treats '-' as a pre-release marker (".pre.") and splits letters from digits.
  const segments = version.replace(/-/g, '.pre.').match(/\d+|[a-zA-Z]+/g) ?? [];
  const keys: string[] = [];
  for (const segment of segments) {
    if (/^\d/.test(segment)) keys.push(`5${num(segment)}`);
    else {
      // Zeros before the first letter segment do not count: 1.0.a equals 1.a.
      while (keys.length > 1 && keys[keys.length - 1] === zeroKey) keys.pop();
      keys.push(`1${segment}${TEXT_END}`);
    }
  }
  while (keys.length > 1 && keys[keys.length - 1] === zeroKey) keys.pop();
  return keys.join('') + '2';
}

/** The sort key of `version` in `format`; byte order of keys = version order. */
export function versionSortKey(format: PackageFormat, version: string): string {
  let key: string | undefined;
  switch (format) {
    case 'npm':
    case 'cargo':
    case 'swift':
      key = semverKey(version);
      break;
    case 'nuget':
      key = nugetKey(version);
      break;
    case 'pypi':
      key = pep440Key(version);
      break;
    case 'maven':
      key = mavenKey(version);
      break;
    case 'ruby':
      key = rubyKey(version);
      break;
    default:
      key = undefined;
  }
  if (format === 'generic') return `B${naturalKey(version)}`;
  return key === undefined ? `A${naturalKey(version)}` : `B${key}`;
}

/** Byte order, as SQLite's BINARY collation compares the stored keys. */
export function compareSortKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Negative when `a` is an earlier version than `b`; versions of equal precedence fall back to their text. */
export function compareVersions(format: PackageFormat, a: string, b: string): number {
  return compareSortKeys(versionSortKey(format, a), versionSortKey(format, b)) || compareSortKeys(a, b);
}
