/**
 * Writes responses the way the CodeArtifact endpoint shapes them: JSON bodies, a request id on
 * every answer, and errors as `x-amzn-ErrorType` plus `{"message": …, …fields}`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { ServiceError } from '../engine/errors';

export function baseHeaders(): OutgoingHttpHeaders {
  return { 'x-amzn-RequestId': randomUUID(), 'X-Content-Type-Options': 'nosniff' };
}

export function writeJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    ...baseHeaders(),
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': text.length,
  });
  res.end(text);
}

/**
 * Answers with `error`. If the request body was not read (an early refusal), the connection is
 * closed after the answer: the client may still be sending bytes nobody will read.
 */
export function writeError(req: IncomingMessage, res: ServerResponse, error: ServiceError): void {
  if (res.headersSent) {
    res.destroy(error);
    return;
  }
  const body: Record<string, unknown> = { message: error.message };
  for (const [name, value] of Object.entries(error.fields())) {
    if (value !== undefined && value !== null) body[name] = value;
  }
  const headers: OutgoingHttpHeaders = { 'x-amzn-ErrorType': error.name, ...error.headers() };
  if (!req.complete) {
    headers.Connection = 'close';
    // Keep reading (and dropping) so the client can finish its upload and see the answer.
    req.resume();
  }
  writeJson(res, error.statusCode, body, headers);
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}
