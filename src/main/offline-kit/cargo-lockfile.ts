/**
 * The crates of a `Cargo.lock` (read with smol-toml): every `[[package]]` from a registry
 * (`registry+URL` or `sparse+URL`) with its `checksum`, the crate's SHA-256. Version 1 lockfiles keep
 * checksums in `[metadata]` as `"checksum NAME VERSION (SOURCE)" = "HEX"`; those are read too.
 * Packages from git or without a source (workspace members, path dependencies) are listed as
 * skipped with the reason: Cargo takes them from the repository or the project itself.
 */
import { parse } from 'smol-toml';
import { ValidationException } from '../engine/errors';
import { isCrateName, isCrateVersion } from '../http/formats/cargo/cargo-names';

export interface LockedCrate {
  readonly name: string;
  readonly version: string;
  /** The crate file's SHA-256 (lower-case hex), when the lockfile gives one. */
  readonly checksum?: string;
}

export interface SkippedCrate {
  readonly name: string;
  readonly version: string;
  readonly reason: string;
}

export interface CargoLockContents {
  readonly crates: LockedCrate[];
  readonly skipped: SkippedCrate[];
}

const sha256Pattern = /^[0-9a-f]{64}$/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Checksums of a version 1 lockfile, keyed `NAME VERSION (SOURCE)`. */
function metadataChecksums(document: Record<string, unknown>): Map<string, string> {
  const checksums = new Map<string, string>();
  const metadata = document.metadata;
  if (typeof metadata !== 'object' || metadata === null) return checksums;
  for (const [key, value] of Object.entries(metadata)) {
    if (key.startsWith('checksum ') && typeof value === 'string')
      checksums.set(key.slice('checksum '.length), value.toLowerCase());
  }
  return checksums;
}

export function readCargoLock(fileName: string, content: string): CargoLockContents {
  let document: Record<string, unknown>;
  try {
    document = parse(content);
  } catch (error) {
    throw new ValidationException(`${fileName} is not valid TOML: ${(error as Error).message}`);
  }
  const packages = document.package;
  if (packages !== undefined && !Array.isArray(packages))
    throw new ValidationException(`${fileName} is not a Cargo.lock: 'package' is not an array of tables.`);
  const fromMetadata = metadataChecksums(document);
  const crates: LockedCrate[] = [];
  const skipped: SkippedCrate[] = [];
  const seen = new Set<string>();
  for (const entry of (packages ?? []) as unknown[]) {
    const record = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    const name = text(record.name) ?? '';
    const version = text(record.version) ?? '';
    const source = text(record.source);
    if (source === undefined) {
      skipped.push({ name, version, reason: 'no source: a workspace member or path dependency' });
      continue;
    }
    if (!source.startsWith('registry+') && !source.startsWith('sparse+')) {
      const kind = source.startsWith('git+') ? 'a git dependency' : 'not from a registry';
      skipped.push({ name, version, reason: `${kind} (${source}), which Cargo fetches itself` });
      continue;
    }
    if (!isCrateName(name) || !isCrateVersion(version)) {
      skipped.push({ name, version, reason: 'not a valid crate name and SemVer version' });
      continue;
    }
    const key = `${name.toLowerCase()} ${version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const checksum = (
      text(record.checksum) ?? fromMetadata.get(`${name} ${version} (${source})`)
    )?.toLowerCase();
    if (checksum !== undefined && !sha256Pattern.test(checksum)) {
      skipped.push({ name, version, reason: `its checksum '${checksum}' is not a SHA-256` });
      continue;
    }
    crates.push({ name, version, ...(checksum !== undefined ? { checksum } : {}) });
  }
  return { crates, skipped };
}
