/**
 * Builders of tar and zip bytes for tests, including what no well-behaved tool writes: names with
 * `..` or absolute paths, links out of the archive, lying sizes, overlapping zip entries, huge
 * extended headers. Kept to the fields the readers look at.
 */
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

export interface TarEntrySpec {
  name: string;
  body?: Buffer | string;
  /** '0' file (default), '2' symlink, '1' hard link, '5' directory, '3' char device, 'x' pax, 'L' GNU long name. */
  type?: string;
  linkname?: string;
  /** Overrides the size written in the header (a lie). */
  size?: number;
}

function octalField(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

function tarHeader(entry: TarEntrySpec, size: number): Buffer {
  const header = Buffer.alloc(512);
  header.write(entry.name.slice(0, 100), 0, 'utf8');
  header.write(octalField(0o644, 8), 100, 'ascii');
  header.write(octalField(0, 8), 108, 'ascii');
  header.write(octalField(0, 8), 116, 'ascii');
  header.write(octalField(size, 12), 124, 'ascii');
  header.write(octalField(0, 12), 136, 'ascii');
  header.write(entry.type ?? '0', 156, 'ascii');
  if (entry.linkname) header.write(entry.linkname.slice(0, 100), 157, 'utf8');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(octalField(sum, 7) + ' ', 148, 'ascii');
  return header;
}

/** A tar archive of `entries`, ended by two zero blocks. */
export function tarOf(entries: readonly TarEntrySpec[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.isBuffer(entry.body) ? entry.body : Buffer.from(entry.body ?? '', 'utf8');
    parts.push(tarHeader(entry, entry.size ?? body.length), body);
    const padding = (512 - (body.length % 512)) % 512;
    parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function tgzOf(entries: readonly TarEntrySpec[]): Buffer {
  return gzipSync(tarOf(entries));
}

/** A pax record block setting `path` (or any key). */
export function paxBody(records: Record<string, string>): string {
  return Object.entries(records)
    .map(([key, value]) => {
      const text = ` ${key}=${value}\n`;
      let length = text.length;
      while (String(length).length + text.length !== length) length = String(length).length + text.length;
      return `${length}${text}`;
    })
    .join('');
}

export interface ZipEntrySpec {
  name: string;
  body?: Buffer | string;
  deflate?: boolean;
  /** Unix mode written in the external attributes (0o120777 makes a symlink). */
  mode?: number;
  /** Overrides the uncompressed size in the headers (a lie). */
  size?: number;
  /** Overrides the CRC-32 in the headers (a lie). */
  crc?: number;
  /** Points this entry's central record at another entry's local header (overlap). */
  shareDataWith?: number;
}

/** A zip archive of `entries` (no zip64). */
export function zipOf(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  const offsets: number[] = [];
  const records: { crc: number; compressed: number; size: number; method: number }[] = [];
  let offset = 0;
  entries.forEach((entry, index) => {
    const raw = Buffer.isBuffer(entry.body) ? entry.body : Buffer.from(entry.body ?? '', 'utf8');
    const data = entry.deflate ? deflateRawSync(raw) : raw;
    const name = Buffer.from(entry.name, 'utf8');
    const record = {
      crc: entry.crc ?? crc32(raw),
      compressed: data.length,
      size: entry.size ?? raw.length,
      method: entry.deflate ? 8 : 0,
    };
    const shared = entry.shareDataWith;
    if (shared !== undefined) {
      offsets.push(offsets[shared] ?? 0);
      records.push(records[shared] ?? record);
    } else {
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0800, 6);
      local.writeUInt16LE(record.method, 8);
      local.writeUInt32LE(record.crc, 14);
      local.writeUInt32LE(record.compressed, 18);
      local.writeUInt32LE(record.size, 22);
      local.writeUInt16LE(name.length, 26);
      offsets.push(offset);
      records.push(record);
      locals.push(local, name, data);
      offset += local.length + name.length + data.length;
    }
    const use = records[index] ?? record;
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | 20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(use.method, 10);
    header.writeUInt32LE(use.crc, 16);
    header.writeUInt32LE(use.compressed, 20);
    header.writeUInt32LE(entry.size ?? use.size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(((entry.mode ?? 0o100644) << 16) >>> 0, 38);
    header.writeUInt32LE(offsets[index] ?? 0, 42);
    central.push(header, name);
  });
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}
