/**
 * One operation call from the UI, whichever door it came through (IPC or the console's HTTP
 * transport): check the name, route `app.*` to the app operations and everything else to the
 * engine's `invoke`, and answer with an envelope. It never throws.
 */
import {
  isAppOperationName,
  unknownOperationError,
  type AppOperationName,
  type Envelope,
} from '../../shared/app-operations';
import { isOperationName, type OperationInput, type OperationName } from '../../shared/operations';
import { ValidationException } from '../engine/errors';
import type { Invoke } from '../engine/invoke';
import type { AppOperationHandlers } from './app-operations';
import { defaultLog, failure, success, toEnvelopeError, type Log } from './envelope';

export interface UiDispatchDeps {
  readonly invoke: Invoke;
  readonly app: AppOperationHandlers;
  readonly log?: Log;
}

/** `actor` is the door the call came through (`desktop app`, `web console`): its writes record it. */
export type UiDispatch = (operation: unknown, input: unknown, actor?: string) => Promise<Envelope<unknown>>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describeName(operation: unknown): string {
  if (typeof operation !== 'string') return `a ${operation === null ? 'null' : typeof operation}`;
  return `'${operation.length > 100 ? `${operation.slice(0, 100)}…` : operation}'`;
}

export function createUiDispatch(deps: UiDispatchDeps): UiDispatch {
  const log = deps.log ?? defaultLog;
  return async (operation, input, actor) => {
    const isApp = typeof operation === 'string' && isAppOperationName(operation);
    if (!isApp && !(typeof operation === 'string' && isOperationName(operation))) {
      return failure({
        name: unknownOperationError,
        message: `${describeName(operation)} is not an operation of Artifact Desk: expected a CodeArtifact operation name such as ListDomains, or an app.* operation.`,
      });
    }
    const given = input ?? {};
    if (!isPlainObject(given)) {
      return failure(
        toEnvelopeError(new ValidationException(`The input of ${operation} must be an object.`), log),
      );
    }
    try {
      if (isApp) {
        const run = deps.app[operation as AppOperationName] as (
          input: unknown,
          actor?: string,
        ) => Promise<unknown>;
        return success(await run(given, actor));
      }
      if (operation === 'GetPackageVersionAsset') {
        // Its result is a byte stream, which neither IPC nor JSON can carry.
        throw new ValidationException(
          'GetPackageVersionAsset streams bytes: the desktop app saves assets with app.saveAsset, the web console downloads them from /console/asset.',
          'OTHER',
        );
      }
      const name = operation as OperationName;
      return success(await deps.invoke(name, given as OperationInput<typeof name>, actor));
    } catch (error) {
      return failure(toEnvelopeError(error, log, String(operation)));
    }
  };
}
