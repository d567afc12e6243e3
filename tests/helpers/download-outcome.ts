/**
 * A GET that reports whether the body arrived whole, for tests of downloads that must fail as a
 * transfer (a connection cut before the end) rather than deliver a damaged body.
 */
import { request } from 'node:http';

export interface DownloadOutcome {
  readonly status: number;
  /** The body arrived whole (as long as Content-Length said, or a complete chunked body). */
  readonly complete: boolean;
  readonly body: Buffer;
}

export function download(
  baseUrl: string,
  pathname: string,
  headers: Record<string, string>,
): Promise<DownloadOutcome> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const req = request({ host: url.hostname, port: url.port, path: pathname, headers }, (res) => {
      const chunks: Buffer[] = [];
      let failed = false;
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', () => (failed = true));
      res.on('close', () =>
        resolve({
          status: res.statusCode ?? 0,
          complete: res.complete && !failed,
          body: Buffer.concat(chunks),
        }),
      );
    });
    // The connection cut before the headers went out: a failed transfer as well.
    req.on('error', () => resolve({ status: 0, complete: false, body: Buffer.alloc(0) }));
    req.end();
  });
}
