/**
 * Purges trash entries past the retention in the background: once soon after start, then every
 * `intervalMs` (an hour by default), and whenever `now()` is asked for after a retention change.
 * A purge is an ordinary write (journaled) followed by the removal of the files it released, so a
 * crash between the two leaves only unreferenced files for the start-up sweep.
 */
import type { EngineContext } from '../context';
import { purgeExpiredTrash } from './version-trash';

export interface TrashPurger {
  /** Purges what has expired now (joins a purge already running); resolves with how many went. */
  now(): Promise<number>;
  stop(): Promise<void>;
}

export function startTrashPurger(ctx: EngineContext, intervalMs = 60 * 60 * 1000): TrashPurger {
  let running: Promise<number> | undefined;
  let stopped = false;
  const purge = (): Promise<number> => {
    if (stopped) return Promise.resolve(0);
    running ??= purgeExpiredTrash(ctx)
      .catch((error: unknown) => {
        if (!stopped) console.error('Purging expired trash failed:', error);
        return 0;
      })
      .finally(() => (running = undefined));
    return running;
  };
  const first = setTimeout(() => void purge(), 5_000);
  const timer = setInterval(() => void purge(), intervalMs);
  first.unref();
  timer.unref();
  return {
    now: purge,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
