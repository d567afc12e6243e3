/**
 * The parts of a multipart/form-data upload (NuGet push, Swift publish), parsed with busboy and held
 * in memory up to a limit: each part's bytes by its field name, whether sent as a file or not. An upload past the limit is a
 * 413, a body that is not multipart a 400.
 */
import type busboyModule from 'busboy';
import { deferredModule } from '../../deferred-require';
import type { IncomingMessage } from 'node:http';
import { FormatProblem } from './format-errors';

const busboy = deferredModule<typeof busboyModule>('busboy');

export function readMultipartParts(req: IncomingMessage, maxBytes: number): Promise<Map<string, Buffer>> {
  // Refused from the header alone, before any of the body arrives (boundaries and headers add a little).
  if (Number(req.headers['content-length'] ?? 0) > maxBytes + 1024 * 1024)
    return Promise.reject(new FormatProblem(413, `The upload is larger than ${maxBytes} bytes.`));
  return new Promise((resolve, reject) => {
    let parser: busboyModule.Busboy;
    try {
      parser = busboy()({
        headers: req.headers,
        // Parts without a file name (SwiftPM sends its archive so) arrive as fields: decoded as
        // latin1 they turn back into their exact bytes.
        defCharset: 'latin1',
        limits: { files: 8, fields: 8, fileSize: maxBytes, fieldSize: maxBytes },
      });
    } catch (error) {
      reject(
        new FormatProblem(400, `The upload is not valid multipart/form-data: ${(error as Error).message}`),
      );
      return;
    }
    const parts = new Map<string, Buffer>();
    let tooBig = false;
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        tooBig = true;
      });
      // A body cut short inside a part fails the part's stream too; unheard, that error would be
      // thrown from the stream and end the process.
      stream.on('error', (error: Error) =>
        reject(new FormatProblem(400, `The upload is not valid multipart/form-data: ${error.message}`)),
      );
      stream.on('end', () => {
        if (!parts.has(name)) parts.set(name, Buffer.concat(chunks));
      });
    });
    parser.on('field', (name, value: string, info: { valueTruncated: boolean }) => {
      if (info.valueTruncated) tooBig = true;
      else if (!parts.has(name)) parts.set(name, Buffer.from(value, 'latin1'));
    });
    parser.on('error', (error: Error) =>
      reject(new FormatProblem(400, `The upload is not valid multipart/form-data: ${error.message}`)),
    );
    parser.on('close', () => {
      if (tooBig) reject(new FormatProblem(413, `The upload is larger than ${maxBytes} bytes.`));
      else resolve(parts);
    });
    req.pipe(parser);
  });
}
