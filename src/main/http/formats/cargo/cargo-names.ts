/**
 * Crate names and versions as Cargo registries accept them, and where a crate's file lives in a
 * sparse index: `1/{name}`, `2/{name}`, `3/{first letter}/{name}`, else `{ab}/{cd}/{name}` from the
 * first four letters, all lower-case.
 */

/** ASCII letters, digits, `-` and `_`, starting with a letter, at most 64 characters. */
const crateNamePattern = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** SemVer 2.0.0, build metadata allowed. */
const semverPattern =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

export function isCrateName(name: unknown): name is string {
  return typeof name === 'string' && crateNamePattern.test(name);
}

export function isCrateVersion(version: unknown): version is string {
  return typeof version === 'string' && version.length <= 256 && semverPattern.test(version);
}

/** The folder of a crate's index file (Cargo's `{prefix}`), from the name as given. */
export function indexPrefixOf(name: string): string {
  if (name.length <= 2) return `${name.length}`;
  if (name.length === 3) return `3/${name[0]}`;
  return `${name.slice(0, 2)}/${name.slice(2, 4)}`;
}

/** The index file path of a crate, relative to the index root. */
export function indexPathOf(name: string): string {
  const lower = name.toLowerCase();
  return `${indexPrefixOf(lower)}/${lower}`;
}

/** The crate an index file path names, or undefined when the path is not one. */
export function crateOfIndexPath(path: string): string | undefined {
  const parts = path.split('/');
  const name = parts[parts.length - 1] ?? '';
  if (!isCrateName(name)) return undefined;
  return indexPathOf(name) === path.toLowerCase() ? name : undefined;
}

/** The file name a crate version is stored and downloaded under. */
export function crateFileName(name: string, version: string): string {
  return `${name}-${version}.crate`;
}
