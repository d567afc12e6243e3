/**
 * The main process's event fan-out: the service emits `AppEvent`s (store changed, server status,
 * job progress) here, and every front door that pushes events (Electron windows, the console's
 * Server-Sent Events) subscribes. A listener that throws is reported, never allowed to stop the rest.
 */
import type { AppEvent } from '../../shared/app-events';

export type AppEventListener = (event: AppEvent) => void;

export interface AppEventHub {
  emit(event: AppEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: AppEventListener): () => void;
}

export function createAppEventHub(
  log: (message: string, error?: unknown) => void = (message, error) =>
    console.error(`[events] ${message}`, error ?? ''),
): AppEventHub {
  const listeners = new Set<AppEventListener>();
  return {
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          log(`a listener failed on ${event.type}`, error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
