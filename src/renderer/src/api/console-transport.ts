/**
 * The web console's transport (routes in src/shared/console-protocol.ts): operations are
 * `POST /console/api/<Operation>` with the console token as a bearer token and answers are JSON
 * envelopes; Dates and bytes cross through the shared wire codec. Events arrive as Server-Sent
 * Events (EventSource cannot send headers, so the token rides in the query string there).
 */
import { isAppEvent, type AppEvent } from '../../../shared/app-events';
import type { Envelope, EnvelopeError } from '../../../shared/app-operations';
import {
  assetQuery,
  consoleApiPrefix,
  consoleAssetPath,
  consoleEventsPath,
  consoleTokenParam,
  consoleUnauthorized,
} from '../../../shared/console-protocol';
import { decodeWire, encodeWire } from '../../../shared/wire-codec';
import type { Transport } from './transport';

/** The subset of EventSource the transport uses, so tests can hand in a fake. */
export interface EventSourceLike {
  addEventListener(type: 'message', listener: (event: { data?: unknown }) => void): void;
  close(): void;
}

export interface ConsoleTransportOptions {
  /** The console's origin, e.g. `http://127.0.0.1:5484`. */
  readonly baseUrl: string;
  /** The current console token (it changes when the user enters one at the token prompt). */
  readonly token: () => string | undefined;
  readonly fetch: typeof fetch;
  readonly openEvents: (url: string) => EventSourceLike;
  /** Called when the service refuses the token, so the app can ask for the right one. */
  readonly onUnauthorized: () => void;
}

function failure(name: string, message: string): Envelope<never> {
  return { ok: false, error: { name, message } };
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const candidate = value as { ok: unknown; error?: unknown };
  if (candidate.ok === true) return 'value' in candidate;
  if (candidate.ok !== false || typeof candidate.error !== 'object' || candidate.error === null) return false;
  const error = candidate.error as Partial<EnvelopeError>;
  return typeof error.name === 'string' && typeof error.message === 'string';
}

export function createConsoleTransport(options: ConsoleTransportOptions): Transport {
  const authorization = (): Record<string, string> => {
    const token = options.token();
    return token ? { authorization: `Bearer ${token}` } : {};
  };

  async function readEnvelope(response: Response): Promise<Envelope<unknown>> {
    const text = await response.text();
    let body: unknown;
    try {
      body = decodeWire(JSON.parse(text));
    } catch {
      body = undefined;
    }
    const envelope: Envelope<unknown> = isEnvelope(body)
      ? body
      : response.status === 401
        ? failure(
            consoleUnauthorized,
            'The console token was refused. Open the console link that serve printed.',
          )
        : failure(
            'ConsoleTransportError',
            `The console answered HTTP ${response.status}${text ? `: ${text.slice(0, 300)}` : ''}`,
          );
    if (response.status === 401 || (!envelope.ok && envelope.error.name === consoleUnauthorized))
      options.onUnauthorized();
    return envelope;
  }

  async function send(url: string, init: RequestInit): Promise<Response | Envelope<never>> {
    try {
      return await options.fetch(url, init);
    } catch (error) {
      return failure(
        'NetworkError',
        `The Artifact Desk service at ${options.baseUrl} is not reachable (${(error as Error).message}).`,
      );
    }
  }

  let listeners: ((event: AppEvent) => void)[] = [];
  let source: EventSourceLike | undefined;

  function openStream(): EventSourceLike {
    const token = options.token() ?? '';
    const stream = options.openEvents(
      `${options.baseUrl}${consoleEventsPath}?${consoleTokenParam}=${encodeURIComponent(token)}`,
    );
    stream.addEventListener('message', (message) => {
      if (typeof message.data !== 'string') return;
      let event: unknown;
      try {
        event = decodeWire(JSON.parse(message.data));
      } catch {
        return;
      }
      if (!isAppEvent(event)) return;
      for (const listener of listeners) listener(event);
    });
    return stream;
  }

  return {
    kind: 'console',
    async call(operation, input) {
      const response = await send(`${options.baseUrl}${consoleApiPrefix}${encodeURIComponent(operation)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authorization() },
        body: JSON.stringify(encodeWire(input ?? {})),
      });
      return response instanceof Response ? readEnvelope(response) : response;
    },
    subscribe(listener) {
      listeners = [...listeners, listener];
      source ??= openStream();
      return () => {
        listeners = listeners.filter((existing) => existing !== listener);
        if (listeners.length === 0 && source) {
          source.close();
          source = undefined;
        }
      };
    },
    async download(request) {
      const response = await send(`${options.baseUrl}${consoleAssetPath}?${assetQuery(request)}`, {
        method: 'GET',
        headers: authorization(),
      });
      if (!(response instanceof Response)) return response;
      if (!response.ok) {
        const envelope = await readEnvelope(response);
        return envelope.ok
          ? failure('ConsoleTransportError', `The download answered HTTP ${response.status}`)
          : envelope;
      }
      return { ok: true, value: await response.blob() };
    },
  };
}
