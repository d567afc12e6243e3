/**
 * The single way into the engine for every front door (HTTP, IPC): validate the input against the
 * API model, run the operation, and answer only once its writes are durable.
 */
import { validateInput } from '../../shared/api-model/validate';
import type { OperationInput, OperationName, OperationOutput } from '../../shared/operations';
import { operationScope } from './activity/activity-scope';
import { recordingStore } from './activity/recording-store';
import type { EngineContext } from './context';
import { operationNotImplemented, ValidationException } from './errors';
import { engineHandlers, type EngineHandlers, type Handler } from './handlers';
import { storageFullAnswer } from './storage-full';
import { isStorageFull } from '../store';
import type { Store } from '../store/types';

/**
 * Runs `operation` with `input`; its writes record `actor` (the front door that asked: `CodeArtifact
 * API`, `web console`, `desktop app`, …, or `local` when none is given) and the operation's name.
 */
export type Invoke = <O extends OperationName>(
  operation: O,
  input: OperationInput<O>,
  actor?: string,
) => Promise<OperationOutput<O>>;

export function createInvoker(ctx: EngineContext, handlers: EngineHandlers = engineHandlers): Invoke {
  return async <O extends OperationName>(operation: O, input: OperationInput<O>, actor?: string) => {
    const problem = validateInput(operation, input ?? {});
    if (problem !== undefined) throw new ValidationException(problem);
    const handler = handlers[operation] as Handler<O> | undefined;
    if (!handler) throw operationNotImplemented(operation);
    let wrote = false;
    const scoped = recordingStore(ctx.store, ctx.now, operationScope(operation, actor));
    const store: Store = {
      get dataDir() {
        return ctx.store.dataDir;
      },
      get blobs() {
        return ctx.store.blobs;
      },
      read: (fn) => ctx.store.read(fn),
      write: (fn) => {
        wrote = true;
        return scoped.write(fn);
      },
      flush: () => ctx.store.flush(),
      checkpoint: () => ctx.store.checkpoint(),
      close: () => ctx.store.close(),
    };
    try {
      const output = await handler({ ...ctx, store }, input);
      try {
        await ctx.store.flush();
      } catch (error) {
        // A store stopped by a full disk still answers reads (it refuses every write); an
        // operation that wrote is answered only once its write is durable, which it now never is.
        if (wrote || !isStorageFull(error)) throw error;
      }
      return output;
    } catch (error) {
      throw storageFullAnswer(error) ?? error;
    }
  };
}
