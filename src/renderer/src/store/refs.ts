/**
 * How the store names what a screen shows: a repository, a package in it, a version of that package.
 * Keys built from these decide whether an answer still belongs to what is on screen.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';

export interface RepositoryRef {
  readonly domain: string;
  readonly repository: string;
}

export interface PackageRef extends RepositoryRef {
  readonly format: PackageFormat;
  /** Omitted for formats without namespaces (and npm packages without a scope). */
  readonly namespace?: string;
  readonly package: string;
}

export interface VersionRef extends PackageRef {
  readonly version: string;
}

export function repositoryKey(ref: RepositoryRef): string {
  return JSON.stringify([ref.domain, ref.repository]);
}

/** Identifies a package within its repository (the key the package list uses). */
export function packageId(
  format: string | undefined,
  namespace: string | undefined,
  name: string | undefined,
): string {
  return JSON.stringify([format ?? '', namespace ?? '', name ?? '']);
}

export function packageKey(ref: PackageRef): string {
  return JSON.stringify([ref.domain, ref.repository, ref.format, ref.namespace ?? '', ref.package]);
}

export function versionKey(ref: VersionRef): string {
  return JSON.stringify([
    ref.domain,
    ref.repository,
    ref.format,
    ref.namespace ?? '',
    ref.package,
    ref.version,
  ]);
}

/** The members every package-level operation takes. */
export function packageInput(ref: PackageRef): {
  domain: string;
  repository: string;
  format: PackageFormat;
  namespace?: string;
  package: string;
} {
  const input = { domain: ref.domain, repository: ref.repository, format: ref.format, package: ref.package };
  return ref.namespace ? { ...input, namespace: ref.namespace } : input;
}

/** How a package is written for people: `@scope/name` for npm, `group:artifact` for Maven, else namespace/name. */
export function displayPackageName(
  format: string | undefined,
  namespace: string | undefined,
  name: string | undefined,
): string {
  const bare = name ?? '';
  if (!namespace) return bare;
  if (format === 'npm') return `@${namespace}/${bare}`;
  if (format === 'maven') return `${namespace}:${bare}`;
  return `${namespace}/${bare}`;
}
