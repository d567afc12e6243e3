/**
 * The limits every archive read obeys, whatever its format, and the one error a broken or hostile
 * archive produces. A caller names the archive (`what`, e.g. "The wheel 'x.whl'") and may tighten or
 * widen a limit; the tracker applies them entry by entry, before any entry's bytes are read.
 */
import { ValidationException } from '../engine/errors';

export interface ArchiveLimits {
  /** Entries of any type (files, directories, links). */
  readonly maxEntries: number;
  /** Sum of the entries' uncompressed sizes. */
  readonly maxTotalBytes: number;
  /** Uncompressed bytes per compressed byte, checked once `ratioFloorBytes` have been inflated. */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
  /** An entry's path, or a link's target, in UTF-8 bytes. */
  readonly maxPathBytes: number;
  /** Extended headers (tar pax and GNU long names); zip's are bounded by the format. */
  readonly maxHeaderBytes: number;
  /** A zip that does not come with random access is held in memory up to this size. */
  readonly maxBufferedZipBytes: number;
  /** A random-access zip up to this size is read whole: cheaper than the many small ranges. */
  readonly wholeZipBytes: number;
}

export const defaultArchiveLimits: ArchiveLimits = {
  maxEntries: 100_000,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 64 * 1024 * 1024,
  maxPathBytes: 4096,
  maxHeaderBytes: 64 * 1024,
  maxBufferedZipBytes: 256 * 1024 * 1024,
  wholeZipBytes: 8 * 1024 * 1024,
};

/** An archive that cannot be read safely: a 400 naming the archive and the reason. */
export class ArchiveError extends ValidationException {
  constructor(what: string, reason: string) {
    super(`${what} cannot be read: ${reason}.`);
  }
}

export type ArchiveEntryType = 'file' | 'directory' | 'symlink' | 'hardlink';

export interface ArchiveEntry {
  /** Relative, `/`-separated, without `./`, trailing `/` or `..`; checked against the rules below. */
  readonly path: string;
  readonly type: ArchiveEntryType;
  /** Uncompressed size in bytes (0 for directories and links). */
  readonly size: number;
  /** Where a link points, as written in the archive; always inside the archive. */
  readonly linkTarget?: string;
}

function segmentsOf(raw: string): string[] {
  // Backslashes count as separators for the checks, so a name cannot escape on Windows either.
  return raw.split(/[/\\]/);
}

/** The normalised path of `raw`, or the rule it breaks. */
export function checkEntryPath(raw: string, limits: ArchiveLimits): string | { broken: string } {
  if (Buffer.byteLength(raw, 'utf8') > limits.maxPathBytes)
    return { broken: `an entry name is longer than ${limits.maxPathBytes} bytes` };
  if (raw.includes('\0')) return { broken: 'an entry name contains a NUL character' };
  if (/^[/\\]/.test(raw) || /^[A-Za-z]:/.test(raw))
    return { broken: `the entry '${raw}' has an absolute path` };
  const segments = segmentsOf(raw).filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return { broken: `the entry '${raw}' reaches outside the archive ('..')` };
  if (segments.length === 0) return { broken: 'an entry has an empty name' };
  return segments.join('/');
}

/** Whether a link at `path` pointing at `target` stays inside the archive. */
export function linkStaysInside(path: string, target: string, type: 'symlink' | 'hardlink'): boolean {
  if (target === '' || target.includes('\0') || /^[/\\]/.test(target) || /^[A-Za-z]:/.test(target))
    return false;
  // A symlink resolves from its own folder, a hard link from the archive's root.
  const resolved = type === 'symlink' ? segmentsOf(path).slice(0, -1) : [];
  for (const segment of segmentsOf(target)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (resolved.length === 0) return false;
      resolved.pop();
    } else resolved.push(segment);
  }
  return true;
}

/** Counts what an archive has shown so far and refuses it as soon as a limit is passed. */
export class ArchiveTracker {
  private entries = 0;
  private declaredBytes = 0;

  constructor(
    readonly limits: ArchiveLimits,
    readonly what: string,
  ) {}

  error(reason: string): ArchiveError {
    return new ArchiveError(this.what, reason);
  }

  /** Checks one entry's header; returns it normalised. */
  entry(rawPath: string, type: ArchiveEntryType, size: number, linkTarget?: string): ArchiveEntry {
    this.entries += 1;
    if (this.entries > this.limits.maxEntries)
      throw this.error(`it has more than ${this.limits.maxEntries} entries`);
    const path = checkEntryPath(rawPath, this.limits);
    if (typeof path !== 'string') throw this.error(path.broken);
    if (!Number.isSafeInteger(size) || size < 0) throw this.error(`the entry '${path}' has an invalid size`);
    this.declaredBytes += size;
    if (this.declaredBytes > this.limits.maxTotalBytes)
      throw this.error(`its entries hold more than ${this.limits.maxTotalBytes} bytes uncompressed`);
    if (type === 'symlink' || type === 'hardlink') {
      const target = linkTarget ?? '';
      if (Buffer.byteLength(target, 'utf8') > this.limits.maxPathBytes)
        throw this.error(`the link '${path}' has a target longer than ${this.limits.maxPathBytes} bytes`);
      if (!linkStaysInside(path, target, type))
        throw this.error(`the link '${path}' points outside the archive ('${target}')`);
      return { path, type, size, linkTarget: target };
    }
    return { path, type, size };
  }

  /** Checks the inflation so far: `inflated` bytes out of `compressed` bytes read. */
  inflation(inflated: number, compressed: number): void {
    if (inflated > this.limits.maxTotalBytes + 1024 * 1024)
      throw this.error(`it inflates to more than ${this.limits.maxTotalBytes} bytes`);
    if (inflated > this.limits.ratioFloorBytes && inflated > compressed * this.limits.maxRatio)
      throw this.error(
        `it inflates more than ${this.limits.maxRatio} times its compressed size (a decompression bomb)`,
      );
  }
}
