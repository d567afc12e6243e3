/**
 * tar and tar.gz through node-tar's streaming Parser (the tar implementation npm itself uses), with
 * gzip done here so the inflated size is counted exactly. Entries are visited one at a time in
 * archive order; an entry's bytes are not read until its visitor reads them, so backpressure reaches
 * the source and memory stays bounded by the stream buffers, whatever the archive holds.
 *
 * A small tar.gz already in memory (an npm publish's attachment, a kept upload) is inflated in one
 * call, up to `wholeInflateBytes` inflated, with the same checks; one that inflates to more goes the
 * streaming way, where the archive limits decide.
 */
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { ReadEntry } from 'tar';
import type * as Tar from 'tar';
import { deferredModule } from '../deferred-require';
import type { ArchiveEntry, ArchiveEntryType, ArchiveTracker } from './archive-limits';

const tar = deferredModule<typeof Tar>('tar');

export type EntryVisitor = (entry: ArchiveEntry, body: AsyncIterable<Buffer>) => Promise<void> | void;

const gzipMagic = [0x1f, 0x8b];

/** A tar.gz in memory up to this size … */
const wholeInflateInputBytes = 4 * 1024 * 1024;
/** … is inflated in one call when it inflates to at most this many bytes. */
const wholeInflateBytes = 32 * 1024 * 1024;

const startsWithGzip = (chunk: Buffer): boolean =>
  chunk.length >= 2 && chunk[0] === gzipMagic[0] && chunk[1] === gzipMagic[1];

/** The inflated bytes of a small gzip'd buffer, or undefined when it inflates past wholeInflateBytes. */
function inflateWhole(source: Buffer, tracker: ArchiveTracker): Buffer | undefined {
  let inflated: Buffer;
  try {
    inflated = gunzipSync(source, { maxOutputLength: wholeInflateBytes });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      return undefined;
    throw tracker.error(`it is not valid gzip (${(error as Error).message})`);
  }
  tracker.inflation(inflated.length, source.length);
  // A second gzip layer inside would be inflated by the parser, out of this count.
  if (startsWithGzip(inflated)) throw tracker.error('it is compressed twice');
  return inflated;
}

function entryType(type: string): ArchiveEntryType | undefined {
  switch (type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file';
    case 'Directory':
    case 'GNUDumpDir':
      return 'directory';
    case 'SymbolicLink':
      return 'symlink';
    case 'Link':
      return 'hardlink';
    default:
      return undefined;
  }
}

/** Yields `source`'s chunks, counting them into `counter.bytes`. */
async function* counted(
  source: AsyncIterable<Uint8Array>,
  counter: { bytes: number },
): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    counter.bytes += bytes.length;
    yield bytes;
  }
}

/** The tar stream: `source` itself, or its gunzipped bytes with the inflation checked as they come. */
async function* tarBytes(
  source: AsyncIterable<Uint8Array> | Buffer,
  gzip: boolean,
  tracker: ArchiveTracker,
): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(source) && gzip && source.length <= wholeInflateInputBytes) {
    const inflated = inflateWhole(source, tracker);
    if (inflated) {
      yield inflated;
      return;
    }
  }
  const compressed = { bytes: 0 };
  let first = true;
  const input = counted(Buffer.isBuffer(source) ? Readable.from([source]) : source, compressed);
  if (!gzip) {
    for await (const chunk of input) {
      if (first && startsWithGzip(chunk))
        throw tracker.error('it is gzip-compressed where a plain tar was expected');
      first = false;
      yield chunk;
    }
    return;
  }
  const gunzip = createGunzip();
  const feeding = Readable.from(input);
  let inflated = 0;
  try {
    feeding.pipe(gunzip);
    feeding.on('error', (error) => gunzip.destroy(error));
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      tracker.inflation(inflated, compressed.bytes);
      // A second gzip layer inside would be inflated by the parser, out of this count.
      if (first && startsWithGzip(chunk)) throw tracker.error('it is compressed twice');
      first = false;
      yield chunk;
    }
  } catch (error) {
    if (error instanceof Error && 'errno' in error)
      throw tracker.error(`it is not valid gzip (${error.message})`);
    throw error;
  } finally {
    feeding.destroy();
    gunzip.destroy();
  }
}

/** Reads a tar (or tar.gz) archive from `source` to its end, visiting every entry. */
export async function walkTar(
  source: AsyncIterable<Uint8Array> | Buffer,
  gzip: boolean,
  tracker: ArchiveTracker,
  visit: EntryVisitor,
): Promise<void> {
  const parser = new (tar().Parser)({
    strict: true,
    maxMetaEntrySize: tracker.limits.maxHeaderBytes,
    brotli: false,
    zstd: false,
  });
  let failure: Error | undefined;
  const fail = (error: unknown): void => {
    if (failure) return;
    failure = error instanceof Error ? error : new Error(String(error));
    parser.abort(failure);
    // A visitor still reading the entry hears of it instead of waiting for bytes that will not come.
    current?.destroy(failure);
  };
  let visits: Promise<void> = Promise.resolve();
  let current: ReadEntry | undefined;
  parser.on('entry', (raw: ReadEntry) => {
    // Errors reach the visitor through its iteration of the body; the event itself must not throw.
    raw.on('error', () => undefined);
    visits = visits.then(async () => {
      try {
        if (failure) return;
        current = raw;
        const type = entryType(raw.type);
        if (!type)
          throw tracker.error(`the entry '${raw.path}' is a ${raw.type}, which packages cannot hold`);
        const entry = tracker.entry(raw.path, type, type === 'file' ? raw.size : 0, raw.linkpath);
        await visit(entry, raw as AsyncIterable<Buffer>);
      } catch (error) {
        fail(error);
      } finally {
        // Whatever the visitor left unread is skipped, so the parser moves on.
        current = undefined;
        raw.resume();
      }
    });
  });
  parser.on('ignoredEntry', (raw: ReadEntry) => {
    fail(
      raw.meta
        ? tracker.error(`an extended header is larger than ${tracker.limits.maxHeaderBytes} bytes`)
        : tracker.error(`the entry '${raw.path}' has a type packages cannot hold (${raw.type})`),
    );
  });
  const ended = new Promise<void>((resolve) => {
    parser.once('end', resolve);
    parser.once('close', resolve);
    parser.once('abort', resolve);
  });
  parser.on('error', (error: Error) =>
    fail(tracker.error(`it is not a valid tar archive (${error.message})`)),
  );

  try {
    for await (const chunk of tarBytes(source, gzip, tracker)) {
      if (failure) break;
      if (!parser.write(chunk) && !failure) {
        await Promise.race([once(parser, 'drain'), ended]);
      }
    }
    if (!failure) parser.end();
  } catch (error) {
    fail(error);
  }
  await ended;
  await visits;
  if (failure) throw failure;
}
