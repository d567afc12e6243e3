// NuGet push and Swift publish read their multipart bodies whole; a body cut short must be a 400,
// never an error thrown out of the parser's streams.
import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readMultipartParts } from '../../src/main/http/formats/multipart-parts';
import { FormatProblem } from '../../src/main/http/formats/format-errors';

function request(body: string, boundary = 'XX'): IncomingMessage {
  const stream = new PassThrough();
  Object.assign(stream, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  stream.end(body);
  return stream as unknown as IncomingMessage;
}

const filePart = (content: string): string =>
  '--XX\r\nContent-Disposition: form-data; name="package"; filename="a.nupkg"\r\n' +
  `Content-Type: application/octet-stream\r\n\r\n${content}`;

describe('readMultipartParts', () => {
  it('returns each part by name', async () => {
    const parts = await readMultipartParts(request(`${filePart('abc')}\r\n--XX--\r\n`), 1024);
    expect(parts.get('package')?.toString()).toBe('abc');
  });

  it('answers 400 for a body that ends inside a file part', async () => {
    const failure = await readMultipartParts(request(filePart('abcdef')), 1024).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FormatProblem);
    expect((failure as FormatProblem).statusCode).toBe(400);
    expect((failure as Error).message).toMatch(/not valid multipart/);
  });
});
