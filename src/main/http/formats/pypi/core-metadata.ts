/**
 * The core metadata of a distribution: a wheel's `*.dist-info/METADATA`, an sdist's top-level
 * `PKG-INFO` (tar.gz or zip) or an egg's `EGG-INFO/PKG-INFO`, read through the shared archive reader
 * (which checks the whole archive against its limits), and parsed from its RFC 822 style into the
 * same fields an upload form carries. Uploads and versions fetched through an external connection
 * get their summary, licence, home page, dependencies and readme from it.
 */
import { readArchiveFiles, type ArchiveFormat, type ArchiveSource } from '../../../archives';
import { createHash } from 'node:crypto';
import type { StoredBlob } from '../../../engine/assets/asset-blobs';
import { distributionKind } from './pypi-names';
import type { FormFields } from './upload-metadata';

export const maxMetadataBytes = 4 * 1024 * 1024;

/** The blob_facts kind of a wheel: the SHA-256 (hex) of its METADATA file. */
export const coreMetadataFact = 'pypi-core-metadata';

/** The suffix of a metadata file's URL after its distribution's. */
export const metadataSuffix = '.metadata';

/** Whether a distribution file gets a metadata file of its own: wheels (as the public index does). */
export function hasMetadataFile(filename: string): boolean {
  return distributionKind(filename) === 'wheel';
}

/** `blob` with the SHA-256 of its METADATA recorded, when it is a wheel whose METADATA was read. */
export function withMetadataFact(
  blob: StoredBlob,
  filename: string,
  metadata: Buffer | undefined,
): StoredBlob {
  if (!metadata || !hasMetadataFile(filename)) return blob;
  const sha256 = createHash('sha256').update(metadata).digest('hex');
  return { ...blob, facts: { ...blob.facts, [coreMetadataFact]: sha256 } };
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

/** Where a distribution keeps its metadata file, by archive format; undefined for formats not read. */
function metadataLocation(
  filename: string,
): { format: ArchiveFormat; isMetadata: (path: string) => boolean } | undefined {
  const lower = filename.toLowerCase();
  switch (distributionKind(filename)) {
    case 'wheel':
      return { format: 'zip', isMetadata: (path) => /^[^/]+\.dist-info\/METADATA$/.test(path) };
    case 'egg':
      return { format: 'zip', isMetadata: (path) => path === 'EGG-INFO/PKG-INFO' };
    case 'sdist': {
      const isMetadata = (path: string): boolean => /^[^/]+\/PKG-INFO$/.test(path);
      if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return { format: 'tar.gz', isMetadata };
      if (lower.endsWith('.zip')) return { format: 'zip', isMetadata };
      if (lower.endsWith('.tar')) return { format: 'tar', isMetadata };
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The core metadata file of the distribution `filename` whose bytes `source` holds, as the archive
 * holds it; undefined when the archive has none (or is a kind not read, such as .tar.bz2). A broken
 * or hostile archive is an ArchiveError (400) naming the file.
 */
export async function coreMetadataFile(source: ArchiveSource, filename: string): Promise<Buffer | undefined> {
  const location = metadataLocation(filename);
  if (!location) return undefined;
  const files = await readArchiveFiles(source, location.format, (entry) => location.isMetadata(entry.path), {
    what: `The distribution '${filename}'`,
    maxFileBytes: maxMetadataBytes,
  });
  const [metadata] = files.values();
  return metadata;
}

/** The core metadata of the distribution `filename`, parsed (see coreMetadataFile). */
export async function distributionMetadata(
  source: ArchiveSource,
  filename: string,
): Promise<FormFields | undefined> {
  const metadata = await coreMetadataFile(source, filename);
  return metadata ? parseCoreMetadata(metadata.toString('utf8')) : undefined;
}

/**
 * The upload's metadata: what the form says, with every field the form leaves out taken from the
 * file's own metadata (clients other than twine may send only name and version).
 */
export function withFileMetadata(form: FormFields, file: FormFields | undefined): FormFields {
  if (!file) return form;
  const merged = new Map(form);
  for (const [key, values] of file) {
    if (!merged.get(key)?.some((value) => value.trim() !== '')) merged.set(key, values);
  }
  return merged;
}
