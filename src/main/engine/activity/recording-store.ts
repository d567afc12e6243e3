/**
 * The engine's view of the store, which tells the activity triggers (migration 10) who is writing,
 * through which operation and when: each outermost write transaction starts by putting that into
 * the one-row `activity_context` table and ends by clearing it, so the triggers on versions,
 * packages and repositories record events with the engine's clock. Both statements bind their
 * values, so replaying the journal records the same events. Everything else passes through.
 *
 * The scope is handed down, not looked up: the engine context holds the background view, and a
 * front door makes a view for its request with `actingAs`. All views of one store
 * share the nesting depth, so a write nested in another view's write keeps the outer scope.
 */
import type { Db, Store } from '../../store/types';
import type { EngineContext } from '../context';
import { backgroundActivity, type ActivityScope } from './activity-scope';

interface Recording {
  readonly base: Store;
  readonly now: () => Date;
  depth: number;
  ready: boolean | undefined;
}

const recordings = new WeakMap<Store, Recording>();

function hasContextTable(recording: Recording): boolean {
  recording.ready ??= recording.base.read(
    (db) =>
      db.get("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'activity_context'") !==
      undefined,
  );
  return recording.ready;
}

function view(recording: Recording, scope: ActivityScope): Store {
  const { base } = recording;
  const write = <T>(fn: (db: Db) => T): T => {
    if (recording.depth > 0 || !hasContextTable(recording)) return base.write(fn);
    return base.write((db) => {
      db.run('INSERT OR REPLACE INTO activity_context (id, actor, operation, time) VALUES (1, ?, ?, ?)', [
        scope.actor,
        scope.operation,
        recording.now().getTime(),
      ]);
      recording.depth += 1;
      try {
        return fn(db);
      } finally {
        recording.depth -= 1;
        db.run('DELETE FROM activity_context');
      }
    });
  };
  const store = new Proxy(base, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  recordings.set(store, recording);
  return store;
}

/**
 * A view of `store` (or of another view of it) whose writes record `scope`: `local` / `background`
 * unless one is given.
 */
export function recordingStore(
  store: Store,
  now: () => Date,
  scope: ActivityScope = backgroundActivity,
): Store {
  const recording = recordings.get(store) ?? { base: store, now, depth: 0, ready: undefined };
  return view(recording, scope);
}

/** The engine context whose writes record `scope`, for one request's work. */
export function actingAs(ctx: EngineContext, scope: ActivityScope): EngineContext {
  return { ...ctx, store: recordingStore(ctx.store, ctx.now, scope) };
}
