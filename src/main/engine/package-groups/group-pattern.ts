/**
 * The package group pattern grammar: parsing a pattern into what it matches, writing it back in its
 * canonical form, matching package paths against it, and the specificity order that decides which
 * group a package belongs to and which group is another's parent.
 *
 * A package path is `/{format}/{namespace}/{name}` (the namespace is empty for formats without one).
 * A pattern is a path cut short and closed by a suffix:
 *
 *   /*                                every package
 *   /{format}/*                       every package of a format
 *   /{format}/{namespace prefix}~     namespaces starting with the prefix
 *   /{format}/{namespace}/*           every package of a namespace ('' for formats without one)
 *   /{format}/{namespace}/{prefix}~   names starting with the prefix
 *   /{format}/{namespace}/{name}$     exactly one package
 *
 * Namespaces and names are stored normalised the way packages are (PEP 503 for PyPI, lower case for
 * NuGet, Swift and Cargo, npm scopes without '@'), so a pattern and a package always compare in the
 * same form. Specificity, most specific first: exact name, name prefix (longer first), namespace,
 * namespace prefix (longer first), format, root.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import { ValidationException } from '../errors';
import {
  isPackageFormat,
  normaliseNamespace,
  normalisePackageName,
  packageFormats,
  type PackageCoordinates,
} from '../packages/package-coordinates';

export type GroupPattern =
  | { readonly kind: 'all' }
  | { readonly kind: 'format'; readonly format: PackageFormat }
  | { readonly kind: 'namespace-prefix'; readonly format: PackageFormat; readonly prefix: string }
  | { readonly kind: 'namespace'; readonly format: PackageFormat; readonly namespace: string }
  | {
      readonly kind: 'name-prefix';
      readonly format: PackageFormat;
      readonly namespace: string;
      readonly prefix: string;
    }
  | {
      readonly kind: 'name';
      readonly format: PackageFormat;
      readonly namespace: string;
      readonly name: string;
    };

export const rootPattern = '/*';

/** Formats whose packages never have a namespace: their patterns carry an empty namespace section. */
const namespaceAbsent: ReadonlySet<PackageFormat> = new Set(['pypi', 'nuget', 'ruby', 'cargo']);
/** Formats whose packages always have one. npm is the only format where it is optional (the scope). */
const namespaceRequired: ReadonlySet<PackageFormat> = new Set(['maven', 'swift', 'generic']);

/** The API's limit for a namespace or a name. */
const maxComponentLength = 255;

function invalid(pattern: string, why: string): ValidationException {
  return new ValidationException(`Invalid package group pattern '${pattern}': ${why}.`);
}

function codePoints(text: string): string[] {
  return [...text];
}

function checkComponent(pattern: string, what: string, value: string): void {
  if (/[#/\s]/u.test(value)) throw invalid(pattern, `the ${what} '${value}' contains '#', '/' or whitespace`);
  if (value.includes('*')) {
    throw invalid(
      pattern,
      `'*' may only be the last component, right after a '/' (found it in the ${what} '${value}')`,
    );
  }
  if (value.includes('~') || value.includes('$')) {
    throw invalid(pattern, `'~' and '$' may only end a pattern (found one in the ${what} '${value}')`);
  }
}

function parseFormat(pattern: string, value: string): PackageFormat {
  if (value === '') throw invalid(pattern, 'the package format is empty');
  if (!isPackageFormat(value)) {
    throw invalid(
      pattern,
      `'${value}' is not a package format; expected one of ${packageFormats.join(', ')}`,
    );
  }
  return value;
}

function normalised(pattern: string, what: string, raw: string, value: string): string {
  if (value === '') throw invalid(pattern, `the ${what} '${raw}' is empty once normalised`);
  if (codePoints(value).length > maxComponentLength) {
    throw invalid(pattern, `the ${what} is longer than ${maxComponentLength} characters`);
  }
  return value;
}

/** A namespace section: '' where the format has none; otherwise checked and normalised. */
function parseNamespace(pattern: string, format: PackageFormat, raw: string): string {
  if (raw === '') {
    if (namespaceRequired.has(format)) {
      throw invalid(
        pattern,
        `${format} packages always have a namespace, so the namespace section cannot be empty`,
      );
    }
    return '';
  }
  if (namespaceAbsent.has(format)) {
    throw invalid(
      pattern,
      `${format} packages have no namespace; leave the namespace section empty (/${format}//name$)`,
    );
  }
  checkComponent(pattern, 'namespace', raw);
  return normalised(pattern, 'namespace', raw, normaliseNamespace(format, raw));
}

function parseNamespacePrefix(pattern: string, format: PackageFormat, raw: string): string {
  if (namespaceAbsent.has(format)) {
    throw invalid(
      pattern,
      `${format} packages have no namespace, so a namespace prefix cannot match any of them`,
    );
  }
  if (raw === '') throw invalid(pattern, "the namespace prefix before '~' is empty");
  checkComponent(pattern, 'namespace prefix', raw);
  return normalised(pattern, 'namespace prefix', raw, normaliseNamespace(format, raw));
}

function parseName(pattern: string, format: PackageFormat, what: string, raw: string): string {
  if (raw === '') throw invalid(pattern, `the ${what} is empty`);
  checkComponent(pattern, what, raw);
  return normalised(pattern, what, raw, normalisePackageName(format, raw));
}

/**
 * Parses and validates a pattern; every mistake is a ValidationException that says what is wrong.
 * Namespaces and names come back normalised.
 */
export function parseGroupPattern(text: string): GroupPattern {
  if (typeof text !== 'string' || text === '')
    throw new ValidationException('A package group pattern is required.');
  if (!text.startsWith('/')) throw invalid(text, "a pattern starts with '/'");
  const suffix = text.slice(-1);
  if (suffix !== '*' && suffix !== '~' && suffix !== '$') {
    throw invalid(
      text,
      "a pattern ends in '$' (one package), '~' (a namespace or name prefix) or '/*' (every value of the next component)",
    );
  }
  const body = text.slice(1, -1);
  if (suffix === '*') {
    if (text === rootPattern) return { kind: 'all' };
    if (!body.endsWith('/')) {
      throw invalid(
        text,
        "'*' must follow a '/' (it matches every value of the next component); use '~' for a prefix",
      );
    }
    const parts = body.slice(0, -1).split('/');
    const [formatText = '', namespaceText] = parts;
    if (parts.length > 2) throw invalid(text, "'/*' can follow the format or the namespace, not the name");
    const format = parseFormat(text, formatText);
    if (namespaceText === undefined) return { kind: 'format', format };
    if (namespaceText === '' && namespaceAbsent.has(format)) {
      throw invalid(
        text,
        `${format} packages have no namespace, so this matches the same packages as '/${format}/*'; use that`,
      );
    }
    return { kind: 'namespace', format, namespace: parseNamespace(text, format, namespaceText) };
  }
  const parts = body.split('/');
  if (suffix === '~') {
    if (parts.length === 2) {
      const format = parseFormat(text, parts[0] ?? '');
      return { kind: 'namespace-prefix', format, prefix: parseNamespacePrefix(text, format, parts[1] ?? '') };
    }
    if (parts.length !== 3) {
      throw invalid(
        text,
        "'~' ends a namespace prefix (/{format}/{prefix}~) or a name prefix (/{format}/{namespace}/{prefix}~)",
      );
    }
    const format = parseFormat(text, parts[0] ?? '');
    const namespace = parseNamespace(text, format, parts[1] ?? '');
    return {
      kind: 'name-prefix',
      format,
      namespace,
      prefix: parseName(text, format, 'name prefix', parts[2] ?? ''),
    };
  }
  if (parts.length !== 3) throw invalid(text, "'$' ends a full package path: /{format}/{namespace}/{name}$");
  const format = parseFormat(text, parts[0] ?? '');
  const namespace = parseNamespace(text, format, parts[1] ?? '');
  return { kind: 'name', format, namespace, name: parseName(text, format, 'name', parts[2] ?? '') };
}

/** The canonical text of a parsed pattern: what is stored and reported. */
export function formatGroupPattern(pattern: GroupPattern): string {
  switch (pattern.kind) {
    case 'all':
      return rootPattern;
    case 'format':
      return `/${pattern.format}/*`;
    case 'namespace-prefix':
      return `/${pattern.format}/${pattern.prefix}~`;
    case 'namespace':
      return `/${pattern.format}/${pattern.namespace}/*`;
    case 'name-prefix':
      return `/${pattern.format}/${pattern.namespace}/${pattern.prefix}~`;
    case 'name':
      return `/${pattern.format}/${pattern.namespace}/${pattern.name}$`;
  }
}

/** Parses and returns the canonical text (`/PyPI`-style mistakes fail; `/pypi//Foo_Bar$` becomes `/pypi//foo-bar$`). */
export function canonicalGroupPattern(text: string): string {
  return formatGroupPattern(parseGroupPattern(text));
}

/** Whether the pattern matches a package given in stored (normalised) coordinates. */
export function patternMatches(pattern: GroupPattern, pkg: PackageCoordinates): boolean {
  switch (pattern.kind) {
    case 'all':
      return true;
    case 'format':
      return pkg.format === pattern.format;
    case 'namespace-prefix':
      return pkg.format === pattern.format && pkg.namespace.startsWith(pattern.prefix);
    case 'namespace':
      return pkg.format === pattern.format && pkg.namespace === pattern.namespace;
    case 'name-prefix':
      return (
        pkg.format === pattern.format &&
        pkg.namespace === pattern.namespace &&
        pkg.name.startsWith(pattern.prefix)
      );
    case 'name':
      return (
        pkg.format === pattern.format && pkg.namespace === pattern.namespace && pkg.name === pattern.name
      );
  }
}

/** `/{format}/{prefix}~` for every prefix of `value`, longest first (whole code points only). */
function prefixPatterns(stem: string, value: string, longest: number): string[] {
  const chars = codePoints(value);
  const found: string[] = [];
  for (let length = Math.min(longest, chars.length); length >= 1; length--) {
    found.push(`${stem}${chars.slice(0, length).join('')}~`);
  }
  return found;
}

/** `/{format}/{namespace}/*`, then the namespace prefixes, the format and the root: most specific first. */
function namespaceAndAbove(format: PackageFormat, namespace: string): string[] {
  const namespacePrefixes = namespace === '' ? [] : prefixPatterns(`/${format}/`, namespace, Infinity);
  return [`/${format}/${namespace}/*`, ...namespacePrefixes, `/${format}/*`, rootPattern];
}

/**
 * Every pattern that matches the package, most specific first. The groups of a domain that match a
 * package are exactly the existing ones among these, and they form a chain: each one is the parent
 * of the one before it. So the first existing pattern is the package's group.
 */
export function patternsMatching(pkg: PackageCoordinates): string[] {
  const { format, namespace, name } = pkg;
  return [
    `/${format}/${namespace}/${name}$`,
    ...prefixPatterns(`/${format}/${namespace}/`, name, Infinity),
    ...namespaceAndAbove(format, namespace),
  ];
}

/**
 * Every pattern that matches all the packages `pattern` matches (and more), most specific first,
 * without `pattern` itself. A group's parent is the first of these that exists in its domain.
 */
export function enclosingPatterns(pattern: GroupPattern): string[] {
  switch (pattern.kind) {
    case 'all':
      return [];
    case 'format':
      return [rootPattern];
    case 'namespace-prefix': {
      const { format, prefix } = pattern;
      return [
        ...prefixPatterns(`/${format}/`, prefix, codePoints(prefix).length - 1),
        `/${format}/*`,
        rootPattern,
      ];
    }
    case 'namespace':
      return namespaceAndAbove(pattern.format, pattern.namespace).slice(1);
    case 'name-prefix': {
      const { format, namespace, prefix } = pattern;
      return [
        ...prefixPatterns(`/${format}/${namespace}/`, prefix, codePoints(prefix).length - 1),
        ...namespaceAndAbove(format, namespace),
      ];
    }
    case 'name':
      return patternsMatching(pattern).slice(1);
  }
}

/**
 * The string every pattern more specific than `pattern` (one it encloses) starts with: the pattern
 * without its suffix. Used to find a group's descendants with one prefix query.
 */
export function descendantStem(pattern: GroupPattern): string | undefined {
  if (pattern.kind === 'name') return undefined;
  return formatGroupPattern(pattern).slice(0, -1);
}
