/**
 * Exclusive ownership of a data directory, so two processes never write the same store. The lock is
 * a file created atomically (hard link of a fully written temp file, or O_EXCL) that names its owner:
 * pid, host, the process start time and a random token. A lock whose owner is gone (kill -9, power
 * loss) is taken over; a lock whose owner is alive, or that lives on another host, is respected.
 * "Gone" includes a pid that still exists but is not the owner any more: a zombie not yet reaped by
 * its parent, a process already exiting or with SIGKILL pending, or a later process that reused the
 * pid (another start time). None of those can write the store again.
 */
import { randomBytes } from 'node:crypto';
import {
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  closeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StoreLockedError } from './store-errors';

export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  /** Kernel start time of the owner (Linux), to tell a reused pid from the original owner. */
  readonly processStart: string | null;
  readonly acquiredAt: string;
  readonly token: string;
}

export interface DataDirLock {
  readonly file: string;
  readonly owner: LockOwner;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

/** A lock file that cannot be read is only trusted while it may still be being written. */
const UNREADABLE_GRACE_MS = 5_000;
const held = new Set<HeldLock>();
let exitHookInstalled = false;

export function acquireDataDirLock(dataDir: string, file: string): DataDirLock {
  const owner: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    processStart: processStartTime(process.pid),
    acquiredAt: new Date().toISOString(),
    token: randomBytes(12).toString('hex'),
  };
  const content = `${JSON.stringify(owner)}\n`;
  // A few rounds cover another process taking over the same stale lock at the same moment.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(file, content)) {
      const lock = new HeldLock(file, owner);
      held.add(lock);
      installExitHook();
      return lock;
    }
    const current = readOwner(file);
    if (current === 'missing') continue;
    if (current === 'unreadable') {
      if (ageMs(file) < UNREADABLE_GRACE_MS) {
        throw new StoreLockedError(dataDir, undefined, undefined, 'its lock file is being written');
      }
    } else if (ownerAlive(current)) {
      throw new StoreLockedError(dataDir, current.pid, current.hostname);
    }
    takeOverStale(file, current);
  }
  throw new StoreLockedError(dataDir, undefined, undefined, 'the lock kept changing hands');
}

class HeldLock implements DataDirLock {
  private released = false;

  constructor(
    readonly file: string,
    readonly owner: LockOwner,
  ) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this);
    const current = readOwner(this.file);
    // Never delete a lock someone else holds now (ours may have been taken over as stale).
    if (typeof current === 'object' && current.token === this.owner.token) {
      try {
        unlinkSync(this.file);
      } catch {
        // Already gone: nothing to release.
      }
    }
  }
}

function createExclusive(file: string, content: string): boolean {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}`,
  );
  writeFileSync(temp, content, { flag: 'wx' });
  try {
    // link() fails if the target exists and publishes a complete file in one step.
    linkSync(temp, file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errorCode(error) ?? '')) throw error;
    // File systems without hard links: fall back to an exclusive create.
    return createWithExcl(file, content);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // The temp name was unique to this call; a leftover is harmless.
    }
  }
}

function createWithExcl(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    writeFileSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readOwner(file: string): LockOwner | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (
      typeof parsed.pid === 'number' &&
      typeof parsed.hostname === 'string' &&
      typeof parsed.token === 'string'
    ) {
      return {
        pid: parsed.pid,
        hostname: parsed.hostname,
        processStart: typeof parsed.processStart === 'string' ? parsed.processStart : null,
        acquiredAt: typeof parsed.acquiredAt === 'string' ? parsed.acquiredAt : '',
        token: parsed.token,
      };
    }
  } catch {
    // Falls through to 'unreadable'.
  }
  return 'unreadable';
}

function ownerAlive(owner: LockOwner): boolean {
  // Another host's processes cannot be checked from here: assume it is alive.
  if (owner.hostname !== os.hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if (errorCode(error) !== 'EPERM') return false;
  }
  if (process.platform !== 'linux') return true;
  const stat = readProcessStat(owner.pid);
  // Vanished between the two checks.
  if (stat === null) return false;
  if (stat.state === 'Z' || stat.state === 'X' || stat.exiting) return false;
  if (owner.processStart !== null && stat.start !== owner.processStart) return false;
  return !killPending(owner.pid);
}

interface ProcessStat {
  /** One letter: R, S, D, Z (zombie, exited but not reaped), X (dead), T … */
  readonly state: string;
  /** Start time in clock ticks since boot. */
  readonly start: string;
  /** The kernel has begun tearing the process down (PF_EXITING). */
  readonly exiting: boolean;
}

/** The kernel's PF_EXITING task flag (include/linux/sched.h). */
const pfExiting = 0x4;

/** Fields 3 (state), 9 (flags) and 22 (start time) of /proc/<pid>/stat; null where unavailable. */
function readProcessStat(pid: number): ProcessStat | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may contain spaces and parentheses; fields resume after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [state, start, flags] = [fields[0], fields[19], Number(fields[6])];
  if (state === undefined || start === undefined) return null;
  return { state, start, exiting: Number.isFinite(flags) && (flags & pfExiting) !== 0 };
}

/** Whether SIGKILL is pending for the process: it has been killed and will never run again. */
function killPending(pid: number): boolean {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return false;
  }
  const sigkillBit = 1n << 8n;
  return [...status.matchAll(/^(?:SigPnd|ShdPnd):\s*([0-9a-f]+)$/gm)].some(
    (match) => (BigInt(`0x${match[1] ?? '0'}`) & sigkillBit) !== 0n,
  );
}

/**
 * Moves the stale lock aside under a unique name, then checks that what was moved is the lock that
 * was judged stale. If a competing process replaced it in between, that fresh lock is put back.
 */
function takeOverStale(file: string, judged: LockOwner | 'unreadable'): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = readOwner(aside);
  const same =
    judged === 'unreadable'
      ? moved === 'unreadable'
      : typeof moved === 'object' && moved.token === judged.token;
  if (!same) {
    try {
      linkSync(aside, file);
    } catch {
      // Someone created a newer lock meanwhile; the next round reads it.
    }
  }
  unlinkSync(aside);
}

/** Start time of a process (Linux), to tell a reused pid from the original owner; null elsewhere. */
function processStartTime(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  return readProcessStat(pid)?.start ?? null;
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const lock of [...held]) lock.release();
  });
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}
