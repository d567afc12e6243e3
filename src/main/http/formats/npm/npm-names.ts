/**
 * npm package names as they appear in registry URLs: `name`, `@scope/name`, and the escaped form
 * `@scope%2fname` npm itself sends. Converts between them and the engine's coordinates (namespace is
 * the scope without its '@').
 */
const namePattern = /^(?:@([a-z0-9~][a-z0-9._~-]*)\/)?([a-z0-9~][a-z0-9._~-]*)$/i;

export interface NpmName {
  /** The scope without '@', or undefined. */
  readonly scope?: string;
  /** The name without its scope. */
  readonly name: string;
  /** `@scope/name` or `name`: how npm writes it. */
  readonly full: string;
}

export function parseNpmName(full: string): NpmName | undefined {
  if (full.length > 214) return undefined;
  const match = namePattern.exec(full);
  if (!match?.[2]) return undefined;
  return match[1] ? { scope: match[1], name: match[2], full } : { name: match[2], full };
}

/** The engine request members for a package. */
export function npmPackageRequest(name: NpmName): { format: 'npm'; namespace?: string; package: string } {
  return name.scope === undefined
    ? { format: 'npm', package: name.name }
    : { format: 'npm', namespace: name.scope, package: name.name };
}

/** How the name goes into a URL path: scoped names keep a literal '@' and an escaped '/'. */
export function escapedName(name: NpmName): string {
  return name.scope === undefined
    ? encodeURIComponent(name.name)
    : `@${encodeURIComponent(name.scope)}%2f${encodeURIComponent(name.name)}`;
}

/** The tarball file name npm expects for a version: the unscoped name, a dash, the version. */
export function tarballFileName(name: NpmName, version: string): string {
  return `${name.name}-${version}.tgz`;
}

/** The version a tarball file name stands for, or undefined when it does not belong to the package. */
export function versionOfTarball(name: NpmName, file: string): string | undefined {
  const prefix = `${name.name}-`;
  if (!file.startsWith(prefix) || !file.endsWith('.tgz')) return undefined;
  const version = file.slice(prefix.length, -'.tgz'.length);
  return version === '' ? undefined : version;
}

export type NpmRoute =
  | { readonly kind: 'ping' }
  | { readonly kind: 'whoami' }
  | { readonly kind: 'search' }
  | { readonly kind: 'user'; readonly rest: string }
  | { readonly kind: 'dist-tags'; readonly name: NpmName; readonly tag?: string }
  | { readonly kind: 'packument'; readonly name: NpmName }
  | { readonly kind: 'version'; readonly name: NpmName; readonly version: string }
  | { readonly kind: 'revision'; readonly name: NpmName; readonly rest: string }
  | { readonly kind: 'tarball'; readonly name: NpmName; readonly file: string }
  | { readonly kind: 'unknown' };

function decodeSegments(path: string): string[] | undefined {
  try {
    return path.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/** Splits off the package name (one segment, or two for `@scope/name`) from decoded segments. */
function takeName(segments: string[]): { name: NpmName; rest: string[] } | undefined {
  const [first, second] = segments;
  if (first === undefined) return undefined;
  if (first.startsWith('@') && first.includes('/')) {
    const name = parseNpmName(first);
    return name && { name, rest: segments.slice(1) };
  }
  if (first.startsWith('@')) {
    if (second === undefined) return undefined;
    const name = parseNpmName(`${first}/${second}`);
    return name && { name, rest: segments.slice(2) };
  }
  const name = parseNpmName(first);
  return name && { name, rest: segments.slice(1) };
}

/** Reads the registry path (after the repository endpoint, percent-encoded). */
export function parseNpmRoute(path: string): NpmRoute {
  const segments = decodeSegments(path.replace(/\/+$/, ''));
  if (!segments || segments.length === 0 || segments[0] === '') return { kind: 'unknown' };
  if (segments[0] === '-') {
    const [, what, ...rest] = segments;
    if (what === 'ping') return { kind: 'ping' };
    if (what === 'whoami') return { kind: 'whoami' };
    if (what === 'v1' && rest[0] === 'search') return { kind: 'search' };
    if (what === 'user') return { kind: 'user', rest: rest.join('/') };
    if (what === 'package') {
      const taken = takeName(rest);
      if (!taken || taken.rest[0] !== 'dist-tags' || taken.rest.length > 2) return { kind: 'unknown' };
      const tag = taken.rest[1];
      return tag === undefined || tag === ''
        ? { kind: 'dist-tags', name: taken.name }
        : { kind: 'dist-tags', name: taken.name, tag };
    }
    return { kind: 'unknown' };
  }
  const taken = takeName(segments);
  if (!taken) return { kind: 'unknown' };
  const { name, rest } = taken;
  if (rest.length === 0) return { kind: 'packument', name };
  if (rest[0] === '-' && rest.length === 2 && rest[1]) return { kind: 'tarball', name, file: rest[1] };
  if (rest[0] === '-rev') return { kind: 'revision', name, rest: rest.slice(1).join('/') };
  if (rest.length === 1 && rest[0]) return { kind: 'version', name, version: rest[0] };
  return { kind: 'unknown' };
}
