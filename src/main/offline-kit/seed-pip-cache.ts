/**
 * pip's cache as a seed source. Three places hold distributions:
 * - `wheels/`: wheels pip built from sdists, as plain `.whl` files;
 * - `http-v2/`: cached HTTP responses, each a metadata file (`cc=4,` and a MessagePack map of the
 *   response's headers) beside a `.body` file with the bytes as downloaded;
 * - `http/` (older pips): the same MessagePack map with the body inside it.
 * Whatever is cached is recognised by its bytes: a zip holding `*.dist-info/METADATA` is a wheel, a
 * gzip tar (or zip) holding `<top>/PKG-INFO` an sdist; name and version come from that metadata,
 * never from the cache's file names (which are hashes). Index pages and other responses are passed
 * over. The file name a wheel is published under is rebuilt from its own `WHEEL` tags.
 * Symbolic links are never followed, so nothing outside the folder is read.
 */
import { createReadStream } from 'node:fs';
import { lstat, open, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import type * as Msgpack from '@msgpack/msgpack';
import type { SeedEntry } from '../../shared/seed';
import { blobSource, readArchiveFiles, type ArchiveFormat } from '../archives';
import { storeAssetBlob, type StoredBlob } from '../engine/assets/asset-blobs';
import type { EngineContext } from '../engine/context';
import { publishFormatVersion } from '../engine/package-versions/publish-format-version';
import { parseCoreMetadata } from '../http/formats/pypi/core-metadata';
import { isPlainFileName, normalisePypiName } from '../http/formats/pypi/pypi-names';
import { firstField, metadataFromFields } from '../http/formats/pypi/upload-metadata';
import { deferredModule } from '../deferred-require';
import { mapLimited } from './kit-work';
import { seedSkipped, seedVersion, type SeedCounter, type SeedTarget } from './seed-work';

const msgpack = deferredModule<typeof Msgpack>('@msgpack/msgpack');

const seedConcurrency = 4;
const maxDepth = 16;
/** A serialized response is read whole to decode it. */
const maxSerializedBytes = 512 * 1024 * 1024;
const serializedPrefix = Buffer.from('cc=4,');

export interface PipCacheFile {
  readonly path: string;
  /** `wheel`: a built wheel file; `body`: an http-v2 body; `serialized`: a response with its body inside. */
  readonly kind: 'wheel' | 'body' | 'serialized';
}

/** The files of pip's cache that may hold a distribution. */
export async function listPipCacheFiles(root: string): Promise<PipCacheFile[]> {
  const found: PipCacheFile[] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const path = join(folder, name);
      const info = await lstat(path).catch(() => undefined);
      if (info?.isDirectory() && depth < maxDepth) await walk(path, depth + 1);
      if (!info?.isFile()) continue;
      const top = relative(root, path).split(sep)[0];
      if (top === 'wheels' && name.endsWith('.whl')) found.push({ path, kind: 'wheel' });
      else if (top === 'http-v2' && name.endsWith('.body')) found.push({ path, kind: 'body' });
      else if (top === 'http-v2' || top === 'http') found.push({ path, kind: 'serialized' });
    }
  };
  await walk(root, 0);
  return found;
}

function isArchive(head: Uint8Array): ArchiveFormat | undefined {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
  return undefined;
}

async function headOf(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The body a serialized response holds, when it is a non-empty byte string. */
export function serializedBody(bytes: Buffer): Uint8Array | undefined {
  if (!bytes.subarray(0, serializedPrefix.length).equals(serializedPrefix)) return undefined;
  const decoded = msgpack().decode(bytes.subarray(serializedPrefix.length)) as {
    response?: { body?: unknown };
  } | null;
  const body = decoded?.response?.body;
  return body instanceof Uint8Array && body.length > 0 ? body : undefined;
}

/** The bytes to consider and their archive format; undefined for anything that is not an archive. */
async function contentOf(
  file: PipCacheFile,
): Promise<{ source: Readable; format: ArchiveFormat } | undefined> {
  if (file.kind === 'serialized') {
    const info = await lstat(file.path);
    if (info.size > maxSerializedBytes) return undefined;
    const body = serializedBody(await readFile(file.path));
    const format = body && isArchive(body);
    return body && format ? { source: Readable.from([Buffer.from(body)]), format } : undefined;
  }
  const format = isArchive(await headOf(file.path));
  return format ? { source: createReadStream(file.path), format } : undefined;
}

export interface Distribution {
  readonly kind: 'wheel' | 'sdist';
  readonly name: string;
  readonly version: string;
  readonly fields: ReturnType<typeof parseCoreMetadata>;
  /** The wheel's tags as its file name writes them (`py3-none-any`). */
  readonly tags?: string;
}

/** Compresses a wheel's `Tag:` lines into the file-name form (`py2.py3-none-any`). */
export function wheelTags(tagLines: readonly string[]): string | undefined {
  const parts: [string[], string[], string[]] = [[], [], []];
  for (const line of tagLines) {
    const pieces = line.split('-');
    if (pieces.length !== 3) return undefined;
    pieces.forEach((piece, index) => {
      const list = parts[index as 0 | 1 | 2];
      if (!list.includes(piece)) list.push(piece);
    });
  }
  return parts[0].length > 0 ? parts.map((list) => list.join('.')).join('-') : undefined;
}

/** What the stored archive is, from its own metadata; undefined when it is no distribution. */
async function distributionOf(ctx: EngineContext, blob: StoredBlob, format: ArchiveFormat, what: string) {
  const source = blobSource(ctx.store.blobs, blob.domain, blob.hashes.sha256, blob.hashes.size);
  const files = await readArchiveFiles(
    source,
    format,
    (entry) =>
      /^[^/]+\.dist-info\/(METADATA|WHEEL)$/.test(entry.path) || /^[^/]+\/PKG-INFO$/.test(entry.path),
    { what },
  );
  let metadata: string | undefined;
  let wheel: string | undefined;
  let pkgInfo: string | undefined;
  for (const [path, bytes] of files) {
    if (path.endsWith('/METADATA')) metadata ??= bytes.toString('utf8');
    else if (path.endsWith('/WHEEL')) wheel ??= bytes.toString('utf8');
    else pkgInfo ??= bytes.toString('utf8');
  }
  const kind =
    metadata !== undefined && format === 'zip' ? 'wheel' : pkgInfo !== undefined ? 'sdist' : undefined;
  const text = kind === 'wheel' ? metadata : pkgInfo;
  if (!kind || text === undefined) return undefined;
  const fields = parseCoreMetadata(text);
  const name = firstField(fields, 'name');
  const version = firstField(fields, 'version');
  if (!name || !version) return undefined;
  const tagLines = [...(wheel ?? '').matchAll(/^Tag:\s*(\S+)\s*$/gm)].map((match) => match[1] ?? '');
  const tags = kind === 'wheel' ? wheelTags(tagLines) : undefined;
  const distribution: Distribution = { kind, name, version, fields, ...(tags ? { tags } : {}) };
  return distribution;
}

/** The file name the distribution is published under. */
function fileNameOf(
  distribution: Distribution,
  format: ArchiveFormat,
  given: string | undefined,
): string | undefined {
  const escape = (text: string) => text.replace(/[-_.]+/g, '_');
  if (distribution.kind === 'wheel') {
    if (given) return given;
    return distribution.tags
      ? `${escape(distribution.name)}-${distribution.version.replace(/-/g, '_')}-${distribution.tags}.whl`
      : undefined;
  }
  return `${escape(distribution.name).toLowerCase()}-${distribution.version}.${format === 'zip' ? 'zip' : 'tar.gz'}`;
}

const namePattern = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const versionPattern = /^[A-Za-z0-9][A-Za-z0-9.+!_-]*$/;

async function seedFile(
  ctx: EngineContext,
  target: SeedTarget,
  root: string,
  file: PipCacheFile,
  seen: Set<string>,
): Promise<SeedEntry | undefined> {
  const shown = relative(root, file.path);
  let content;
  try {
    content = await contentOf(file);
  } catch (error) {
    return seedSkipped('pypi', shown, '', `${shown} cannot be read: ${(error as Error).message}`);
  }
  // Index pages, JSON and anything else that is not an archive is not a distribution.
  if (!content) return undefined;
  let blob: StoredBlob | undefined;
  try {
    blob = await storeAssetBlob(ctx, target.domain, content.source);
    if (seen.has(blob.hashes.sha256)) {
      await blob.release();
      return undefined;
    }
    seen.add(blob.hashes.sha256);
    const distribution = await distributionOf(ctx, blob, content.format, `The cached file ${shown}`);
    if (!distribution) {
      await blob.release();
      return seedSkipped('pypi', shown, '', `${shown} is an archive without wheel or sdist metadata`);
    }
    const given = file.kind === 'wheel' ? shown.split(sep).pop() : undefined;
    const fileName = fileNameOf(distribution, content.format, given);
    const { name, version } = distribution;
    const stem = given?.slice(0, -'.whl'.length).split('-');
    const problem = !namePattern.test(name)
      ? `'${name}' is not a valid project name`
      : !versionPattern.test(version)
        ? `'${version}' is not a valid version`
        : !fileName || !isPlainFileName(fileName)
          ? 'no file name can be made for it (its WHEEL file lists no tags)'
          : stem &&
              (normalisePypiName(stem[0] ?? '') !== normalisePypiName(name) ||
                stem[1] !== version.replace(/-/g, '_'))
            ? `the file is named ${given} but its metadata says ${name} ${version}`
            : undefined;
    if (problem || !fileName) {
      await blob.release();
      return seedSkipped('pypi', name, version, `${shown}: ${problem ?? 'unnamed'}`);
    }
    const stored = blob;
    blob = undefined;
    const pkg = { ...target, format: 'pypi' as const, package: name };
    const assets = [{ name: fileName, blob: stored }];
    return await seedVersion(ctx, {
      format: 'pypi',
      label: normalisePypiName(name),
      pkg,
      version,
      assets,
      publish: () =>
        publishFormatVersion(ctx, {
          ...pkg,
          version,
          assets,
          metadata: metadataFromFields(distribution.fields),
        }),
    });
  } catch (error) {
    await blob?.release();
    return seedSkipped(
      'pypi',
      shown,
      '',
      `${shown} is not a readable distribution: ${(error as Error).message}`,
    );
  }
}

export async function seedPipCache(
  ctx: EngineContext,
  target: SeedTarget,
  root: string,
  progress: SeedCounter,
): Promise<SeedEntry[]> {
  const files = await listPipCacheFiles(root);
  progress.grow(files.length);
  const seen = new Set<string>();
  const entries = await mapLimited(files, seedConcurrency, async (file) => {
    const entry = await seedFile(ctx, target, root, file, seen);
    progress.finish(
      entry ? `${entry.name}${entry.version ? ` ${entry.version}` : ''}` : relative(root, file.path),
    );
    return entry;
  });
  return entries.filter((entry): entry is SeedEntry => entry !== undefined);
}
