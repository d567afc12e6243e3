/**
 * The web console mounted on the service's HTTP endpoint: the built renderer at `/`, and under
 * `/console/` the operation API, asset downloads and the event stream, all behind the console token
 * (see shared/console-protocol.ts). Returned as route handlers for createHttpServer, plus `close`
 * for the service's shutdown.
 */
import { requestUrl } from '../http/request-url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { consoleAssetPath, consoleEventsPath } from '../../shared/console-protocol';
import type { Invoke } from '../engine/invoke';
import type { RouteHandler } from '../http';
import type { Log } from '../ipc/envelope';
import type { UiDispatch } from '../ipc/ui-dispatch';
import type { AppEventHub } from '../service/app-event-hub';
import { createApiRoute, isConsoleApiPath } from './api-route';
import { createAssetRoute } from './asset-route';
import { writeEnvelopeError } from './console-responses';
import { createTokenMatcher } from './console-token';
import { createEventsRoute } from './events-route';
import { createStaticFilesHandler } from './static-files';

export interface ConsoleRoutesOptions {
  readonly token: string;
  readonly rendererDir: string;
  readonly dispatch: UiDispatch;
  readonly invoke: Invoke;
  readonly events: AppEventHub;
  readonly endpoint: () => string;
  readonly log: Log;
  readonly maxBodyBytes?: number;
}

export interface ConsoleRoutes {
  readonly handlers: readonly RouteHandler[];
  /** Ends the event streams; call before the HTTP server closes. */
  close(): void;
  readonly openEventStreams: () => number;
}

export function createConsoleRoutes(options: ConsoleRoutesOptions): ConsoleRoutes {
  const tokenMatches = createTokenMatcher(options.token);
  const api = createApiRoute({
    dispatch: options.dispatch,
    tokenMatches,
    maxBodyBytes: options.maxBodyBytes,
  });
  const asset = createAssetRoute({ invoke: options.invoke, tokenMatches, log: options.log });
  const events = createEventsRoute({ events: options.events, tokenMatches, endpoint: options.endpoint });
  const staticFiles = createStaticFilesHandler({ rootDir: options.rendererDir, log: options.log });

  const consoleHandler: RouteHandler = async (req: IncomingMessage, res: ServerResponse, actor: string) => {
    const url = requestUrl(req);
    const pathname = url.pathname;
    if (pathname !== '/console' && !pathname.startsWith('/console/')) return false;
    if (isConsoleApiPath(pathname)) await api(req, res, pathname, actor);
    else if (pathname === consoleAssetPath) await asset(req, res, url.searchParams, actor);
    else if (pathname === consoleEventsPath) events.handle(req, res, url.searchParams);
    else {
      req.resume();
      writeEnvelopeError(res, 404, {
        name: 'NotFoundException',
        message: `The console serves nothing at ${pathname}.`,
      });
    }
    return true;
  };

  return {
    handlers: [consoleHandler, staticFiles],
    close: () => events.closeAll(),
    openEventStreams: events.openStreams,
  };
}
