/**
 * The one archive reader every format uses: it reads tar, tar.gz and zip entries in order, streams
 * their bytes, and refuses hostile archives (traversal, links out, devices, bombs, huge headers,
 * truncation, garbage) with a 400 naming the archive, without holding the inflated data in memory.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ArchiveError,
  gunzipBytes,
  readArchiveFiles,
  readEntryBytes,
  walkArchive,
  type ArchiveEntry,
  type ArchiveFormat,
} from '../../src/main/archives';
import { paxBody, tarOf, tgzOf, zipOf, type TarEntrySpec } from './archive-builders';

async function refusal(promise: Promise<unknown>): Promise<ArchiveError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the archive was accepted').toBeInstanceOf(ArchiveError);
  const archiveError = error as ArchiveError;
  expect(archiveError.statusCode).toBe(400);
  return archiveError;
}

const everything = (): boolean => true;

describe('reading archives', () => {
  it('visits tar.gz entries in order with their types, sizes and bytes', async () => {
    const seen: (ArchiveEntry & { text: string })[] = [];
    const archive = tgzOf([
      { name: 'package/', type: '5' },
      { name: './package/package.json', body: '{"name":"a"}' },
      { name: 'package/lib/link.js', type: '2', linkname: '../index.js' },
      { name: 'package/index.js', body: 'x'.repeat(1000) },
    ]);
    await walkArchive(archive, 'tar.gz', async (entry, body) => {
      seen.push({ ...entry, text: (await readEntryBytes(body, 10_000, 'entry')).toString() });
    });
    expect(seen).toEqual([
      { path: 'package', type: 'directory', size: 0, text: '' },
      { path: 'package/package.json', type: 'file', size: 12, text: '{"name":"a"}' },
      { path: 'package/lib/link.js', type: 'symlink', size: 0, linkTarget: '../index.js', text: '' },
      { path: 'package/index.js', type: 'file', size: 1000, text: 'x'.repeat(1000) },
    ]);
  });

  it('takes long names from pax headers', async () => {
    const long = `package/${'deep/'.repeat(40)}file.txt`;
    const files = await readArchiveFiles(
      tgzOf([
        { name: 'PaxHeader', type: 'x', body: paxBody({ path: long }) },
        { name: 'short', body: 'v' },
      ]),
      'tar.gz',
      everything,
    );
    expect([...files.keys()]).toEqual([long]);
  });

  it('reads zip entries (stored and deflated) from a buffer or with random access', async () => {
    const zip = zipOf([
      { name: 'demo-1.0.dist-info/METADATA', body: 'Name: demo\n', deflate: true },
      { name: 'demo/', body: '' },
      { name: 'demo/__init__.py', body: 'print(1)\n' },
    ]);
    const fromBuffer = await readArchiveFiles(zip, 'zip', (entry) => entry.path.endsWith('METADATA'));
    expect(fromBuffer.get('demo-1.0.dist-info/METADATA')?.toString()).toBe('Name: demo\n');
    const ranges: [number, number][] = [];
    const { Readable } = await import('node:stream');
    const randomAccess = {
      size: zip.length,
      read(start: number, end: number) {
        ranges.push([start, end]);
        return Readable.from([zip.subarray(start, end)]);
      },
    };
    const viaRanges = await readArchiveFiles(randomAccess, 'zip', everything, {
      limits: { wholeZipBytes: 0 },
    });
    expect([...viaRanges.keys()]).toEqual(['demo-1.0.dist-info/METADATA', 'demo/__init__.py']);
    expect(ranges.length, 'a zip above wholeZipBytes is read in ranges').toBeGreaterThan(1);
    ranges.length = 0;
    expect((await readArchiveFiles(randomAccess, 'zip', everything)).size).toBe(2);
    expect(ranges, 'a small zip is read once, whole').toEqual([[0, zip.length]]);
  });

  it('reads a nested archive the way a .gem is laid out (tar with metadata.gz and data.tar.gz)', async () => {
    const gem = tarOf([
      { name: 'metadata.gz', body: gzipSync('--- !ruby/object:Gem::Specification\nname: demo\n') },
      { name: 'data.tar.gz', body: tgzOf([{ name: 'lib/demo.rb', body: 'module Demo; end\n' }]) },
    ]);
    let metadata = '';
    const inner: string[] = [];
    await walkArchive(gem, 'tar', async (entry, body) => {
      if (entry.path === 'metadata.gz')
        metadata = gunzipBytes(
          await readEntryBytes(body, 1 << 20, 'metadata.gz'),
          1 << 20,
          'metadata.gz',
        ).toString();
      if (entry.path === 'data.tar.gz')
        await walkArchive(body, 'tar.gz', (file) => void inner.push(file.path), { what: 'data.tar.gz' });
    });
    expect(metadata).toContain('name: demo');
    expect(inner).toEqual(['lib/demo.rb']);
  });
});

const hostileTars: [string, TarEntrySpec[], RegExp][] = [
  ['a path with ..', [{ name: 'package/../../etc/cron.d/x', body: 'x' }], /reaches outside the archive/],
  ['an absolute path', [{ name: '/etc/passwd', body: 'x' }], /absolute path/],
  ['a Windows drive path', [{ name: 'C:\\Windows\\x', body: 'x' }], /absolute path/],
  ['backslash traversal', [{ name: 'package\\..\\..\\x', body: 'x' }], /reaches outside/],
  ['a symlink out', [{ name: 'package/l', type: '2', linkname: '../../../etc/passwd' }], /points outside/],
  ['an absolute symlink', [{ name: 'package/l', type: '2', linkname: '/etc/passwd' }], /points outside/],
  ['a hard link out', [{ name: 'package/h', type: '1', linkname: '../outside' }], /points outside/],
  ['a character device', [{ name: 'package/tty', type: '3' }], /CharacterDevice/],
  [
    'a huge pax header',
    [
      { name: 'PaxHeader', type: 'x', body: paxBody({ comment: 'x'.repeat(200_000) }) },
      { name: 'a', body: '' },
    ],
    /extended header is larger than 65536 bytes/,
  ],
  [
    'a huge GNU long name',
    [
      { name: '././@LongLink', type: 'L', body: 'a'.repeat(100_000) },
      { name: 'a', body: '' },
    ],
    /extended header is larger/,
  ],
  [
    'a long name past the path limit',
    [
      { name: 'PaxHeader', type: 'x', body: paxBody({ path: 'a/'.repeat(3000) }) },
      { name: 'a', body: '' },
    ],
    /longer than 4096 bytes/,
  ],
];

describe('hostile tar archives are refused with a 400 naming the archive', () => {
  it.each(hostileTars)('%s', async (_label, entries, reason) => {
    for (const [format, bytes] of [
      ['tar', tarOf(entries)],
      ['tar.gz', tgzOf(entries)],
    ] as const) {
      const error = await refusal(readArchiveFiles(bytes, format, everything, { what: 'The upload' }));
      expect(error.message).toMatch(/^The upload cannot be read: /);
      expect(error.message).toMatch(reason);
    }
  });

  it('refuses more entries than the limit', async () => {
    const entries = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, body: '' }));
    const error = await refusal(
      readArchiveFiles(tgzOf(entries), 'tar.gz', everything, { limits: { maxEntries: 10 } }),
    );
    expect(error.message).toMatch(/more than 10 entries/);
  });

  it('refuses entries that declare more than the total size limit before reading them', async () => {
    const error = await refusal(
      readArchiveFiles(tgzOf([{ name: 'a', body: 'x'.repeat(2000) }]), 'tar.gz', everything, {
        limits: { maxTotalBytes: 1000 },
      }),
    );
    expect(error.message).toMatch(/more than 1000 bytes uncompressed/);
  });

  it('stops a gzip bomb early, pulling little of it and holding none of it', async () => {
    // One header for a 1 GiB file, then 64 MiB gzip members of zeros (concatenated members are valid gzip).
    const header = tarOf([{ name: 'package/zeros', size: 1024 ** 3 }]).subarray(0, 512);
    const zeros = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    let pulled = 0;
    async function* bomb(): AsyncGenerator<Buffer> {
      yield gzipSync(header);
      for (let i = 0; i < 16; i++) {
        pulled += zeros.length;
        yield zeros;
      }
    }
    const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    let streamed = 0;
    const error = await refusal(
      walkArchive(bomb(), 'tar.gz', async (_entry, body) => {
        for await (const chunk of body) streamed += chunk.length;
      }),
    );
    const heapAfter = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    expect(error.message).toMatch(/decompression bomb/);
    expect(pulled, 'the reader stopped after the first members').toBeLessThan(4 * zeros.length);
    expect(streamed).toBeLessThan(200 * 1024 * 1024);
    expect(heapAfter - heapBefore, 'inflated bytes are not held').toBeLessThan(100 * 1024 * 1024);
  });

  it('refuses plain tar where gzip was expected and the other way round', async () => {
    expect((await refusal(readArchiveFiles(tarOf([{ name: 'a' }]), 'tar.gz', everything))).message).toMatch(
      /not valid gzip/,
    );
    expect((await refusal(readArchiveFiles(tgzOf([{ name: 'a' }]), 'tar', everything))).message).toMatch(
      /gzip-compressed where a plain tar/,
    );
  });
});

describe('hostile zip archives are refused with a 400 naming the archive', () => {
  it.each([
    ['a path with ..', [{ name: '../evil.py', body: 'x' }], /relative path/],
    ['an absolute path', [{ name: '/evil.py', body: 'x' }], /absolute path/],
    ['a symlink out', [{ name: 'pkg/l', body: '../../etc/passwd', mode: 0o120777 }], /points outside/],
    ['a size that lies', [{ name: 'a', body: 'x'.repeat(5000), deflate: true, size: 10 }], /damaged/],
    ['a CRC-32 that lies', [{ name: 'a', body: 'x'.repeat(5000), deflate: true, crc: 12345 }], /CRC-32/],
  ])('%s', async (_label, entries, reason) => {
    const error = await refusal(readArchiveFiles(zipOf(entries), 'zip', everything, { what: 'The wheel' }));
    expect(error.message).toMatch(/^The wheel cannot be read: /);
    expect(error.message).toMatch(reason);
  });

  it('refuses overlapping entries (a zip bomb) from the declared sizes, before inflating', async () => {
    const bomb = zipOf([
      { name: 'a', body: Buffer.alloc(8 * 1024 * 1024), deflate: true },
      ...Array.from({ length: 40 }, (_, i) => ({ name: `copy${i}`, shareDataWith: 0 })),
    ]);
    let opened = 0;
    const error = await refusal(
      walkArchive(bomb, 'zip', () => void (opened += 1), { limits: { ratioFloorBytes: 16 * 1024 * 1024 } }),
    );
    expect(error.message).toMatch(/decompression bomb/);
    expect(opened).toBeLessThan(3);
  });

  it('refuses more entries than the limit from the central directory', async () => {
    const zip = zipOf(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, body: '' })));
    expect(
      (await refusal(readArchiveFiles(zip, 'zip', everything, { limits: { maxEntries: 10 } }))).message,
    ).toMatch(/more than 10 entries/);
  });
});

describe('malformed archives: every cut and corruption is an ArchiveError or a clean read', () => {
  const samples: [ArchiveFormat, Buffer][] = [
    [
      'tar.gz',
      tgzOf([
        { name: 'package/package.json', body: '{"name":"a","version":"1.0.0"}' },
        { name: 'package/README.md', body: '# A\n'.repeat(50) },
      ]),
    ],
    [
      'tar',
      tarOf([
        { name: 'metadata.gz', body: gzipSync('name: a\n') },
        { name: 'data.tar.gz', body: 'x'.repeat(700) },
      ]),
    ],
    [
      'zip',
      zipOf([
        { name: 'a-1.0.dist-info/METADATA', body: 'Name: a\nVersion: 1.0\n'.repeat(20), deflate: true },
        { name: 'a/__init__.py', body: '' },
      ]),
    ],
  ];

  it.each(samples)('%s: truncated at any length', async (format, bytes) => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: bytes.length - 1 }), async (length) => {
        await readArchiveFiles(bytes.subarray(0, length), format, everything).catch((error: unknown) => {
          if (!(error instanceof ArchiveError)) throw error;
        });
      }),
      { numRuns: 60 },
    );
  });

  it.each(samples)('%s: with random bytes overwritten', async (format, bytes) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        async (edits) => {
          const damaged = Buffer.from(bytes);
          for (const [at, value] of edits) damaged[at] = value;
          await readArchiveFiles(damaged, format, everything).catch((error: unknown) => {
            if (!(error instanceof ArchiveError)) throw error;
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});
