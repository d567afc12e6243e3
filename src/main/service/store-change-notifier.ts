/**
 * Tells the UI that the registry changed, whoever changed it: the SDK, the CLI, npm or the UI itself.
 * The store is wrapped so that every committed write that changed at least one row is noticed; the
 * notice goes out once the write is durable, and writes close together (a bulk copy, a burst of
 * publishes) become one `store-changed` event instead of hundreds.
 */
import type { Db, Row, SqlParams, Store } from '../store/types';
import type { AppEventHub } from './app-event-hub';

export interface StoreChangeNotifier {
  /** The store to hand to the engine: the same store, with its writes observed. */
  readonly store: Store;
  /** Stops pending notices; call before the store closes. */
  stop(): void;
}

/** How long to gather writes before one notice; short enough to feel immediate in the UI. */
export const defaultCoalesceMs = 30;

export function observeStoreChanges(
  store: Store,
  hub: AppEventHub,
  coalesceMs = defaultCoalesceMs,
): StoreChangeNotifier {
  let revision = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const schedule = (): void => {
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      store.flush().then(
        () => {
          if (!stopped) hub.emit({ type: 'store-changed', revision: ++revision });
        },
        // A store that cannot flush has failed; the operation that wrote already reported it.
        () => undefined,
      );
    }, coalesceMs);
    timer.unref();
  };

  const observed: Store = {
    get dataDir() {
      return store.dataDir;
    },
    get blobs() {
      return store.blobs;
    },
    read: (fn) => store.read(fn),
    write<T>(fn: (db: Db) => T): T {
      let changes = 0;
      const result = store.write((db) =>
        fn({
          run(sql, params) {
            const outcome = db.run(sql, params);
            changes += outcome.changes;
            return outcome;
          },
          get: <R extends object = Row>(sql: string, params?: SqlParams) => db.get<R>(sql, params),
          all: <R extends object = Row>(sql: string, params?: SqlParams) => db.all<R>(sql, params),
        }),
      );
      // Reached only when the transaction committed (a throw rolled it back). A nested write that
      // an outer one later rolls back still counts: one needless refresh, never a missed one.
      if (changes > 0) schedule();
      return result;
    },
    flush: () => store.flush(),
    checkpoint: () => store.checkpoint(),
    close: () => store.close(),
  };

  return {
    store: observed,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
