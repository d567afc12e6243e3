/**
 * How the console answers: security headers on every response, envelopes (through the wire codec)
 * for the API, and the refusal for a missing or wrong token.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { consoleUnauthorized } from '../../shared/console-protocol';
import type { Envelope, EnvelopeError } from '../../shared/app-operations';
import { contentSecurityPolicy } from '../../shared/content-security-policy';
import { stringifyWire } from '../../shared/wire-codec';

/** Sent with everything the console serves: pages, assets, API answers, events. */
export function securityHeaders(): OutgoingHttpHeaders {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    // The console URL carries the token; no request may pass it on as a referrer.
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

export function writeEnvelope(
  res: ServerResponse,
  status: number,
  envelope: Envelope<unknown>,
  headers: OutgoingHttpHeaders = {},
): void {
  const body = Buffer.from(stringifyWire(envelope), 'utf8');
  res.writeHead(status, {
    ...securityHeaders(),
    ...headers,
    'Cache-Control': 'no-store',
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
  });
  res.end(body);
}

export function writeEnvelopeError(
  res: ServerResponse,
  status: number,
  error: EnvelopeError,
  headers: OutgoingHttpHeaders = {},
): void {
  writeEnvelope(res, status, { ok: false, error }, headers);
}

export function writeUnauthorized(res: ServerResponse, how: 'header' | 'query'): void {
  const where = how === 'header' ? 'an Authorization: Bearer header' : 'the token query parameter';
  writeEnvelopeError(
    res,
    401,
    {
      name: consoleUnauthorized,
      message: `The console token is missing or wrong (expected in ${where}). Open the console URL that serve printed at start; it ends with ?token=…`,
    },
    { 'WWW-Authenticate': 'Bearer realm="artifact-desk-console"' },
  );
}
