/**
 * The files npm metadata comes from (package.json and the README at the package root) out of a
 * package tarball (gzip-compressed tar, as `npm pack` writes it), read through the shared archive
 * reader: the whole tarball is checked against its limits and nothing is unpacked to disk.
 */
import { readArchiveFiles, type ArchiveSource } from '../../../archives';

export interface TarballFiles {
  /** The parsed package.json at the package root, if the tarball has one that parses. */
  readonly manifest?: Record<string, unknown>;
  /** The README at the package root (README, README.md, readme.markdown …). */
  readonly readme?: string;
}

/** The path inside the package: npm tarballs put everything under one top folder (usually `package/`). */
function packagePath(path: string): string | undefined {
  const slash = path.indexOf('/');
  return slash < 0 ? undefined : path.slice(slash + 1);
}

const readmeName = /^readme(\.(md|markdown|txt|rst))?$/i;

function parseManifest(bytes: Buffer | undefined): Record<string, unknown> | undefined {
  if (!bytes) return undefined;
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    // A package.json that does not parse gives no metadata; the publish still carries its own.
    return undefined;
  }
}

/**
 * Reads the tarball to its end and returns the metadata files found; a tarball that is not a
 * readable, safe archive is an ArchiveError (400) naming `what`.
 */
export async function readTarballFiles(
  source: ArchiveSource,
  what = 'The package tarball',
): Promise<TarballFiles> {
  const files = await readArchiveFiles(
    source,
    'tar.gz',
    (entry) => {
      const inner = packagePath(entry.path);
      return inner !== undefined && (inner === 'package.json' || readmeName.test(inner));
    },
    { what },
  );
  let manifestBytes: Buffer | undefined;
  let readme: string | undefined;
  for (const [path, bytes] of files) {
    const inner = packagePath(path) ?? '';
    if (inner === 'package.json') manifestBytes ??= bytes;
    else readme ??= bytes.toString('utf8');
  }
  const manifest = parseManifest(manifestBytes);
  return { ...(manifest ? { manifest } : {}), ...(readme !== undefined ? { readme } : {}) };
}
