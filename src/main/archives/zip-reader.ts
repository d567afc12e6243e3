/**
 * zip through yauzl, reading the central directory with random access (a blob file is never loaded
 * whole) and inflating only the entries a visitor reads. Declared sizes are checked against the
 * limits before an entry is opened, and yauzl checks that an entry inflates to exactly its declared
 * size, so overlapping-entry and oversized-entry bombs stop before they cost anything. An entry read
 * to its end is checked against its recorded CRC-32 (yauzl does not check it).
 */
import { Readable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';
import type yauzlModule from 'yauzl';
import { deferredModule } from '../deferred-require';
import type { ArchiveEntryType, ArchiveTracker } from './archive-limits';
import type { EntryVisitor } from './tar-reader';

/** Random access to the archive's bytes (a stored blob, a file). */
export interface RandomAccessSource {
  readonly size: number;
  /** The bytes from `start` (inclusive) to `end` (exclusive). */
  read(start: number, end: number): Readable;
}

const yauzl = deferredModule<typeof yauzlModule>('yauzl');

type SourceReaderClass = new (source: RandomAccessSource) => yauzlModule.RandomAccessReader;
let sourceReaderClass: SourceReaderClass | undefined;

/** yauzl's random-access reader over a blob read in ranges (the class is made once yauzl is loaded). */
function sourceReader(source: RandomAccessSource): yauzlModule.RandomAccessReader {
  sourceReaderClass ??= class SourceReader extends yauzl().RandomAccessReader {
    constructor(private readonly source: RandomAccessSource) {
      super();
    }
    override _readStreamForRange(start: number, end: number): Readable {
      return this.source.read(start, end);
    }
  };
  return new sourceReaderClass(source);
}

const symlinkMode = 0o120000;
const fileTypeMask = 0o170000;
const unixHost = 3;

function entryType(entry: yauzlModule.Entry): ArchiveEntryType {
  if (entry.fileName.endsWith('/')) return 'directory';
  const mode = (entry.externalFileAttributes >>> 16) & fileTypeMask;
  return entry.versionMadeBy >> 8 === unixHost && mode === symlinkMode ? 'symlink' : 'file';
}

type MemoryReaderClass = new (bytes: Buffer) => yauzlModule.RandomAccessReader;
let memoryReaderClass: MemoryReaderClass | undefined;

/**
 * yauzl's random-access reader over an archive held in memory. yauzl's own buffer reader answers
 * each read (the end record, each central-directory entry, each local header) after a turn of the
 * event loop, a dozen turns for a small wheel; copying from memory needs none, so this one answers
 * at once. A range yauzl streams (an entry past the small-entry size) is the slice of the bytes.
 */
function memoryReader(bytes: Buffer): yauzlModule.RandomAccessReader {
  memoryReaderClass ??= class MemoryReader extends yauzl().RandomAccessReader {
    constructor(private readonly bytes: Buffer) {
      super();
    }
    override read(
      buffer: Buffer,
      offset: number,
      length: number,
      position: number,
      callback: (error: Error | null, bytesRead: number) => void,
    ): void {
      const end = Math.min(position + Math.min(length, buffer.length - offset), this.bytes.length);
      const copied = position < end ? this.bytes.copy(buffer, offset, position, end) : 0;
      callback(null, copied);
    }
    override _readStreamForRange(start: number, end: number): Readable {
      return Readable.from([this.bytes.subarray(start, end)]);
    }
    override close(callback: (error: Error | null) => void): void {
      callback(null);
    }
  };
  return new memoryReaderClass(bytes);
}

function openZip(source: Buffer | RandomAccessSource): Promise<yauzlModule.ZipFile> {
  const options = { lazyEntries: true, validateEntrySizes: true, decodeStrings: true, autoClose: false };
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, zip?: yauzlModule.ZipFile): void => {
      if (error || !zip) reject(error ?? new Error('no zip file'));
      else resolve(zip);
    };
    if (Buffer.isBuffer(source))
      yauzl().fromRandomAccessReader(memoryReader(source), source.length, options, done);
    else yauzl().fromRandomAccessReader(sourceReader(source), source.size, options, done);
  });
}

function openEntry(
  zip: yauzlModule.ZipFile,
  entry: yauzlModule.Entry,
  options: yauzlModule.ZipFileOptions = {},
): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, options, (error, stream) => {
      if (error || !stream) reject(error ?? new Error('no entry stream'));
      else resolve(stream);
    });
  });
}

/** Deflated entries up to this size are inflated in one call rather than through a zlib stream. */
const smallEntryBytes = 64 * 1024;

/**
 * The raw (still compressed) bytes of an entry: sliced from the archive when it is in memory, at
 * the data offset yauzl reads from the entry's local header (yauzl checks the data lies inside the
 * archive), so no stream is set up; otherwise read from yauzl's raw entry stream.
 */
async function rawEntryBytes(
  zip: yauzlModule.ZipFile,
  entry: yauzlModule.Entry,
  archive: Buffer | undefined,
): Promise<Buffer> {
  if (archive) {
    const { fileDataStart } = await new Promise<{ fileDataStart: number }>((resolve, reject) => {
      zip.readLocalFileHeader(entry, { minimal: true }, (error, header) => {
        if (error) reject(error);
        else resolve(header);
      });
    });
    return archive.subarray(fileDataStart, fileDataStart + entry.compressedSize);
  }
  const chunks: Buffer[] = [];
  const stored = entry.compressionMethod === 0;
  for await (const chunk of await openEntry(zip, entry, stored ? {} : { decompress: false }))
    chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A small entry's bytes: its raw data (rawEntryBytes), inflated by one inflateRawSync call capped
 * at the size the central directory declares when it is deflated. Setting up a zlib stream costs
 * more than inflating a few kilobytes; the size check is the one yauzl makes.
 */
async function* smallEntry(
  zip: yauzlModule.ZipFile,
  entry: yauzlModule.Entry,
  archive: Buffer | undefined,
): AsyncGenerator<Buffer> {
  const raw = await rawEntryBytes(zip, entry, archive);
  const bytes =
    entry.compressionMethod === 0
      ? raw
      : inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
  if (bytes.length !== entry.uncompressedSize)
    throw new Error(`expected ${entry.uncompressedSize} bytes, inflated ${bytes.length}`);
  yield bytes;
}

async function linkTarget(
  zip: yauzlModule.ZipFile,
  entry: yauzlModule.Entry,
  tracker: ArchiveTracker,
): Promise<string> {
  if (entry.uncompressedSize > tracker.limits.maxPathBytes) return '\0';
  const chunks: Buffer[] = [];
  const stream = await openEntry(zip, entry).catch((error: Error) => {
    throw tracker.error(`the link '${entry.fileName}' cannot be opened (${error.message})`);
  });
  for await (const chunk of checked(stream, tracker, entry.fileName)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a zip archive, visiting every entry in central-directory order. */
export async function walkZip(
  source: Buffer | RandomAccessSource,
  tracker: ArchiveTracker,
  visit: EntryVisitor,
): Promise<void> {
  const archive = Buffer.isBuffer(source) ? source : undefined;
  const archiveBytes = Buffer.isBuffer(source) ? source.length : source.size;
  let zip: yauzlModule.ZipFile;
  try {
    zip = await openZip(source);
  } catch (error) {
    throw tracker.error(`it is not a valid zip archive (${(error as Error).message})`);
  }
  try {
    if (zip.entryCount > tracker.limits.maxEntries)
      throw tracker.error(`it has more than ${tracker.limits.maxEntries} entries`);
    let declared = 0;
    await new Promise<void>((resolve, reject) => {
      const next = (): void => zip.readEntry();
      zip.on('error', (error: Error) =>
        reject(tracker.error(`it is not a valid zip archive (${error.message})`)),
      );
      zip.on('end', () => resolve());
      zip.on('entry', (raw: yauzlModule.Entry) => {
        void (async () => {
          if (raw.isEncrypted()) throw tracker.error(`the entry '${raw.fileName}' is encrypted`);
          const type = entryType(raw);
          const size = type === 'file' ? raw.uncompressedSize : 0;
          declared += raw.uncompressedSize;
          tracker.inflation(declared, archiveBytes);
          const target = type === 'symlink' ? await linkTarget(zip, raw, tracker) : undefined;
          const entry = tracker.entry(raw.fileName, type, size, target);
          if (type !== 'file') {
            await visit(entry, emptyBody());
            return;
          }
          if (raw.compressionMethod !== 0 && raw.compressionMethod !== 8)
            throw tracker.error(`the entry '${entry.path}' uses an unsupported compression method`);
          // The entry is opened (an inflate stream set up) only if the visitor reads it: readers
          // after one file, such as a wheel's METADATA, pass over the others for nothing.
          let stream: Readable | undefined;
          const body = (async function* (): AsyncGenerator<Buffer> {
            if (raw.compressedSize <= smallEntryBytes) {
              yield* checked(smallEntry(zip, raw, archive), tracker, entry.path, raw.crc32);
              return;
            }
            stream = await openEntry(zip, raw).catch((error: Error) => {
              throw tracker.error(`the entry '${entry.path}' cannot be opened (${error.message})`);
            });
            yield* checked(stream, tracker, entry.path, raw.crc32);
          })();
          try {
            await visit(entry, body);
          } finally {
            stream?.destroy();
          }
        })().then(next, reject);
      });
      next();
    });
  } finally {
    zip.close();
  }
}

/**
 * The entry's bytes; a damaged entry (bad data, a size that does not match, or, once read to its
 * end, a CRC-32 other than the one the archive records for it) is the archive's fault.
 */
async function* checked(
  stream: AsyncIterable<unknown>,
  tracker: ArchiveTracker,
  path: string,
  expectedCrc?: number,
): AsyncGenerator<Buffer> {
  let crc = 0;
  try {
    for await (const chunk of stream) {
      if (expectedCrc !== undefined) crc = crc32(chunk as Buffer, crc);
      yield chunk as Buffer;
    }
  } catch (error) {
    throw tracker.error(`the entry '${path}' is damaged (${(error as Error).message})`);
  }
  if (expectedCrc !== undefined && crc >>> 0 !== expectedCrc >>> 0)
    throw tracker.error(`the entry '${path}' does not match its CRC-32 checksum`);
}

async function* emptyBody(): AsyncGenerator<Buffer> {
  // Directories and links carry no content.
}
