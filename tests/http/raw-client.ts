/**
 * Requests the SDK would never send (unsigned, foreign Host, oversize or broken bodies, stale
 * signatures), over plain node:http. Signing uses the same SigV4 signer the SDK uses.
 */
import http from 'node:http';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { accessKeyId, region, secretAccessKey } from './harness';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown> | undefined;
}

export interface RawRequest {
  method: string;
  /** Path and query, e.g. /v1/domains?x=1 */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body with chunked encoding and no Content-Length. */
  chunked?: boolean;
}

export function rawRequest(url: string, request: RawRequest): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> | undefined;
          try {
            json = JSON.parse(body) as Record<string, unknown>;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer to ${request.method} ${request.path}`)));
    if (request.chunked && request.body !== undefined) {
      req.setHeader('Transfer-Encoding', 'chunked');
      const body = Buffer.from(request.body);
      const step = 64 * 1024;
      for (let offset = 0; offset < body.length; offset += step)
        req.write(body.subarray(offset, offset + step));
      req.end();
    } else {
      req.end(request.body);
    }
  });
}

class Sha256 extends Hash {
  constructor(secret?: ConstructorParameters<typeof Hash>[1]) {
    super('sha256', secret);
  }
}

export interface SignOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  signingDate?: Date;
  /** Host header to sign and send; defaults to the server's own host:port. */
  host?: string;
}

/** The headers (Authorization included) that SigV4-sign `request` for service codeartifact. */
export async function signHeaders(
  url: string,
  request: RawRequest,
  options: SignOptions = {},
): Promise<Record<string, string>> {
  const target = new URL(url);
  const parsed = new URL(request.path, url);
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(parsed.searchParams.keys())) {
    const values = parsed.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  const headers: Record<string, string> = { host: options.host ?? target.host, ...request.headers };
  if (request.body !== undefined && !request.chunked)
    headers['content-length'] = String(Buffer.byteLength(request.body));
  const signer = new SignatureV4({
    service: 'codeartifact',
    region: options.region ?? region,
    credentials: {
      accessKeyId: options.accessKeyId ?? accessKeyId,
      secretAccessKey: options.secretAccessKey ?? secretAccessKey,
    },
    sha256: Sha256,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method,
      hostname: target.hostname,
      path: parsed.pathname,
      query,
      headers,
      body: request.body,
    }),
    options.signingDate ? { signingDate: options.signingDate } : {},
  );
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) sent[name] = String(value);
  return sent;
}

/** A SigV4-signed (service codeartifact) request. */
export async function signedRequest(
  url: string,
  request: RawRequest,
  options: SignOptions = {},
): Promise<RawResponse> {
  return rawRequest(url, { ...request, headers: await signHeaders(url, request, options) });
}
