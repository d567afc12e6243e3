/**
 * `readWholeFile` reads the snapshot at start-up; a large file is read as several parts at once, and
 * the buffer must hold every byte where it was in the file, across the parts' boundaries.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readWholeFile } from '../../src/main/store/durable-fs';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

let dir: string;

beforeEach(async () => {
  dir = await makeTempDir('artifact-desk-read-whole-');
});

afterEach(async () => {
  await removeDir(dir);
});

/** Bytes that differ at every 4-byte offset, so a part read to the wrong place shows. */
function patterned(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let at = 0; at + 4 <= size; at += 4) bytes.writeUInt32LE(at, at);
  return bytes;
}

describe('readWholeFile', () => {
  it('reads a file large enough to be read in parts byte for byte, at an odd size', async () => {
    const file = path.join(dir, 'large.bin');
    const expected = patterned(40 * 1024 * 1024 + 3);
    await writeFile(file, expected);
    const read = await readWholeFile(file);
    expect(read?.length).toBe(expected.length);
    expect(read?.equals(expected), 'the bytes read differ from the file').toBe(true);
  });

  it('reads a small file whole and an empty one as empty', async () => {
    const small = path.join(dir, 'small.bin');
    await writeFile(small, patterned(4099));
    expect((await readWholeFile(small))?.equals(patterned(4099))).toBe(true);
    const empty = path.join(dir, 'empty.bin');
    await writeFile(empty, Buffer.alloc(0));
    expect((await readWholeFile(empty))?.length).toBe(0);
  });

  it('answers undefined for a file that does not exist', async () => {
    expect(await readWholeFile(path.join(dir, 'missing.bin'))).toBeUndefined();
  });
});
