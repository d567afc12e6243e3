/**
 * The embedded HTTP endpoint: a node:http server that guards against DNS rebinding, serves the
 * CodeArtifact REST API under /v1 and hands every other path to the format handlers it is given.
 * Every request runs inside one error boundary, so no request can take the process down.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessDeniedException, InternalServerException, ThrottlingException } from '../engine/errors';
import { createApiHandler, isApiPath, type ApiInvoke } from './api/rest-json-handler';
import { describeRequest, isClientDisconnect, logDisconnectOnce } from './client-disconnect';
import { createHostCheck } from './host-check';
import { ProtocolError } from './protocol-errors';
import { defaultHttpLimits, isUpload, watchBodyProgress, type HttpLimits } from './request-limits';
import { storageFullAnswer } from '../engine/storage-full';
import { SigV4Verifier, type Credential, type CredentialLookup } from './sigv4';
import { isServiceError, writeError } from './write-response';
import { requestActor } from './request-actor';

/**
 * A handler for paths outside /v1 (package format endpoints). It returns true when it took the
 * request (and answered it), false to let the next handler try. `actor` is who the request acts as
 * for the activity timeline (`npm client`, `web console`, …): the work it writes records it.
 */
export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  actor: string,
) => boolean | Promise<boolean>;

export interface HttpServerOptions {
  readonly invoke: ApiInvoke;
  /** Accepted SigV4 credentials, or a lookup by access key id. */
  readonly credentials: readonly Credential[] | CredentialLookup;
  /** The region requests must be signed for. */
  readonly region: string;
  /** Host names (optionally `name:port`) accepted besides the loopback names. */
  readonly allowedHosts?: readonly string[];
  /** Largest JSON request body accepted; 1 MiB unless set. */
  readonly maxJsonBodyBytes?: number;
  /** Tried in order for every path outside /v1. */
  readonly handlers?: readonly RouteHandler[];
  /** Where unexpected failures are reported; stderr unless set. */
  readonly log?: (message: string, error?: unknown) => void;
  /** Clock for signature freshness checks. */
  readonly now?: () => Date;
  /** How long close() lets requests in progress finish before cutting their connections. */
  readonly closeGraceMs?: number;
  /** Timeouts, keep-alive and upload limits; each unset one keeps its default. */
  readonly limits?: Partial<HttpLimits>;
  /** Told `METHOD path status` (the query left out: it may carry credentials) when a request is answered. */
  readonly requestLog?: (line: string) => void;
}

export interface HttpServerHandle {
  readonly server: http.Server;
  /** Starts listening; the host defaults to 127.0.0.1. Resolves with the endpoint's base URL. */
  listen(port: number, host?: string): Promise<{ url: string }>;
  close(): Promise<void>;
}

export const defaultMaxJsonBodyBytes = 1024 * 1024;

function defaultLog(message: string, error?: unknown): void {
  console.error(`[http] ${message}`, error ?? '');
}

/** The URL clients should use for a server bound to `host`: wildcards are reached via loopback. */
function baseUrl(host: string, port: number): string {
  if (host === '0.0.0.0') return `http://127.0.0.1:${port}`;
  if (host === '::') return `http://[::1]:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

export function createHttpServer(options: HttpServerOptions): HttpServerHandle {
  const log = options.log ?? defaultLog;
  const hostAllowed = createHostCheck(options.allowedHosts);
  const verifier = new SigV4Verifier({
    credentials: options.credentials,
    region: options.region,
    service: 'codeartifact',
    now: options.now,
  });
  const api = createApiHandler({
    invoke: options.invoke,
    verifier,
    maxJsonBodyBytes: options.maxJsonBodyBytes ?? defaultMaxJsonBodyBytes,
    log,
  });
  const handlers = options.handlers ?? [];
  const limits: HttpLimits = { ...defaultHttpLimits, ...options.limits };
  let uploadsInProgress = 0;

  async function route(req: IncomingMessage, res: ServerResponse, actor: string): Promise<void> {
    const host = req.headers.host;
    if (!hostAllowed(host)) {
      throw new AccessDeniedException(
        `This endpoint only answers requests addressed to a loopback host (localhost, 127.0.0.1, [::1]) or an allowed host; the Host header '${host ?? ''}' is not one.`,
      );
    }
    const url = req.url ?? '/';
    if (isApiPath(url)) {
      await api(req, res, actor);
      return;
    }
    for (const handler of handlers) {
      if (await handler(req, res, actor)) return;
    }
    throw new ProtocolError('NotFoundException', 404, `Nothing is served at ${url.split('?')[0] ?? url}.`);
  }

  const requestLog = options.requestLog;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (requestLog) {
      res.once('finish', () => {
        const target = req.url ?? '/';
        const question = target.indexOf('?');
        requestLog(
          `${req.method ?? '?'} ${question === -1 ? target : target.slice(0, question)} ${res.statusCode}`,
        );
      });
    }
    try {
      if (isUpload(req)) {
        if (uploadsInProgress >= limits.maxConcurrentUploads) {
          throw new ThrottlingException(
            `${limits.maxConcurrentUploads} uploads are already in progress; retry when one has finished.`,
            1,
          );
        }
        uploadsInProgress += 1;
        res.once('close', () => (uploadsInProgress -= 1));
      }
      watchBodyProgress(req, limits, () => {
        logDisconnectOnce(
          req,
          log,
          `the request body arrived slower than ${limits.minBodyBytesPerWindow} bytes in ${limits.bodyWindowMs} ms; the connection was closed`,
        );
        req.socket.destroy();
      });
      await route(req, res, requestActor(req.url ?? '/'));
    } catch (caught) {
      const error = storageFullAnswer(caught) ?? caught;
      if (isClientDisconnect(error, req, res)) {
        logDisconnectOnce(req, log);
        res.destroy();
      } else if (isServiceError(error)) {
        writeError(req, res, error);
      } else {
        log(`${describeRequest(req)} failed`, error);
        writeError(
          req,
          res,
          new InternalServerException('An internal error occurred. The details were written to the log.'),
        );
      }
    }
  }

  const server = http.createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the request and header deadlines this often.
      connectionsCheckingInterval: Math.min(30_000, limits.headersTimeoutMs, limits.requestTimeoutMs),
    },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        log('writing an error response failed', error);
        res.destroy();
      });
    },
  );

  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;

  return {
    server,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const onError = (error: Error): void => reject(error);
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          const address = server.address() as AddressInfo;
          resolve({ url: baseUrl(host, address.port) });
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        const grace = setTimeout(() => server.closeAllConnections(), options.closeGraceMs ?? 5000);
        server.close(() => {
          clearTimeout(grace);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
