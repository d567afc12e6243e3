/**
 * A fake of the renderer's `api` object for the store's unit tests: each test says how the operations
 * it needs answer; every call is recorded; an operation the test did not set up fails the way the
 * service fails an unknown operation, so a slice calling something unexpected is visible.
 */
import type { AppEvent, AppEventOf, AppEventType } from '../../src/shared/app-events';
import type { UiInput, UiOperationName, UiOutput } from '../../src/shared/app-operations';
import type { Api } from '../../src/renderer/src/api/api';
import { ApiError } from '../../src/renderer/src/api/api-error';
import type { AssetRequest } from '../../src/renderer/src/api/transport';
import { createAppStore, memoryPreferences, type AppStore } from '../../src/renderer/src/store/app-store';

export type Handlers = {
  [O in UiOperationName]?: (input: UiInput<O>) => UiOutput<O> | Promise<UiOutput<O>>;
};

export interface Call {
  readonly operation: UiOperationName;
  readonly input: unknown;
}

export interface FakeApi extends Api {
  readonly calls: Call[];
  callsOf<O extends UiOperationName>(operation: O): UiInput<O>[];
  /** Delivers an event to the listeners of its type. */
  emit(event: AppEvent): void;
  listenerCount(): number;
  downloads: AssetRequest[];
}

export function fakeApi(handlers: Handlers, download?: (request: AssetRequest) => Blob | undefined): FakeApi {
  const calls: Call[] = [];
  const listeners = new Map<AppEventType, Set<(event: never) => void>>();
  const downloads: AssetRequest[] = [];
  return {
    calls,
    downloads,
    callsOf<O extends UiOperationName>(operation: O) {
      return calls.filter((call) => call.operation === operation).map((call) => call.input as UiInput<O>);
    },
    async invoke<O extends UiOperationName>(operation: O, input: UiInput<O>): Promise<UiOutput<O>> {
      calls.push({ operation, input: structuredClone(input) });
      const handler = handlers[operation] as
        ((input: UiInput<O>) => UiOutput<O> | Promise<UiOutput<O>>) | undefined;
      if (!handler) {
        throw new ApiError('ValidationException', `The operation ${operation} is not implemented.`, {
          reason: 'UNKNOWN_OPERATION',
        });
      }
      return handler(input);
    },
    on<T extends AppEventType>(type: T, listener: (event: AppEventOf<T>) => void) {
      const set = listeners.get(type) ?? new Set();
      set.add(listener as (event: never) => void);
      listeners.set(type, set);
      return () => {
        set.delete(listener as (event: never) => void);
      };
    },
    async download(request) {
      downloads.push(request);
      const blob = download?.(request);
      if (!blob) throw new ApiError('ResourceNotFoundException', `No asset ${request.asset}.`);
      return blob;
    },
    emit(event) {
      for (const listener of listeners.get(event.type) ?? []) (listener as (event: AppEvent) => void)(event);
    },
    listenerCount() {
      return [...listeners.values()].reduce((sum, set) => sum + set.size, 0);
    },
  };
}

export function storeWith(
  handlers: Handlers,
  preferences = memoryPreferences(),
): { store: AppStore; api: FakeApi } {
  const api = fakeApi(handlers);
  return { store: createAppStore(api, preferences), api };
}

/** A promise the test resolves when it chooses, to observe a slice mid-load. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Pages `items` the way the service does: `size` per page, nextToken = the index of the next page. */
export function paged<T>(
  items: readonly T[],
  size: number,
  token: string | undefined,
): { page: T[]; nextToken?: string } {
  const start = token === undefined ? 0 : Number(token.replace('page-', ''));
  const end = start + size;
  return { page: items.slice(start, end), nextToken: end < items.length ? `page-${end}` : undefined };
}

export function serviceError(name: string, message: string, fields: Record<string, unknown> = {}): ApiError {
  return new ApiError(name, message, fields);
}
