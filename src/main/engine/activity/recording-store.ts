/**
 * The engine's view of the store, which tells the activity triggers (migration 10) who is writing,
 * through which operation and when: each outermost write transaction starts by putting that into
 * the one-row `activity_context` table and ends by clearing it, so the triggers on versions,
 * packages and repositories record events with the engine's clock. Both statements bind their
 * values, so replaying the journal records the same events. Everything else passes through.
 */
import type { Db, Store } from '../../store/types';
import { currentActivity } from './activity-scope';

export function recordingStore(store: Store, now: () => Date): Store {
  let depth = 0;
  let ready: boolean | undefined;
  const hasContextTable = (): boolean =>
    (ready ??= store.read(
      (db) =>
        db.get("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'activity_context'") !==
        undefined,
    ));
  const write = <T>(fn: (db: Db) => T): T => {
    if (depth > 0 || !hasContextTable()) return store.write(fn);
    return store.write((db) => {
      const activity = currentActivity();
      db.run('INSERT OR REPLACE INTO activity_context (id, actor, operation, time) VALUES (1, ?, ?, ?)', [
        activity?.actor ?? 'local',
        activity?.operation ?? 'background',
        now().getTime(),
      ]);
      depth += 1;
      try {
        return fn(db);
      } finally {
        depth -= 1;
        db.run('DELETE FROM activity_context');
      }
    });
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
