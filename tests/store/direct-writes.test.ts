// Large uploads are written by a worker thread with O_DIRECT from the digest ring: every size (empty,
// odd, not a multiple of 4 KiB, exactly whole buffers) lands byte for byte with the digests clients
// expect, both where the file system takes O_DIRECT and where it does not (ordinary writes then).
import { randomBytes } from 'node:crypto';
import { closeSync, constants, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileBlobStore } from '../../src/main/store/blob-store';
import { UploadDigests } from '../../src/main/store/parallel-digests';
import { chunkedStream, hexDigest } from '../helpers/byte-chunks';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

let root: string;

beforeAll(async () => {
  root = await makeTempDir('artifact-desk-direct-');
});

afterAll(async () => {
  await removeDir(root);
});

/** Whether the test directory's file system takes O_DIRECT (tmpfs before Linux 6.6 refuses it). */
function takesDirect(dir: string): boolean {
  if ((constants as { O_DIRECT?: number }).O_DIRECT === undefined) return false;
  const probe = path.join(dir, 'probe');
  try {
    closeSync(openSync(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_DIRECT));
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { force: true });
  }
}

const MiB = 1024 * 1024;
// 4 MiB + 1 and past 16 MiB: one byte into the second shared buffer, and every buffer of the ring
// refilled at least once.
const sizes = [
  0,
  1,
  4096,
  MiB,
  MiB + 1,
  3 * MiB,
  2 * MiB + 4096,
  4 * MiB + 1,
  5 * MiB + 4095,
  5_000_003,
  17 * MiB + 5,
];

describe.each([
  { mode: 'O_DIRECT where the file system allows it', directWrites: true },
  { mode: 'ordinary writes (a file system that refuses O_DIRECT)', directWrites: false },
])('blob writes: $mode', ({ directWrites }) => {
  it.each(sizes)('stores an upload of %i bytes byte for byte, with its four digests', async (size) => {
    const dir = path.join(root, `${directWrites}-${size}`);
    const blobs = await FileBlobStore.open(path.join(dir, 'blobs'), path.join(dir, 'tmp'), {
      directWrites,
      earlySyncBytes: 2 * MiB,
    });
    const bytes = randomBytes(size);
    const hashes = await blobs.put('my-domain', chunkedStream(bytes, 65_536 + 7), {
      expectedSha256: hexDigest('sha256', bytes),
    });
    expect(hashes).toEqual({
      md5: hexDigest('md5', bytes),
      sha1: hexDigest('sha1', bytes),
      sha256: hexDigest('sha256', bytes),
      sha512: hexDigest('sha512', bytes),
      size,
    });
    const file = path.join(
      dir,
      'blobs',
      'my-domain',
      'sha256',
      hashes.sha256.slice(0, 2),
      hashes.sha256.slice(2),
    );
    const stored = readFileSync(file);
    expect(stored.length, 'the stored file has the upload size').toBe(size);
    expect(stored.equals(bytes), 'the stored file holds exactly the uploaded bytes').toBe(true);
    const read = Buffer.concat(await blobs.open('my-domain', hashes.sha256).toArray());
    expect(read.equals(bytes), 'the verified read returns the same bytes').toBe(true);
    expect(readdirSync(path.join(dir, 'tmp')), 'no temp file is left').toEqual([]);
  });
});

describe('upload writer thread', () => {
  it('writes past the inline size with O_DIRECT where the file system takes it, else with ordinary writes', async () => {
    for (const direct of [true, false]) {
      const file = path.join(root, `writer-${direct}.bin`);
      closeSync(openSync(file, 'wx'));
      const upload = new UploadDigests({ path: file, direct, earlySyncBytes: MiB });
      const bytes = randomBytes(3 * MiB + 123);
      for (let i = 0; i < bytes.length; i += 65_536) await upload.update(bytes.subarray(i, i + 65_536));
      const digests = await upload.digest();
      expect(digests.sha256).toBe(hexDigest('sha256', bytes));
      expect(upload.written, `direct: ${direct}`).toBe(direct && takesDirect(root) ? 'direct' : 'buffered');
      expect(readFileSync(file).equals(bytes), `direct: ${direct}: the file holds the bytes`).toBe(true);
    }
  });

  it('leaves an upload of up to 1 MiB to the caller to write', async () => {
    const file = path.join(root, 'inline.bin');
    closeSync(openSync(file, 'wx'));
    const upload = new UploadDigests({ path: file, direct: true, earlySyncBytes: MiB });
    const bytes = randomBytes(MiB);
    await upload.update(bytes);
    expect((await upload.digest()).md5).toBe(hexDigest('md5', bytes));
    expect(upload.written).toBeUndefined();
    expect(Buffer.concat(upload.held).equals(bytes)).toBe(true);
    expect(readFileSync(file).length, 'nothing was written by the workers').toBe(0);
  });

  it('fails the upload with the file system error code when the writer cannot write', async () => {
    // A directory where the file should be: the writer's open fails with EISDIR.
    const notAFile = path.join(root, 'a-directory');
    mkdirSync(notAFile);
    const upload = new UploadDigests({ path: notAFile, direct: true, earlySyncBytes: MiB });
    const bytes = randomBytes(4 * MiB);
    const fed = (async (): Promise<void> => {
      for (let i = 0; i < bytes.length; i += 65_536) await upload.update(bytes.subarray(i, i + 65_536));
      await upload.digest();
    })();
    await expect(fed).rejects.toMatchObject({ code: 'EISDIR' });
    upload.abort();
  });
});
