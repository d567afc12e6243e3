/**
 * Buffers a request body up to a limit. JSON request bodies are small; a client that declares or
 * sends more than the limit gets 413 as soon as that is known, without the rest being kept.
 */
import type { IncomingMessage } from 'node:http';
import { malformedHttpRequest, requestEntityTooLarge } from './protocol-errors';

export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limitBytes)
    return Promise.reject(requestEntityTooLarge(limitBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limitBytes) {
        // Stop collecting but leave the stream alive: the error answer still has to be written
        // on this connection.
        cleanup();
        chunks.length = 0;
        reject(requestEntityTooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (): void => {
      cleanup();
      reject(malformedHttpRequest('The request body could not be read to its end.'));
    };
    const onClose = (): void => {
      if (!req.complete) onError();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
