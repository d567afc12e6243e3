/**
 * Package archives, read in one place: tar, tar.gz and zip from untrusted uploads and upstreams.
 *
 * Every read enforces the same rules (archive-limits.ts), whatever the format: at most
 * `maxEntries` entries; at most `maxTotalBytes` uncompressed and no more than `maxRatio` times the
 * compressed size (decompression bombs); entry names relative, without `..`, NUL or a drive, at most
 * `maxPathBytes`; links only to places inside the archive; no devices or FIFOs; extended tar headers
 * at most `maxHeaderBytes`. A broken or hostile archive is an ArchiveError, a 400 ValidationException
 * naming the archive (`what`) and the reason. Nothing is ever written to disk.
 *
 * API:
 *   walkArchive(source, format, visit, options?)
 *     Visits every entry in archive order: visit(entry, body), where entry is {path, type: 'file' |
 *     'directory' | 'symlink' | 'hardlink', size, linkTarget?} and body an AsyncIterable<Buffer> of
 *     the entry's bytes (read it, pipe it into the blob store, or feed it to walkArchive again for a
 *     nested archive; what is left unread is skipped). The next entry waits for the visit's promise.
 *   readArchiveFiles(source, format, pick, options?) → Map<path, Buffer>
 *     The bytes of the files `pick(entry)` accepts, each at most `maxFileBytes` (default 4 MiB;
 *     bigger ones are left out), after checking the whole archive.
 *   readEntryBytes(body, maxBytes, what) → Buffer       one entry's bytes, refused past maxBytes
 *   gunzipBytes(bytes, maxBytes, what) → Buffer          a small gzip member (a .gem's metadata.gz)
 *   blobSource(blobs, domain, sha256, size) → ArchiveSource   a stored blob with random access
 *
 * Sources: a Buffer; an AsyncIterable of bytes (a request, a blob stream: tar formats stream it,
 * zip holds it in memory up to `maxBufferedZipBytes`); or a RandomAccessSource (zip reads only its
 * central directory and the entries visited).
 *
 * Formats: 'tar' (plain), 'tar.gz' (gzip; npm .tgz, sdists, .crate, a .gem's data.tar.gz) and 'zip'
 * (wheels, .nupkg, Swift source archives). A .gem is a 'tar' whose metadata.gz is read with
 * readEntryBytes + gunzipBytes and whose data.tar.gz is walked as a nested 'tar.gz'.
 */
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import {
  ArchiveError,
  ArchiveTracker,
  defaultArchiveLimits,
  type ArchiveEntry,
  type ArchiveLimits,
} from './archive-limits';
import { walkTar, type EntryVisitor } from './tar-reader';
import { walkZip, type RandomAccessSource } from './zip-reader';

export { ArchiveError, defaultArchiveLimits };
export type { ArchiveEntry, ArchiveLimits, EntryVisitor, RandomAccessSource };

export type ArchiveFormat = 'tar' | 'tar.gz' | 'zip';
export type ArchiveSource = Buffer | AsyncIterable<Uint8Array> | RandomAccessSource;

export interface ArchiveReadOptions {
  /** Names the archive in errors: "The wheel 'x.whl'", "The attached tarball". */
  readonly what?: string;
  readonly limits?: Partial<ArchiveLimits>;
}

function isRandomAccess(source: ArchiveSource): source is RandomAccessSource {
  // Streams have a read() too; a random-access source is the one that is not iterable.
  return !Buffer.isBuffer(source) && !(Symbol.asyncIterator in source);
}

function streamOf(source: ArchiveSource): AsyncIterable<Uint8Array> {
  if (Buffer.isBuffer(source)) return Readable.from([source]);
  if (isRandomAccess(source)) return source.read(0, source.size);
  return source;
}

async function bufferZip(source: AsyncIterable<Uint8Array>, tracker: ArchiveTracker): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > tracker.limits.maxBufferedZipBytes)
      throw tracker.error(`it is larger than ${tracker.limits.maxBufferedZipBytes} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** Visits every entry of the archive in order; see the module comment. */
export async function walkArchive(
  source: ArchiveSource,
  format: ArchiveFormat,
  visit: EntryVisitor,
  options: ArchiveReadOptions = {},
): Promise<void> {
  const tracker = new ArchiveTracker(
    { ...defaultArchiveLimits, ...options.limits },
    options.what ?? 'The archive',
  );
  if (format !== 'zip')
    return walkTar(Buffer.isBuffer(source) ? source : streamOf(source), format === 'tar.gz', tracker, visit);
  // A small zip costs less read once than in the many small ranges yauzl asks for.
  const zip = Buffer.isBuffer(source)
    ? source
    : isRandomAccess(source) && source.size > tracker.limits.wholeZipBytes
      ? source
      : await bufferZip(streamOf(source), tracker);
  return walkZip(zip, tracker, visit);
}

/** One entry's bytes, refused past `maxBytes`. */
export async function readEntryBytes(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
  what: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw new ArchiveError(what, `it is larger than ${maxBytes} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** Inflates a small gzip member held in memory, refused past `maxBytes` inflated. */
export function gunzipBytes(bytes: Buffer, maxBytes: number, what: string): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new ArchiveError(what, `it inflates to more than ${maxBytes} bytes`);
    throw new ArchiveError(what, `it is not valid gzip (${(error as Error).message})`);
  }
}

export interface ReadFilesOptions extends ArchiveReadOptions {
  /** Files bigger than this are left out (default 4 MiB): what is kept is metadata. */
  readonly maxFileBytes?: number;
}

/** The bytes of the files `pick` accepts, by normalised path; the whole archive is checked. */
export async function readArchiveFiles(
  source: ArchiveSource,
  format: ArchiveFormat,
  pick: (entry: ArchiveEntry) => boolean,
  options: ReadFilesOptions = {},
): Promise<Map<string, Buffer>> {
  const maxFileBytes = options.maxFileBytes ?? 4 * 1024 * 1024;
  const files = new Map<string, Buffer>();
  await walkArchive(
    source,
    format,
    async (entry, body) => {
      if (entry.type !== 'file' || entry.size > maxFileBytes || files.has(entry.path) || !pick(entry)) return;
      files.set(entry.path, await readEntryBytes(body, maxFileBytes, options.what ?? 'The archive'));
    },
    options,
  );
  return files;
}

/** A stored blob as a random-access source. */
export function blobSource(
  blobs: { open(domain: string, sha256: string, range?: { start: number; end: number }): Readable },
  domain: string,
  sha256: string,
  size: number,
): RandomAccessSource {
  return {
    size,
    read: (start, end) => blobs.open(domain, sha256, { start, end }),
  };
}
