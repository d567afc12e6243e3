/** Errors on the format endpoints, written as each format's clients expect them. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceError } from '../../engine/errors';
import type { FormatHandler } from './format-request';

export function isServiceErrorLike(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}

export function writeFormatError(
  handler: Pick<FormatHandler, 'writeError'>,
  target: { req: IncomingMessage; res: ServerResponse },
  status: number,
  message: string,
): void {
  const { req, res } = target;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (!req.complete) {
    // Drain an upload nobody will read, so the client sees the answer instead of a reset.
    res.setHeader('Connection', 'close');
    req.resume();
  }
  if (handler.writeError) {
    handler.writeError(target, status, message);
    return;
  }
  const body = Buffer.from(JSON.stringify({ error: message }), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
}

/** An HTTP answer of a format endpoint that is not an engine error (a page that does not exist, a bad upload). */
export class FormatProblem extends ServiceError {
  override readonly name = 'FormatProblem';
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** A message as an HTTP reason phrase (one line of visible ASCII), which some clients print (twine, NuGet). */
export function reasonPhrase(message: string): string {
  const flat = message.replace(/[^\x20-\x7e]+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
