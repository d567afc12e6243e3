/**
 * Who is acting and through which operation, carried through async calls without threading it
 * through every signature: the front doors name the actor (the CodeArtifact API, a package client,
 * the web console, the desktop app), the invoker names the operation. The store's write wrapper
 * (`recording-store.ts`) hands both to the activity triggers.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ActivityScope {
  /** Who: `CodeArtifact API`, `npm client`, `web console`, `desktop app`, … */
  readonly actor: string;
  /** Through what: an operation name, or the client's request kind. */
  readonly operation: string;
}

const scope = new AsyncLocalStorage<ActivityScope>();

export function currentActivity(): ActivityScope | undefined {
  return scope.getStore();
}

/** Runs `fn` as `actor` (the operation stays whatever it is, `request` until an operation names one). */
export function runAsActor<T>(actor: string, fn: () => T): T {
  return scope.run({ actor, operation: 'request' }, fn);
}

/** Runs `fn` as `operation` of the current actor. */
export function runAsOperation<T>(operation: string, fn: () => T): T {
  return scope.run({ actor: scope.getStore()?.actor ?? 'local', operation }, fn);
}
