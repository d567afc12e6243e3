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

/** Maven's well-known qualifiers before the release, in ComparableVersion order. */
const mavenPreRelease: readonly string[] = ['alpha', 'beta', 'milestone', 'rc', 'snapshot'];
const mavenAliases: Readonly<Record<string, string>> = { ga: '', final: '', release: '', cr: 'rc' };

type MavenItem = { readonly int: string } | { readonly text: string } | { readonly list: MavenItem[] };

function mavenText(raw: string, followedByDigit: boolean): MavenItem {
  const shorthand: Readonly<Record<string, string>> = { a: 'alpha', b: 'beta', m: 'milestone' };
  const text = (followedByDigit ? shorthand[raw] : undefined) ?? raw;
  return { text: mavenAliases[text] ?? text };
}

function mavenIsNull(item: MavenItem): boolean {
  if ('int' in item) return /^0+$/.test(item.int);
  if ('text' in item) return item.text === '';
  return item.list.length === 0;
}

/**
 * ComparableVersion's item tree: '.' separates items, '-' and every switch between digits and
 * letters open a nested list; trailing null items (0, the release qualifier, empty lists) are
 * dropped from each list, looking through the nested lists that end it.
 */
function mavenItems(version: string): MavenItem[] {
  const text = version.toLowerCase();
  const root: MavenItem[] = [];
  const lists: MavenItem[][] = [root];
  let list = root;
  let digits = false;
  let start = 0;
  const item = (end: number): MavenItem =>
    digits ? { int: text.slice(start, end) } : mavenText(text.slice(start, end), false);
  const nest = (): void => {
    const inner: MavenItem[] = [];
    list.push({ list: inner });
    list = inner;
    lists.push(inner);
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === '.' || char === '-') {
      list.push(i === start ? { int: '0' } : item(i));
      start = i + 1;
      if (char === '-') nest();
    } else if (char >= '0' && char <= '9') {
      if (!digits && i > start) {
        list.push(mavenText(text.slice(start, i), true));
        start = i;
        nest();
      }
      digits = true;
    } else {
      if (digits && i > start) {
        list.push(item(i));
        start = i;
        nest();
      }
      digits = false;
    }
  }
  if (text.length > start) list.push(item(text.length));
  for (const each of lists.reverse()) {
    for (let i = each.length - 1; i >= 0; i--) {
      const last = each[i] as MavenItem;
      if (mavenIsNull(last)) each.splice(i, 1);
      else if (!('list' in last)) break;
    }
  }
  return root;
}

/**
 * The items as bytes. At one position: pre-release qualifiers < the end of a list (which compares
 * as null) < other qualifiers (sp, then unknown ones by name) < a nested list that starts with a
 * number < numbers. A nested list that starts with a qualifier is written inline, so against the end
 * of the other list its first qualifier decides, as ComparableVersion compares a list with null.
 * ComparableVersion is not transitive where a '.' qualifier meets a '-' list ("1.sp", "1-alpha",
 * "1"); no key can follow it there, and these keys give one consistent order.
 */
function mavenListKey(items: readonly MavenItem[]): string {
  let key = '';
  for (const item of items) {
    if ('int' in item) key += `6${num(item.int)}`;
    else if ('text' in item) {
      const rank = mavenPreRelease.indexOf(item.text);
      if (rank >= 0) key += `2${String.fromCharCode(97 + rank)}`;
      else key += item.text === 'sp' ? '4a' : `4b${item.text}${TEXT_END}`;
    } else {
      const first = item.list[0];
      key += (first && 'int' in first ? '5' : '') + mavenListKey(item.list);
    }
  }
  return key + '3';
}

function mavenKey(version: string): string {
  return mavenListKey(mavenItems(version));
}

const zeroKey = `5${num('0')}`;

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

/**
 * Versions in version order, given with their sort keys (each key converted once, so a long list
 * sorts in n log n comparisons of ready buffers); versions of equal precedence fall back to their text.
 */
export function sortVersionsByKey(entries: Iterable<readonly [version: string, sortKey: string]>): string[] {
  return [...entries]
    .map(([version, key]) => ({ version, key: Buffer.from(key, 'utf8'), text: Buffer.from(version, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.key, b.key) || Buffer.compare(a.text, b.text))
    .map((entry) => entry.version);
}

/** Negative when `a` is an earlier version than `b`; versions of equal precedence fall back to their text. */
export function compareVersions(format: PackageFormat, a: string, b: string): number {
  return compareSortKeys(versionSortKey(format, a), versionSortKey(format, b)) || compareSortKeys(a, b);
}
