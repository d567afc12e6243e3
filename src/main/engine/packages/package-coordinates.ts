/**
 * How each package format names its packages: which formats have a namespace, and the normalised
 * form of names, namespaces and versions under which the engine stores and looks them up. Every
 * package operation turns its input into PackageCoordinates here first, so `Foo_Bar` and `foo-bar`
 * are the same PyPI package whichever door the request came through.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import { ValidationException } from '../errors';

export const packageFormats: readonly PackageFormat[] = [
  'npm',
  'pypi',
  'maven',
  'nuget',
  'generic',
  'ruby',
  'swift',
  'cargo',
];

/** The API reference: "The namespace is required when … Maven, Swift, generic". */
const namespaceRequired: ReadonlySet<PackageFormat> = new Set(['maven', 'swift', 'generic']);
/** "Python, NuGet, Ruby, and Cargo package versions do not contain a corresponding component." */
const namespaceAbsent: ReadonlySet<PackageFormat> = new Set(['pypi', 'nuget', 'ruby', 'cargo']);

export interface PackageCoordinates {
  readonly format: PackageFormat;
  /** '' for a package without a namespace (how it is stored); `namespaceOf` turns it back into undefined. */
  readonly namespace: string;
  /** The normalised name. */
  readonly name: string;
}

export function isPackageFormat(value: unknown): value is PackageFormat {
  return typeof value === 'string' && (packageFormats as readonly string[]).includes(value);
}

export function requireFormat(value: unknown): PackageFormat {
  if (!isPackageFormat(value)) {
    throw new ValidationException(
      `'${String(value)}' is not a package format; expected one of ${packageFormats.join(', ')}.`,
    );
  }
  return value;
}

/** PEP 503: lower-case, and every run of '-', '_' and '.' becomes a single '-'. */
export function normalisePypiName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

export function normalisePackageName(format: PackageFormat, name: string): string {
  switch (format) {
    case 'pypi':
      return normalisePypiName(name);
    case 'nuget':
    case 'swift':
    case 'cargo':
      // NuGet ids, Swift package names and crate names are case-insensitive.
      return name.toLowerCase();
    default:
      return name;
  }
}

export function normaliseNamespace(format: PackageFormat, namespace: string): string {
  switch (format) {
    case 'npm':
      // The namespace of an npm package is its scope, without the '@' that npm writes before it.
      return namespace.startsWith('@') ? namespace.slice(1) : namespace;
    case 'swift':
      return namespace.toLowerCase();
    default:
      return namespace;
  }
}

/**
 * NuGet versions are compared in NuGet's normalised form: no leading zeros in a number, no fourth
 * number when it is zero, no build metadata (`1.01.0.0+abc` is `1.1.0`). Other formats keep their
 * versions as published.
 */
export function normaliseVersion(format: PackageFormat, version: string): string {
  if (format !== 'nuget') return version;
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]*)?$/.exec(
    version,
  );
  if (!match) return version;
  const [, major = '0', minor = '0', patch = '0', revision, prerelease = ''] = match;
  const numbers = [major, minor, patch].map(stripZeros);
  if (revision !== undefined && stripZeros(revision) !== '0') numbers.push(stripZeros(revision));
  return numbers.join('.') + prerelease;
}

function stripZeros(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}

/**
 * Validates and normalises the package part of a request. A namespace is required for Maven, Swift
 * and generic packages and refused for formats that have none.
 */
export function packageCoordinates(
  formatInput: unknown,
  namespaceInput: string | undefined,
  nameInput: string | undefined,
): PackageCoordinates {
  const format = requireFormat(formatInput);
  if (typeof nameInput !== 'string' || nameInput === '') {
    throw new ValidationException(`The request is missing the required member 'package'.`);
  }
  const given = namespaceInput === undefined || namespaceInput === '' ? undefined : namespaceInput;
  if (given === undefined && namespaceRequired.has(format)) {
    throw new ValidationException(`A namespace is required for ${format} packages.`);
  }
  if (given !== undefined && namespaceAbsent.has(format)) {
    throw new ValidationException(`${format} packages have no namespace; remove namespace '${given}'.`);
  }
  const namespace = given === undefined ? '' : normaliseNamespace(format, given);
  if (given !== undefined && namespace === '') {
    throw new ValidationException(`The namespace '${given}' is empty once normalised.`);
  }
  const name = normalisePackageName(format, nameInput);
  if (name === '' || /[#/\s]/u.test(name)) {
    throw new ValidationException(`'${nameInput}' is not a valid ${format} package name.`);
  }
  return { format, namespace, name };
}

/** The namespace as the API reports it: absent rather than empty. */
export function namespaceOf(coordinates: { readonly namespace: string }): string | undefined {
  return coordinates.namespace === '' ? undefined : coordinates.namespace;
}

/** How people write the package: `@scope/name` for npm, `group:artifact` for Maven, `ns/name` otherwise. */
export function defaultDisplayName(coordinates: PackageCoordinates): string {
  const { format, namespace, name } = coordinates;
  if (namespace === '') return name;
  if (format === 'npm') return `@${namespace}/${name}`;
  if (format === 'maven') return name;
  return `${namespace}/${name}`;
}

/** A readable name for messages and resourceId fields. */
export function describeCoordinates(coordinates: PackageCoordinates): string {
  const { format, namespace, name } = coordinates;
  if (namespace === '') return name;
  if (format === 'npm') return `@${namespace}/${name}`;
  if (format === 'maven') return `${namespace}:${name}`;
  return `${namespace}/${name}`;
}

export function requireVersionString(format: PackageFormat, version: string | undefined): string {
  if (typeof version !== 'string' || version === '') {
    throw new ValidationException(`The request is missing the required member 'packageVersion'.`);
  }
  if (/[#/\s]/u.test(version)) throw new ValidationException(`'${version}' is not a valid package version.`);
  return normaliseVersion(format, version);
}
