/**
 * `multipart/form-data` bodies (RFC 7578) through busboy, the streaming parser behind most Node
 * upload middleware. Form fields arrive as text (each refused past its limit rather than cut);
 * each file part is handed over as a stream while the body is still arriving, so a large wheel goes
 * straight to the blob store and is never held in memory whole. A body busboy cannot parse (no
 * boundary, a broken delimiter, an oversized part header, a missing end) is a 400.
 */
import type { Readable } from 'node:stream';
import type busboyModule from 'busboy';
import { deferredModule } from '../../../deferred-require';
import { ValidationException } from '../../../engine/errors';

const busboy = deferredModule<typeof busboyModule>('busboy');

export interface MultipartHandlers {
  /** A form field, in body order. */
  field(name: string, value: string): void;
  /**
   * A file part: `body` must be consumed (or resumed); the body's next parts keep arriving
   * meanwhile, and the read ends only once every file handler has settled.
   */
  file(name: string, filename: string, body: Readable): Promise<void>;
}

export interface MultipartLimits {
  /** One field's value, in bytes. */
  readonly maxFieldBytes: number;
  /** Fields and files together. */
  readonly maxParts: number;
}

/** Reads the whole body; rejects with the first problem, from the body or from a handler. */
export async function readMultipart(
  source: Readable,
  contentType: string | undefined,
  handlers: MultipartHandlers,
  limits: MultipartLimits,
): Promise<void> {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType))
    throw new ValidationException('An upload must be a multipart/form-data POST.');
  let parser: busboyModule.Busboy;
  try {
    parser = busboy()({
      headers: { 'content-type': contentType },
      defParamCharset: 'utf8',
      limits: {
        fieldSize: limits.maxFieldBytes,
        fieldNameSize: 1024,
        parts: limits.maxParts,
        fields: limits.maxParts,
        files: limits.maxParts,
      },
    });
  } catch (error) {
    throw new ValidationException(`The upload's Content-Type cannot be used: ${(error as Error).message}.`);
  }

  await new Promise<void>((resolve, reject) => {
    let failure: Error | undefined;
    const pending: Promise<void>[] = [];
    const fail = (error: unknown): void => {
      if (failure) return;
      failure = error instanceof Error ? error : new Error(String(error));
      source.unpipe(parser);
      parser.destroy();
      // The rest of the request is read and dropped, so the answer can still be sent.
      source.resume();
      // Handlers still running (a file going to the blob store) settle first, so nothing they
      // created outlives the request unaccounted for.
      const reason = failure;
      void Promise.allSettled(pending).then(() => reject(reason));
    };
    const tooMany = (): void => fail(new ValidationException('The upload has too many form fields.'));
    parser.on('partsLimit', tooMany);
    parser.on('fieldsLimit', tooMany);
    parser.on('filesLimit', tooMany);
    parser.on('field', (name, value, info) => {
      if (failure) return;
      if (info.nameTruncated) return fail(new ValidationException('A form field name is too long.'));
      if (info.valueTruncated)
        return fail(
          new ValidationException(`The form field '${name}' is larger than ${limits.maxFieldBytes} bytes.`),
        );
      try {
        handlers.field(name, value);
      } catch (error) {
        fail(error);
      }
    });
    parser.on('file', (name, body, info) => {
      // A part cut short errors its stream; the reader hears it by iterating, the parser's own
      // 'error' reports it here, and an unread part must not turn it into an uncaught exception.
      body.on('error', () => undefined);
      if (failure) {
        body.resume();
        return;
      }
      const handled = handlers.file(name, info.filename ?? '', body).catch((error: unknown) => {
        body.resume();
        fail(error);
      });
      pending.push(handled);
    });
    parser.on('error', (error: Error) =>
      fail(new ValidationException(`The upload is not a well-formed multipart body: ${error.message}.`)),
    );
    parser.on('close', () => {
      void Promise.all(pending).then(() => {
        if (!failure) resolve();
      });
    });
    source.on('error', fail);
    source.pipe(parser);
  });
}
