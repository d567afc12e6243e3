/**
 * The engine's operation table: one function per CodeArtifact operation, named after it. An
 * operation missing here answers `operationNotImplemented` through the dispatcher.
 */
import type { OperationInput, OperationName, OperationOutput } from '../../shared/operations';
import type { EngineContext } from './context';

export type Handler<O extends OperationName> = (
  ctx: EngineContext,
  input: OperationInput<O>,
) => OperationOutput<O> | Promise<OperationOutput<O>>;

export type EngineHandlers = { [O in OperationName]?: Handler<O> };

export const engineHandlers: EngineHandlers = {};
