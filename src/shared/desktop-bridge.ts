/**
 * The shape of `window.artifactDesk`, the object the preload script exposes to the desktop window.
 * The renderer's `api` wraps it; the web console has no such object and uses the HTTP transport.
 */
import type { AppEventOf, AppEventType } from './app-events';
import type { Envelope, UiInput, UiOperationName, UiOutput } from './app-operations';

export interface DesktopBridge {
  /** Runs one operation in the main process; never rejects for an operation error (see Envelope). */
  invoke<O extends UiOperationName>(operation: O, input: UiInput<O>): Promise<Envelope<UiOutput<O>>>;
  /** Calls `listener` for every event of `type`; returns the function that stops it. */
  on<T extends AppEventType>(type: T, listener: (event: AppEventOf<T>) => void): () => void;
}
