/**
 * Plain node:http requests for what the SDK will not send: unsigned requests, foreign Host headers,
 * requests signed for a chosen time. Signing uses the same SigV4 implementation the SDK uses.
 */
import http from 'node:http';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Body parsed as JSON, or undefined when it is not JSON. */
  json: Record<string, unknown> | undefined;
}

export interface RawRequest {
  /** Server address, e.g. http://127.0.0.1:PORT (the connection goes here whatever Host says). */
  endpoint: string;
  method: string;
  /** Path with query string, e.g. /v1/domains */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export function rawRequest(request: RawRequest): Promise<RawResponse> {
  const target = new URL(request.endpoint);
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
            const parsed: unknown = JSON.parse(body);
            if (parsed && typeof parsed === 'object') json = parsed as Record<string, unknown>;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(15_000, () =>
      req.destroy(new Error(`no answer from ${request.endpoint}${request.path} within 15 s`)),
    );
    req.end(request.body);
  });
}

export interface SignedRawRequest extends RawRequest {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Host header to sign and send; defaults to the endpoint's host. */
  host?: string;
  signingDate?: Date;
}

/** A SigV4-signed request (service `codeartifact`), sent over plain node:http. */
export async function signedRawRequest(request: SignedRawRequest): Promise<RawResponse> {
  const target = new URL(request.endpoint);
  const url = new URL(request.path, request.endpoint);
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  const host = request.host ?? target.host;
  const unsigned = new HttpRequest({
    method: request.method,
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port ? Number(target.port) : undefined,
    path: url.pathname,
    query,
    headers: {
      host,
      ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...request.headers,
    },
    body: request.body,
  });
  const signer = new SignatureV4({
    service: 'codeartifact',
    region: request.region,
    credentials: { accessKeyId: request.accessKeyId, secretAccessKey: request.secretAccessKey },
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(unsigned, request.signingDate ? { signingDate: request.signingDate } : {});
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name] = String(value);
  return rawRequest({
    endpoint: request.endpoint,
    method: request.method,
    path: request.path,
    headers,
    body: request.body,
  });
}
