/**
 * `POST /console/api/<OperationName>`: the web console's door to the same operation map the desktop
 * bridge serves. Token first, then a bounded JSON body through the wire codec, then the shared UI
 * dispatch; the answer is always an envelope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { consoleApiPrefix } from '../../shared/console-protocol';
import { parseWire } from '../../shared/wire-codec';
import { ServiceError } from '../engine/errors';
import { readBody } from '../http/read-body';
import type { UiDispatch } from '../ipc/ui-dispatch';
import { bearerToken } from './console-token';
import { writeEnvelope, writeEnvelopeError, writeUnauthorized } from './console-responses';

/** Large enough for an asset published from the UI, small enough that no tab can exhaust memory. */
export const defaultConsoleBodyBytes = 32 * 1024 * 1024;

export interface ApiRouteOptions {
  readonly dispatch: UiDispatch;
  readonly tokenMatches: (presented: string | undefined) => boolean;
  readonly maxBodyBytes?: number;
}

export function isConsoleApiPath(pathname: string): boolean {
  return pathname.startsWith(consoleApiPrefix);
}

export function createApiRoute(
  options: ApiRouteOptions,
): (req: IncomingMessage, res: ServerResponse, pathname: string, actor: string) => Promise<void> {
  const limit = options.maxBodyBytes ?? defaultConsoleBodyBytes;
  return async (req, res, pathname, actor) => {
    if (req.method !== 'POST') {
      req.resume();
      writeEnvelopeError(
        res,
        405,
        {
          name: 'MethodNotAllowedException',
          message: `${pathname} takes POST with the operation's input as JSON.`,
        },
        { Allow: 'POST' },
      );
      return;
    }
    if (!options.tokenMatches(bearerToken(req.headers.authorization))) {
      // The body is not read; the connection closes after the answer.
      req.resume();
      writeUnauthorized(res, 'header');
      return;
    }
    let operation: string;
    try {
      operation = decodeURIComponent(pathname.slice(consoleApiPrefix.length));
    } catch {
      req.resume();
      writeEnvelopeError(res, 400, {
        name: 'ValidationException',
        message: 'The operation name is not valid percent-encoding.',
      });
      return;
    }
    let text: string;
    try {
      text = (await readBody(req, limit)).toString('utf8');
    } catch (error) {
      const status = error instanceof ServiceError ? error.statusCode : 400;
      const message =
        status === 413
          ? `The request body is larger than the ${limit} bytes the console accepts.`
          : (error as Error).message;
      if (!req.complete) req.resume();
      writeEnvelopeError(
        res,
        status,
        { name: (error as Error).name, message },
        req.complete ? {} : { Connection: 'close' },
      );
      return;
    }
    let input: unknown;
    try {
      input = text.trim() === '' ? {} : parseWire(text);
    } catch (error) {
      writeEnvelopeError(res, 400, {
        name: 'ValidationException',
        message: `The request body is not valid JSON for the console transport: ${(error as Error).message}`,
        fields: { reason: 'CANNOT_PARSE' },
      });
      return;
    }
    writeEnvelope(res, 200, await options.dispatch(operation, input, actor));
  };
}
