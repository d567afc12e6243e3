/**
 * PyPI naming: which project and version a distribution file name carries (wheels per the binary
 * distribution format, sdists as `{name}-{version}.tar.gz` or `.zip`), and which files are
 * distributions at all.
 */
import { normalisePypiName } from '../../../engine/packages/package-coordinates';

export { normalisePypiName };

const sdistSuffixes = ['.tar.gz', '.zip', '.tar.bz2', '.tgz', '.tar.xz', '.tar'];

export type DistributionKind = 'wheel' | 'sdist' | 'egg';

export function distributionKind(filename: string): DistributionKind | undefined {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.whl')) return 'wheel';
  if (lower.endsWith('.egg')) return 'egg';
  return sdistSuffixes.some((suffix) => lower.endsWith(suffix)) ? 'sdist' : undefined;
}

/** A file name that is safe to store and put in a URL: no separators, no control characters. */
export function isPlainFileName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    name !== '.' &&
    name !== '..' &&
    !/[/\\]/.test(name) &&
    [...name].every((char) => (char.codePointAt(0) ?? 0) >= 0x20 && char !== '\u007f')
  );
}

/**
 * The version a distribution of `project` (normalised) carries in its file name, or undefined when
 * the file does not name that project. Sdist names may themselves contain '-', so the version is what
 * follows the prefix that normalises to the project name.
 */
export function versionFromFilename(project: string, filename: string): string | undefined {
  const kind = distributionKind(filename);
  if (!kind) return undefined;
  if (kind === 'wheel' || kind === 'egg') {
    const [name, version] = filename.slice(0, -4).split('-');
    return name !== undefined && version && normalisePypiName(name) === project ? version : undefined;
  }
  const suffix = sdistSuffixes.find((candidate) => filename.toLowerCase().endsWith(candidate)) ?? '';
  const stem = filename.slice(0, filename.length - suffix.length);
  for (let at = stem.indexOf('-'); at > 0; at = stem.indexOf('-', at + 1)) {
    if (normalisePypiName(stem.slice(0, at)) === project) {
      const version = stem.slice(at + 1);
      return version !== '' ? version : undefined;
    }
  }
  return undefined;
}
