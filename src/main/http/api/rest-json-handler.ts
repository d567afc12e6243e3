/**
 * The CodeArtifact REST API under /v1: route by method and path from the API model, verify the
 * SigV4 signature, bind the input, call the injected `invoke`, and write the output. This file knows
 * wire formats only; what an operation means is decided behind `invoke`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { findOperation } from '../../../shared/api-model';
import type { OperationInput, OperationName, OperationOutput } from '../../../shared/operations';
import { ValidationException } from '../../engine/errors';
import { BlobDamagedError } from '../../store/verified-read';
import { unknownOperation } from '../protocol-errors';
import { readBody } from '../read-body';
import { parseRequestTarget, queryForSigning } from '../request-target';
import type { SigV4Verifier } from '../sigv4';
import { baseHeaders } from '../write-response';
import { bindInput, hasStreamingPayload } from './bind-input';
import { serialiseOutput } from './serialise-output';

/** Runs one operation; the service's dispatcher (validation, engine, durability) sits behind it. */
export type ApiInvoke = <O extends OperationName>(
  operation: O,
  input: OperationInput<O>,
  actor?: string,
) => Promise<OperationOutput<O>>;

export interface ApiHandlerOptions {
  readonly invoke: ApiInvoke;
  readonly verifier: SigV4Verifier;
  readonly maxJsonBodyBytes: number;
  readonly log: (message: string, error?: unknown) => void;
}

export function isApiPath(url: string): boolean {
  return url === '/v1' || url.startsWith('/v1/') || url.startsWith('/v1?');
}

export function createApiHandler(
  options: ApiHandlerOptions,
): (req: IncomingMessage, res: ServerResponse, actor: string) => Promise<void> {
  return async (req, res, actor) => {
    const method = req.method ?? 'GET';
    const target = parseRequestTarget(req.url ?? '/');
    const model = findOperation(method, target.rawPath);
    if (!model) throw unknownOperation(method, target.rawPath);

    const pending = await options.verifier.begin({
      method,
      rawPath: target.rawPath,
      query: queryForSigning(target.query),
      headers: req.headersDistinct,
    });

    const streaming = hasStreamingPayload(model.input);
    let body: Buffer | undefined;
    if (streaming) {
      // The body cannot be hashed without buffering it, so the signature must cover a declared
      // hash; the engine later checks the bytes against that hash as it stores them.
      if (pending.declaredPayloadHash === undefined) {
        throw new ValidationException(
          `${model.name} streams its payload: the request must carry its SHA-256 in the x-amz-content-sha256 header.`,
        );
      }
      await pending.verify(undefined);
    } else {
      body = await readBody(req, options.maxJsonBodyBytes);
      await pending.verify(body);
    }

    const input = bindInput(model, {
      query: target.query,
      headers: req.headers,
      body,
      payloadStream: streaming ? req : undefined,
    });
    const output = await options.invoke(model.name, input as unknown as OperationInput<OperationName>, actor);
    const serialised = serialiseOutput(model, output);

    const headers = { ...baseHeaders(), ...serialised.headers };
    if (!req.complete) {
      // The operation finished without reading its whole payload; what is left is discarded and
      // the connection is not reused.
      headers.Connection = 'close';
      req.resume();
    }
    if (serialised.json !== undefined) {
      const text = Buffer.from(serialised.json, 'utf8');
      res.writeHead(model.successStatus, {
        ...headers,
        'Content-Type': 'application/json',
        'Content-Length': text.length,
      });
      res.end(text);
      return;
    }
    const payload = serialised.payload ?? Buffer.alloc(0);
    if (Buffer.isBuffer(payload)) {
      res.writeHead(model.successStatus, {
        ...headers,
        'Content-Type': 'application/octet-stream',
        'Content-Length': payload.length,
      });
      res.end(payload);
      return;
    }
    res.writeHead(model.successStatus, { ...headers, 'Content-Type': 'application/octet-stream' });
    try {
      await pipeline(payload, res);
    } catch (error) {
      // A client that hangs up mid-download is not a fault, and a damaged blob was logged when it
      // was found; anything else is worth a log line.
      if (!(error instanceof BlobDamagedError) && (!res.destroyed || !isPrematureClose(error)))
        options.log(`${model.name}: streaming the response failed`, error);
      res.destroy();
    }
  };
}

function isPrematureClose(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ERR_STREAM_PREMATURE_CLOSE';
}
