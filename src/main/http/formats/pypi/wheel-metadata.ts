/**
 * Reads the core metadata (`*.dist-info/METADATA`) out of a wheel: a small reader of the zip central
 * directory (no zip64; wheels that need it are far larger than anything read here) and a parser of
 * the RFC 822 style metadata file into the same fields an upload form carries, so versions fetched
 * through an external connection get a summary, licence, home page, dependencies and readme too.
 */
import { inflateRawSync } from 'node:zlib';
import type { FormFields } from './upload-metadata';

const maxMetadataBytes = 4 * 1024 * 1024;

/** The bytes of the first entry whose name satisfies `wanted`, or undefined. */
export function readZipEntry(zip: Buffer, wanted: (name: string) => boolean): Buffer | undefined {
  const eocdMin = 22;
  let eocd = -1;
  for (let at = zip.length - eocdMin; at >= Math.max(0, zip.length - eocdMin - 0xffff); at--) {
    if (zip.readUInt32LE(at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let index = 0; index < entries; index++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return undefined;
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    at += 46 + nameLength + extraLength + commentLength;
    if (!wanted(name)) continue;
    if (size > maxMetadataBytes || local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50)
      return undefined;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    if (data.length !== compressed) return undefined;
    if (method === 0) return data;
    if (method === 8) return inflateRawSync(data, { maxOutputLength: maxMetadataBytes });
    return undefined;
  }
  return undefined;
}

const fieldNames: Readonly<Record<string, string>> = {
  name: 'name',
  version: 'version',
  summary: 'summary',
  'home-page': 'home_page',
  license: 'license',
  'license-expression': 'license_expression',
  classifier: 'classifiers',
  'requires-dist': 'requires_dist',
  'requires-python': 'requires_python',
  'project-url': 'project_urls',
  description: 'description',
};

/** Parses METADATA / PKG-INFO into upload-form field names; the body after the headers is the description. */
export function parseCoreMetadata(text: string): FormFields {
  const fields = new Map<string, string[]>();
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let index = 0;
  let last: { key: string; values: string[] } | undefined;
  for (; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line === '') break;
    if (/^[ \t]/.test(line) && last) {
      const previous = last.values.pop() ?? '';
      // Description continuation lines carry an 8-space (or "       |") indent.
      last.values.push(`${previous}\n${line.replace(/^ {7}\|| {8}|\t/, '')}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = fieldNames[line.slice(0, colon).trim().toLowerCase()];
    if (!key) {
      last = undefined;
      continue;
    }
    const values = fields.get(key) ?? [];
    values.push(line.slice(colon + 1).trim());
    fields.set(key, values);
    last = { key, values };
  }
  const body = lines
    .slice(index + 1)
    .join('\n')
    .trim();
  if (body !== '' && !fields.has('description')) fields.set('description', [body]);
  return fields;
}

/** The core metadata of a wheel held in memory, or undefined when it has none readable. */
export function wheelCoreMetadata(wheel: Buffer): FormFields | undefined {
  try {
    const metadata = readZipEntry(wheel, (name) => /^[^/]+\.dist-info\/METADATA$/.test(name));
    return metadata ? parseCoreMetadata(metadata.toString('utf8')) : undefined;
  } catch {
    return undefined;
  }
}
