// Asset bytes on disk: hashes as clients compute them, deduplication, limits and digest checks that
// leave nothing behind, and names that cannot walk out of the blob directory.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BlobDigestMismatchError,
  BlobKeyError,
  BlobNotFoundError,
  BlobTooLargeError,
  openStore,
} from '../../src/main/store/index';
import type { DurableStore } from '../../src/main/store/index';
import { FileBlobStore } from '../../src/main/store/blob-store';
import { chunkedStream, hexDigest } from '../helpers/byte-chunks';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

let dataDir: string;
let store: DurableStore;

beforeEach(async () => {
  dataDir = await makeTempDir('artifact-desk-blobs-');
  store = await openStore({ dataDir, migrations: [] });
});

afterEach(async () => {
  await store.close();
  await removeDir(dataDir);
});

function tempFiles(): string[] {
  return readdirSync(path.join(dataDir, 'blobs', '.tmp'));
}

describe('blob store', () => {
  it('computes the four hashes of uploads large enough for the digest workers, several at once', async () => {
    const uploads = [randomBytes(3 * 1024 * 1024 + 17), randomBytes(1024 * 1024 + 1), randomBytes(5_000_000)];
    const results = await Promise.all(
      uploads.map((bytes, i) => store.blobs.put('my-domain', chunkedStream(bytes, 40_000 + i * 7_777))),
    );
    results.forEach((hashes, i) => {
      const bytes = uploads[i] as Buffer;
      expect(hashes, `upload ${i} of ${bytes.length} bytes`).toEqual({
        md5: hexDigest('md5', bytes),
        sha1: hexDigest('sha1', bytes),
        sha256: hexDigest('sha256', bytes),
        sha512: hexDigest('sha512', bytes),
        size: bytes.length,
      });
      expect(store.blobs.has('my-domain', hashes.sha256)).toBe(true);
    });
  });

  it('writes a large upload byte for byte while it syncs what it has written in the background', async () => {
    const root = path.join(dataDir, 'early-sync');
    const blobs = await FileBlobStore.open(path.join(root, 'blobs'), path.join(root, 'tmp'), {
      earlySyncBytes: 256 * 1024,
    });
    const bytes = randomBytes(3 * 1024 * 1024 + 5);
    const hashes = await blobs.put('my-domain', chunkedStream(bytes, 65_536), {
      expectedSha256: hexDigest('sha256', bytes),
    });
    const stored = readFileSync(
      path.join(root, 'blobs', 'my-domain', 'sha256', hashes.sha256.slice(0, 2), hashes.sha256.slice(2)),
    );
    expect(stored.equals(bytes), 'the stored file holds exactly the uploaded bytes').toBe(true);
    expect(hashes.md5).toBe(hexDigest('md5', bytes));
    expect(readdirSync(path.join(root, 'tmp')), 'no temp file is left').toEqual([]);
  });

  it('leaves nothing behind when a large upload fails half-way, and the next one still hashes right', async () => {
    const big = randomBytes(4 * 1024 * 1024);
    await expect(
      store.blobs.put('my-domain', chunkedStream(big, 65_536), { maxBytes: 2 * 1024 * 1024 }),
    ).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(tempFiles()).toEqual([]);
    const hashes = await store.blobs.put('my-domain', chunkedStream(big, 65_536));
    expect(hashes.sha512).toBe(hexDigest('sha512', big));
    expect(hashes.md5).toBe(hexDigest('md5', big));
  });

  it('stores content under its SHA-256 with the four hashes clients expect', async () => {
    const bytes = randomBytes(300_000);
    const hashes = await store.blobs.put('my-domain', chunkedStream(bytes, 65_536));
    expect(hashes).toEqual({
      md5: hexDigest('md5', bytes),
      sha1: hexDigest('sha1', bytes),
      sha256: hexDigest('sha256', bytes),
      sha512: hexDigest('sha512', bytes),
      size: bytes.length,
    });
    const file = path.join(
      dataDir,
      'blobs',
      'my-domain',
      'sha256',
      hashes.sha256.slice(0, 2),
      hashes.sha256.slice(2),
    );
    expect(existsSync(file)).toBe(true);
    expect(store.blobs.has('my-domain', hashes.sha256)).toBe(true);
    expect(store.blobs.has('other-domain', hashes.sha256), 'blobs belong to one domain').toBe(false);
    const read = Buffer.concat(await store.blobs.open('my-domain', hashes.sha256).toArray());
    expect(read.equals(bytes)).toBe(true);
    expect(tempFiles()).toEqual([]);
  });

  it('accepts async iterables and stores identical content once', async () => {
    async function* source() {
      yield new TextEncoder().encode('hello ');
      yield new TextEncoder().encode('world');
    }
    const first = await store.blobs.put('d1', source());
    const second = await store.blobs.put('d1', Readable.from([Buffer.from('hello world')]), {
      expectedSha256: first.sha256,
    });
    expect(second).toEqual(first);
    const dir = path.join(dataDir, 'blobs', 'd1', 'sha256', first.sha256.slice(0, 2));
    expect(readdirSync(dir)).toEqual([first.sha256.slice(2)]);
    expect(await text(store.blobs.open('d1', first.sha256))).toBe('hello world');
    expect(tempFiles()).toEqual([]);
  });

  it('stores empty content', async () => {
    const hashes = await store.blobs.put('d1', Readable.from([]));
    expect(hashes.size).toBe(0);
    expect(hashes.sha256).toBe(hexDigest('sha256', new Uint8Array(0)));
    expect(store.blobs.has('d1', hashes.sha256)).toBe(true);
  });

  it('refuses content past maxBytes and leaves no file', async () => {
    const bytes = randomBytes(10_000);
    const attempt = store.blobs.put('d1', chunkedStream(bytes, 1_000), { maxBytes: 9_999 });
    await expect(attempt).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(store.blobs.has('d1', hexDigest('sha256', bytes))).toBe(false);
    expect(tempFiles()).toEqual([]);
    // Exactly at the limit is fine.
    await expect(
      store.blobs.put('d1', chunkedStream(bytes, 1_000), { maxBytes: 10_000 }),
    ).resolves.toMatchObject({
      size: 10_000,
    });
  });

  it('refuses content whose SHA-256 differs from the expected one and leaves no file', async () => {
    const bytes = Buffer.from('the real content');
    const wrong = hexDigest('sha256', Buffer.from('something else'));
    const attempt = store.blobs.put('d1', Readable.from([bytes]), { expectedSha256: wrong });
    await expect(attempt).rejects.toBeInstanceOf(BlobDigestMismatchError);
    await expect(attempt).rejects.toThrow(hexDigest('sha256', bytes));
    expect(store.blobs.has('d1', hexDigest('sha256', bytes))).toBe(false);
    expect(store.blobs.has('d1', wrong)).toBe(false);
    expect(tempFiles()).toEqual([]);
  });

  it('cleans up when the source stream fails midway', async () => {
    const source = new Readable({
      read() {
        this.push(Buffer.alloc(1024));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.blobs.put('d1', source)).rejects.toThrow('client went away');
    expect(tempFiles()).toEqual([]);
  });

  it('stores a small upload sent in many chunks byte for byte, also after its directories were removed', async () => {
    const bytes = randomBytes(300_000);
    const first = await store.blobs.put('d1', chunkedStream(bytes, 16_384));
    expect(first.sha256).toBe(hexDigest('sha256', bytes));
    expect((await store.blobs.readVerified('d1', first.sha256, bytes.length)).equals(bytes)).toBe(true);
    await store.blobs.removeDomain('d1');
    // The prefix directory is gone: the next upload into it creates it again.
    const again = await store.blobs.put('d1', chunkedStream(bytes, 16_384));
    expect(again).toEqual(first);
    expect((await store.blobs.readVerified('d1', again.sha256, bytes.length)).equals(bytes)).toBe(true);
    expect(tempFiles()).toEqual([]);
  });

  it('removes one blob, and a whole domain', async () => {
    const a = await store.blobs.put('d1', Readable.from([Buffer.from('a')]));
    const b = await store.blobs.put('d1', Readable.from([Buffer.from('b')]));
    const c = await store.blobs.put('d2', Readable.from([Buffer.from('c')]));
    await store.blobs.remove('d1', a.sha256);
    expect(store.blobs.has('d1', a.sha256)).toBe(false);
    expect(store.blobs.has('d1', b.sha256)).toBe(true);
    expect(() => store.blobs.open('d1', a.sha256)).toThrow(BlobNotFoundError);
    await store.blobs.remove('d1', a.sha256);
    await store.blobs.removeDomain('d1');
    expect(store.blobs.has('d1', b.sha256)).toBe(false);
    expect(existsSync(path.join(dataDir, 'blobs', 'd1'))).toBe(false);
    expect(store.blobs.has('d2', c.sha256), 'other domains are untouched').toBe(true);
    expect(await store.blobs.list('d2')).toEqual([c.sha256]);
  });

  it('refuses domain names and digests that could form other paths', async () => {
    const good = hexDigest('sha256', Buffer.from('x'));
    const badDomains = [
      '..',
      '../d1',
      'd1/..',
      'a/b',
      'D1',
      '-d',
      'd',
      '',
      '.tmp',
      'd1\u0000',
      `${'a'.repeat(51)}`,
    ];
    for (const domain of badDomains) {
      expect(() => store.blobs.has(domain, good), JSON.stringify(domain)).toThrow(BlobKeyError);
      await expect(store.blobs.put(domain, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
        BlobKeyError,
      );
      await expect(store.blobs.removeDomain(domain)).rejects.toBeInstanceOf(BlobKeyError);
    }
    const badDigests = [
      '../../../../etc/passwd',
      good.toUpperCase(),
      good.slice(1),
      `${good}0`,
      `..${good.slice(2)}`,
      '',
    ];
    for (const sha of badDigests) {
      expect(() => store.blobs.open('d1', sha), sha).toThrow(BlobKeyError);
      await expect(store.blobs.remove('d1', sha)).rejects.toBeInstanceOf(BlobKeyError);
    }
    await expect(
      store.blobs.put('d1', Readable.from([Buffer.from('x')]), { expectedSha256: '../x' }),
    ).rejects.toBeInstanceOf(BlobKeyError);
    expect(tempFiles()).toEqual([]);
  });

  it('deletes uploads a crash left in the temp folder when the store opens', async () => {
    await store.close();
    const leftover = path.join(dataDir, 'blobs', '.tmp', 'abandoned.part');
    mkdirSync(path.dirname(leftover), { recursive: true });
    writeFileSync(leftover, 'half an upload');
    store = await openStore({ dataDir, migrations: [] });
    expect(existsSync(leftover)).toBe(false);
  });
});
