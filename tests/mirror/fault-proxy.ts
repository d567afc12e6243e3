/**
 * A loopback proxy in front of a remote `serve` that misbehaves on purpose: every Nth API request is
 * answered with a throttling (429) or server (503) error in AWS's shape, and asset downloads can be
 * slowed. Requests are forwarded with their headers unchanged, so SigV4 signatures still verify.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';

export interface FaultProxyOptions {
  /** Fail every Nth request (0: never). Alternates 429 ThrottlingException and 503 ServiceUnavailable. */
  readonly failEvery?: number;
  /** Delay before forwarding a GetPackageVersionAsset request. */
  readonly assetDelayMs?: number;
}

export interface FaultProxy {
  readonly url: string;
  readonly failures: () => number;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string, options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new URL(target);
  let count = 0;
  let failed = 0;
  const server: Server = createServer((req, res) => {
    count += 1;
    if (options.failEvery && count % options.failEvery === 0) {
      failed += 1;
      const throttle = failed % 2 === 1;
      req.resume();
      const body = JSON.stringify({ message: throttle ? 'Rate exceeded' : 'Service is busy' });
      res.writeHead(throttle ? 429 : 503, {
        'content-type': 'application/json',
        'x-amzn-errortype': throttle ? 'ThrottlingException' : 'ServiceUnavailableException',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
    const forward = () => {
      const out = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    const isAsset = (req.url ?? '').startsWith('/v1/package/version/asset?');
    if (isAsset && options.assetDelayMs) setTimeout(forward, options.assetDelayMs);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    failures: () => failed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
