/**
 * The single way into the engine for every front door (HTTP, IPC): validate the input against the
 * API model, run the operation, and answer only once its writes are durable.
 */
import { validateInput } from '../../shared/api-model/validate';
import type { OperationInput, OperationName, OperationOutput } from '../../shared/operations';
import { runAsOperation } from './activity/activity-scope';
import type { EngineContext } from './context';
import { operationNotImplemented, ValidationException } from './errors';
import { engineHandlers, type EngineHandlers, type Handler } from './handlers';

export type Invoke = <O extends OperationName>(
  operation: O,
  input: OperationInput<O>,
) => Promise<OperationOutput<O>>;

export function createInvoker(ctx: EngineContext, handlers: EngineHandlers = engineHandlers): Invoke {
  return async <O extends OperationName>(operation: O, input: OperationInput<O>) => {
    const problem = validateInput(operation, input ?? {});
    if (problem !== undefined) throw new ValidationException(problem);
    const handler = handlers[operation] as Handler<O> | undefined;
    if (!handler) throw operationNotImplemented(operation);
    const output = await runAsOperation(operation, () => handler(ctx, input));
    await ctx.store.flush();
    return output;
  };
}
