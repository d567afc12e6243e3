// Acknowledged writes survive kill -9, the lock a dead process left is taken over, a live owner's
// lock is respected, and a disk error stops the store instead of acknowledging lost writes.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/store/index';
import type { DurableStore } from '../../src/main/store/index';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { childMigrations } from './fixtures/child-schema';
import { lastAck, startChild } from './fixtures/run-child';
import type { Child } from './fixtures/run-child';

let dataDir: string;
const children: Child[] = [];
const stores: DurableStore[] = [];

beforeEach(async () => {
  dataDir = await makeTempDir('artifact-desk-store-');
});

afterEach(async () => {
  for (const child of children.splice(0)) await child.kill();
  for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  await removeDir(dataDir);
});

function spawnChild(args: string[], options?: { fileSizeLimitKiB?: number }): Child {
  const child = startChild(args, options);
  children.push(child);
  return child;
}

async function reopen(): Promise<DurableStore> {
  const store = await openStore({ dataDir, migrations: childMigrations });
  stores.push(store);
  return store;
}

function rowIds(store: DurableStore): number[] {
  return store.read((db) => db.all<{ id: number }>('SELECT id FROM rows ORDER BY id')).map((r) => r.id);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe('crash recovery', () => {
  it('keeps every acknowledged row after SIGKILL mid-stream, and takes over the dead owner lock', async () => {
    const child = spawnChild(['write-forever', dataDir]);
    await child.waitFor((line) => line === 'ack 300');
    await child.kill('SIGKILL');
    const acknowledged = lastAck(child.lines);

    const lock = JSON.parse(readFileSync(path.join(dataDir, 'LOCK'), 'utf8')) as { pid: number };
    expect(lock.pid, 'the killed process left its lock behind').toBe(child.process.pid);

    const store = await reopen();
    const ids = rowIds(store);
    expect(ids.length, 'every acknowledged row is present').toBeGreaterThanOrEqual(acknowledged);
    // The journal is replayed in order, so what survives is a prefix with no holes.
    expect(ids).toEqual(range(1, ids.length));
    expect(store.recovery.replayed).toBeGreaterThanOrEqual(acknowledged);
    const owner = JSON.parse(readFileSync(path.join(dataDir, 'LOCK'), 'utf8')) as { pid: number };
    expect(owner.pid, 'the lock now belongs to this process').toBe(process.pid);
  });

  it('recovers snapshot plus journal after checkpoint, more writes, then SIGKILL', async () => {
    const child = spawnChild(['checkpoint-then-write', dataDir, '50', '40']);
    await child.waitFor((line) => line === 'ready');
    await child.kill('SIGKILL');
    expect(existsSync(path.join(dataDir, 'db', 'snapshot.sqlite')), 'the checkpoint wrote a snapshot').toBe(
      true,
    );

    const store = await reopen();
    expect(rowIds(store)).toEqual(range(1, 90));
    expect(store.recovery.snapshotSeq, 'the snapshot covered the first 50 rows').toBeGreaterThanOrEqual(50);
    expect(store.recovery.replayed, 'the 40 later rows came from the journal').toBe(40);
  });

  it('refuses a second process while the owner is alive, naming the directory and the pid', async () => {
    const store = await reopen();
    store.write((db) => db.run('INSERT INTO rows (id, value) VALUES (1, ?)', ['kept']));
    await store.flush();

    const child = spawnChild(['try-open', dataDir]);
    const line = await child.waitFor((l) => l.startsWith('error') || l === 'opened');
    expect(line).toContain('StoreLockedError');
    expect(line).toContain(`Data directory ${dataDir} is in use by process ${process.pid}`);
    expect(line).toContain('choose another --data-dir');
    expect((await child.exited).code).toBe(2);
    expect(rowIds(store), 'the refused process changed nothing').toEqual([1]);
  });

  it('refuses a second open in the same process', async () => {
    await reopen();
    await expect(openStore({ dataDir, migrations: childMigrations })).rejects.toThrow(
      `is in use by process ${process.pid}`,
    );
  });

  it('stops accepting writes after a journal write fails, and loses no acknowledged row', async () => {
    const child = spawnChild(['until-disk-error', dataDir], { fileSizeLimitKiB: 64 });
    await child.waitFor((line) => line === 'closed' || line.startsWith('close-failed'));
    const lines = child.lines;
    const acknowledged = lastAck(lines);
    expect(acknowledged, 'some rows were written before the limit').toBeGreaterThan(10);
    expect(lines.find((l) => l.startsWith('flush-failed'))).toContain('StoreFailedError');
    expect(lines.find((l) => l.startsWith('write-'))).toMatch(/^write-refused StoreFailedError/);
    expect(lines.find((l) => l.startsWith('close-'))).toMatch(/^close-failed StoreFailedError/);
    await child.exited;

    const store = await reopen();
    const ids = rowIds(store);
    expect(ids.length).toBeGreaterThanOrEqual(acknowledged);
    expect(ids).toEqual(range(1, ids.length));
  });
});
