// Ownership of a data directory: stale locks (dead owner, reused pid, abandoned half-written file)
// are taken over; live owners and other hosts are respected; a lock is only ever removed by its owner.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../src/main/store/lock';
import type { DataDirLock } from '../../src/main/store/lock';
import { StoreLockedError } from '../../src/main/store/index';
import { processState } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

let dir: string;
let lockFile: string;
const held: DataDirLock[] = [];

beforeEach(async () => {
  dir = await makeTempDir('artifact-desk-lock-');
  lockFile = path.join(dir, 'LOCK');
});

afterEach(async () => {
  for (const lock of held.splice(0)) lock.release();
  await removeDir(dir);
});

function acquire(): DataDirLock {
  const lock = acquireDataDirLock(dir, lockFile);
  held.push(lock);
  return lock;
}

function writeLock(owner: Record<string, unknown>): void {
  writeFileSync(
    lockFile,
    JSON.stringify({ acquiredAt: new Date().toISOString(), token: 'someone-else', ...owner }),
  );
}

function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', '']);
  if (result.pid === undefined) throw new Error('could not start a short-lived process');
  return result.pid;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.split('\n')[0] ?? '');
    });
    child.once('exit', () => reject(new Error(`exited before printing a line: ${text}`)));
  });
}

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(condition(), 'the condition never held').toBe(true);
}

function startTimeOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
}

function ownerPid(): number {
  return (JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number }).pid;
}

describe('data-directory lock', () => {
  it('records the owner and releases on request, once', () => {
    const lock = acquire();
    expect(ownerPid()).toBe(process.pid);
    expect(lock.owner.hostname).toBe(os.hostname());
    lock.release();
    expect(existsSync(lockFile)).toBe(false);
    lock.release();
  });

  it('takes over the lock of a process that no longer exists', () => {
    writeLock({ pid: deadPid(), hostname: os.hostname(), processStart: null });
    acquire();
    expect(ownerPid()).toBe(process.pid);
  });

  it.runIf(process.platform === 'linux')('takes over when the pid now belongs to a different process', () => {
    // The parent process is alive, but it is not the process that wrote this lock: its start time differs.
    writeLock({ pid: process.ppid, hostname: os.hostname(), processStart: '1' });
    acquire();
    expect(ownerPid()).toBe(process.pid);
  });

  it.runIf(process.platform === 'linux')(
    'takes over the lock of a killed owner that is still a zombie (its parent has not reaped it)',
    async () => {
      // `sh` starts a process that exits shortly after `sh` has become `sleep`, which never reaps it
      // (one that exited at once could be reaped by `sh` itself before the exec).
      const parent = spawn('/bin/sh', ['-c', 'sleep 0.5 & echo $!; exec sleep 60'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      try {
        const zombie = Number(await firstLine(parent));
        await until(() => processState(zombie) === 'Z');
        writeLock({ pid: zombie, hostname: os.hostname(), processStart: startTimeOf(zombie) });
        acquire();
        expect(ownerPid(), 'the zombie is not an owner').toBe(process.pid);
      } finally {
        parent.kill('SIGKILL');
      }
    },
  );

  it('respects a live owner and names it', () => {
    writeLock({ pid: process.ppid, hostname: os.hostname(), processStart: null });
    expect(() => acquire()).toThrow(StoreLockedError);
    expect(() => acquire()).toThrow(
      `Data directory ${dir} is in use by process ${process.ppid}; stop it or choose another --data-dir`,
    );
    expect(ownerPid()).toBe(process.ppid);
  });

  it('respects a lock held on another host, whose processes cannot be checked', () => {
    writeLock({ pid: deadPid(), hostname: 'some-other-host', processStart: null });
    expect(() => acquire()).toThrow(/in use by process \d+ on host some-other-host/);
  });

  it('waits out a lock file that is still being written, then treats an old unreadable one as abandoned', () => {
    writeFileSync(lockFile, '{"pid": 12');
    expect(() => acquire()).toThrow(/its lock file is being written/);
    const past = new Date(Date.now() - 60_000);
    utimesSync(lockFile, past, past);
    acquire();
    expect(ownerPid()).toBe(process.pid);
  });

  it('never removes a lock that has since passed to someone else', () => {
    const lock = acquire();
    writeLock({ pid: process.ppid, hostname: os.hostname(), processStart: null });
    lock.release();
    expect(existsSync(lockFile), 'the new owner keeps its lock').toBe(true);
  });
});
