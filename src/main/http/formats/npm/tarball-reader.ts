/**
 * Reads the few files npm metadata comes from (package.json and the README) out of a package
 * tarball (gzip-compressed ustar, as `npm pack` writes it) without unpacking it to disk. Entries are
 * parsed from the decompressed stream; only small text files are kept, everything else is skipped.
 */
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

export interface TarballFiles {
  /** The parsed package.json at the package root, if the tarball has one that parses. */
  readonly manifest?: Record<string, unknown>;
  /** The README at the package root (README, README.md, readme.markdown …). */
  readonly readme?: string;
}

const blockSize = 512;
/** Files kept are metadata; anything bigger is not what we are looking for. */
const maxKeptBytes = 4 * 1024 * 1024;

function cString(block: Buffer, start: number, length: number): string {
  const slice = block.subarray(start, start + length);
  const end = slice.indexOf(0);
  return slice.subarray(0, end < 0 ? slice.length : end).toString('utf8');
}

function octal(block: Buffer, start: number, length: number): number {
  const field = block.subarray(start, start + length);
  // GNU base-256 for sizes beyond 8 GiB: high bit of the first byte set.
  if ((field[0] ?? 0) & 0x80) {
    let value = 0;
    for (let i = 1; i < field.length; i += 1) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  const text = cString(block, start, length).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** The path inside the package: npm tarballs put everything under one top folder (usually `package/`). */
function packagePath(name: string): string | undefined {
  const slash = name.indexOf('/');
  return slash < 0 ? undefined : name.slice(slash + 1);
}

function wanted(innerPath: string): 'manifest' | 'readme' | undefined {
  if (innerPath === 'package.json') return 'manifest';
  if (/^readme(\.(md|markdown|txt|rst))?$/i.test(innerPath)) return 'readme';
  return undefined;
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space < 0) break;
    const length = Number.parseInt(data.subarray(offset, space).toString('ascii'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    offset += length;
  }
  return out;
}

export class TarballFormatError extends Error {}

/** Reads `source` (the .tgz bytes) to its end and returns the metadata files found. */
export async function readTarballFiles(source: Readable | Buffer): Promise<TarballFiles> {
  const gunzip = createGunzip();
  let pending: Buffer = Buffer.alloc(0);
  let skip = 0; // bytes of the current entry (plus padding) still to skip or collect
  let collecting:
    | { kind: 'manifest' | 'readme' | 'pax' | 'longname'; size: number; parts: Buffer[]; got: number }
    | undefined;
  let nextName: string | undefined;
  let ended = false;
  const found: { manifest?: Record<string, unknown>; readme?: string } = {};

  const finishEntry = (entry: NonNullable<typeof collecting>): void => {
    const data = Buffer.concat(entry.parts).subarray(0, entry.size);
    if (entry.kind === 'pax') nextName = parsePax(data).path ?? nextName;
    else if (entry.kind === 'longname') nextName = cString(data, 0, data.length);
    else if (entry.kind === 'manifest') {
      try {
        const parsed: unknown = JSON.parse(data.toString('utf8'));
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
          found.manifest = parsed as Record<string, unknown>;
        }
      } catch {
        // A package.json that does not parse gives no metadata; the publish still carries its own.
      }
    } else if (entry.kind === 'readme' && found.readme === undefined) found.readme = data.toString('utf8');
  };

  const consume = (chunk: Buffer): void => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (!ended) {
      if (skip > 0) {
        const take = Math.min(skip, pending.length);
        if (take === 0) return;
        if (collecting && collecting.got < collecting.size) {
          const part = pending.subarray(0, Math.min(take, collecting.size - collecting.got));
          collecting.parts.push(Buffer.from(part));
          collecting.got += part.length;
        }
        pending = pending.subarray(take);
        skip -= take;
        if (skip === 0 && collecting) {
          finishEntry(collecting);
          collecting = undefined;
        }
        continue;
      }
      if (pending.length < blockSize) return;
      const header = pending.subarray(0, blockSize);
      pending = pending.subarray(blockSize);
      if (header.every((byte) => byte === 0)) {
        ended = true;
        return;
      }
      const magic = cString(header, 257, 6);
      if (
        magic !== 'ustar' &&
        magic !== 'ustar ' &&
        !/^ustar/.test(header.subarray(257, 263).toString('latin1'))
      ) {
        // Old v7 archives have no magic; accept them if the checksum adds up.
        let sum = 0;
        for (let i = 0; i < blockSize; i += 1) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
        if (sum !== octal(header, 148, 8)) throw new TarballFormatError('the tarball is not a tar archive');
      }
      const size = octal(header, 124, 12);
      const type = String.fromCharCode(header[156] ?? 0x30);
      const prefix = cString(header, 345, 155);
      const baseName = cString(header, 0, 100);
      const name = nextName ?? (prefix ? `${prefix}/${baseName}` : baseName);
      const padded = Math.ceil(size / blockSize) * blockSize;
      skip = padded;
      if (type === 'x') collecting = { kind: 'pax', size, parts: [], got: 0 };
      else if (type === 'L') collecting = { kind: 'longname', size, parts: [], got: 0 };
      else {
        nextName = undefined;
        const inner = packagePath(name);
        const kind = (type === '0' || type === '\0') && inner !== undefined ? wanted(inner) : undefined;
        collecting = kind && size <= maxKeptBytes ? { kind, size, parts: [], got: 0 } : undefined;
      }
      if (type === 'g') collecting = undefined;
      if (skip === 0 && collecting) {
        finishEntry(collecting);
        collecting = undefined;
      }
    }
  };

  await new Promise<void>((resolve, reject) => {
    gunzip.on('data', (chunk: Buffer) => {
      try {
        consume(chunk);
      } catch (error) {
        gunzip.destroy();
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    gunzip.on('end', () => resolve());
    gunzip.on('error', (error) =>
      reject(new TarballFormatError(`the tarball is not valid gzip: ${error.message}`)),
    );
    if (Buffer.isBuffer(source)) gunzip.end(source);
    else {
      source.on('error', reject);
      source.pipe(gunzip);
    }
  });
  return found;
}
