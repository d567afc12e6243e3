/**
 * `GET /console/events?token=…`: the service's events as Server-Sent Events, one `AppEvent` per
 * message (wire-codec JSON on one `data:` line). A new stream starts with the current server status;
 * a comment every so often keeps proxies and idle timers from closing it. When the service stops,
 * every stream has been told (`server-status: stopping`) and is ended, so shutdown never waits on it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppEvent } from '../../shared/app-events';
import { consoleTokenParam } from '../../shared/console-protocol';
import { stringifyWire } from '../../shared/wire-codec';
import type { AppEventHub } from '../service/app-event-hub';
import { securityHeaders, writeUnauthorized } from './console-responses';

export const heartbeatMs = 20_000;
/** How long a browser waits before reconnecting a dropped stream. */
export const reconnectMs = 2_000;

export interface EventsRouteOptions {
  readonly events: AppEventHub;
  readonly tokenMatches: (presented: string | undefined | null) => boolean;
  readonly endpoint: () => string;
}

export interface EventsRoute {
  handle(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void;
  /** Ends every open stream (the service announces `stopping` through the hub first). */
  closeAll(): void;
  /** Open streams, for tests and diagnostics. */
  readonly openStreams: () => number;
}

export function sseMessage(event: AppEvent): string {
  return `data: ${stringifyWire(event)}\n\n`;
}

export function createEventsRoute(options: EventsRouteOptions): EventsRoute {
  const open = new Set<{ res: ServerResponse; end: () => void }>();

  return {
    handle(req, res, query) {
      req.resume();
      if (req.method !== 'GET') {
        res.writeHead(405, { ...securityHeaders(), Allow: 'GET', 'Content-Length': 0 });
        res.end();
        return;
      }
      if (!options.tokenMatches(query.get(consoleTokenParam))) {
        writeUnauthorized(res, 'query');
        return;
      }
      res.writeHead(200, {
        ...securityHeaders(),
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        // A stream is never followed by another request on its connection; closing it when the
        // stream ends means a stopping server has no idle connection left to wait for.
        Connection: 'close',
      });
      res.write(`retry: ${reconnectMs}\n\n`);
      res.write(sseMessage({ type: 'server-status', state: 'running', endpoint: options.endpoint() }));

      const unsubscribe = options.events.subscribe((event) => {
        if (!res.writableEnded) res.write(sseMessage(event));
      });
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
      heartbeat.unref();
      // The stream owns its connection (never reused, see Connection above): when the stream ends,
      // for whatever reason, the socket goes too, once the last message is flushed. A client that
      // stopped reading would otherwise hold its half open and delay the service's stop.
      const socket = req.socket;
      const entry = {
        res,
        end: () => {
          clearInterval(heartbeat);
          unsubscribe();
          open.delete(entry);
          if (!res.writableEnded) res.end(() => socket.destroy());
          else socket.destroy();
        },
      };
      open.add(entry);
      res.on('close', () => entry.end());
    },
    closeAll() {
      for (const entry of [...open]) entry.end();
    },
    openStreams: () => open.size,
  };
}
