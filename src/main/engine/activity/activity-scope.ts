/**
 * Who is acting and through which operation, handed down explicitly: the front doors name the actor
 * (the CodeArtifact API, a package client, the web console, the desktop app), the invoker names the
 * operation, and the request's work writes through a store view made for that scope
 * (`recording-store.ts`), which hands both to the activity triggers.
 */
export interface ActivityScope {
  /** Who: `CodeArtifact API`, `npm client`, `web console`, `desktop app`, … */
  readonly actor: string;
  /** Through what: an operation name, or `request` when the client's request names none. */
  readonly operation: string;
}

/** What a write records when nobody named a scope: the service's own background work. */
export const backgroundActivity: ActivityScope = { actor: 'local', operation: 'background' };

/** The scope of `operation` run for `actor` (`local` when no front door named one). */
export function operationScope(operation: string, actor: string | undefined): ActivityScope {
  return { actor: actor ?? 'local', operation };
}

/** The scope of a request of `actor` that no operation names. */
export function requestScope(actor: string): ActivityScope {
  return { actor, operation: 'request' };
}
