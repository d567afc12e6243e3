/**
 * The packages an npm lockfile (`package-lock.json` or `npm-shrinkwrap.json`, lockfile versions 1
 * to 3) installs: name, version and integrity of every registry tarball. Links (workspaces,
 * `file:` folders), git and remote-URL dependencies and bundled dependencies (they travel inside
 * their parent's tarball) are listed as skipped with the reason. Aliases (`npm:real@1.0.0`) name the
 * real package.
 */
import { ValidationException } from '../engine/errors';

export interface NpmLockPackage {
  readonly name: string;
  readonly version: string;
  /** `sha512-…` (or older `sha1-…`) SRI text; undefined when the lockfile records none. */
  readonly integrity?: string;
}

export interface NpmLockSkip {
  readonly name: string;
  readonly version: string;
  readonly reason: string;
}

export interface NpmLockContents {
  readonly packages: NpmLockPackage[];
  readonly skipped: NpmLockSkip[];
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The package name a `node_modules/…` path installs (the last `node_modules/` segment). */
function nameFromPath(path: string): string | undefined {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  return path.slice(at + 'node_modules/'.length) || undefined;
}

/** Why an entry is not a registry tarball, or undefined when it is one. */
function notFromRegistry(entry: Json, version: string): string | undefined {
  if (entry.link === true) return 'a link to a local folder';
  if (entry.inBundle === true || entry.bundled === true) return "bundled inside its parent's tarball";
  const resolved = text(entry.resolved) ?? version;
  if (/^(git\+|git:|github:|file:|link:)/.test(resolved)) return `not from a registry (${resolved})`;
  if (/^https?:/.test(resolved) && !/\.tgz(\?|#|$)/.test(resolved)) return `a remote URL (${resolved})`;
  return undefined;
}

class Collector {
  private readonly seen = new Set<string>();
  readonly packages: NpmLockPackage[] = [];
  readonly skipped: NpmLockSkip[] = [];

  add(name: string, rawVersion: string, entry: Json): void {
    let packageName = name;
    let version = rawVersion;
    const alias = /^npm:((?:@[^@/]+\/)?[^@]+)@(.+)$/.exec(version);
    if (alias?.[1] && alias[2]) {
      packageName = alias[1];
      version = alias[2];
    }
    const reason = notFromRegistry(entry, version);
    const key = `${packageName}@${version}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (reason) {
      this.skipped.push({ name: packageName, version, reason });
      return;
    }
    const integrity = text(entry.integrity);
    this.packages.push({ name: packageName, version, ...(integrity ? { integrity } : {}) });
  }
}

function readPackagesMap(packages: Json, into: Collector): void {
  for (const [path, value] of Object.entries(packages)) {
    const entry = object(value);
    if (path === '' || !entry) continue;
    const name = text(entry.name) ?? nameFromPath(path);
    const version = text(entry.version);
    if (!name) continue;
    if (!version) {
      if (entry.link === true) into.skipped.push({ name, version: '', reason: 'a link to a local folder' });
      continue;
    }
    into.add(name, version, entry);
  }
}

function readDependencyTree(dependencies: Json, into: Collector, depth: number): void {
  if (depth > 256) throw new ValidationException('The lockfile nests dependencies more than 256 deep.');
  for (const [name, value] of Object.entries(dependencies)) {
    const entry = object(value);
    const version = text(entry?.version);
    if (!entry || !version) continue;
    into.add(name, version, entry);
    const nested = object(entry.dependencies);
    if (nested) readDependencyTree(nested, into, depth + 1);
  }
}

/** Reads a lockfile's text; a file that is not a lockfile is a ValidationException naming `fileName`. */
export function readNpmLockfile(fileName: string, content: string): NpmLockContents {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new ValidationException(`${fileName} is not JSON: ${(error as Error).message}`);
  }
  const lock = object(parsed);
  if (!lock || typeof lock.lockfileVersion !== 'number') {
    throw new ValidationException(`${fileName} is not an npm lockfile: it has no lockfileVersion.`);
  }
  const collector = new Collector();
  const packages = object(lock.packages);
  const dependencies = object(lock.dependencies);
  if (packages) readPackagesMap(packages, collector);
  else if (dependencies) readDependencyTree(dependencies, collector, 0);
  else throw new ValidationException(`${fileName} lists no packages.`);
  return { packages: collector.packages, skipped: collector.skipped };
}
