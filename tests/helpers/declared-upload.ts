/**
 * The status a server answers to an upload that only declares its size (Content-Length) and sends
 * nothing: an oversized upload must be refused from the header, before any body arrives.
 */
import http from 'node:http';

export function declaredUploadStatus(
  url: string,
  method: string,
  declaredBytes: number,
  headers: Record<string, string> = {},
): Promise<number> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path: target.pathname,
        headers: { ...headers, 'Content-Length': String(declaredBytes) },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      },
    );
    req.on('error', reject);
    req.flushHeaders();
  });
}
