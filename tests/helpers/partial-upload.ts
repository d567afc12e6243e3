/**
 * A correctly signed upload whose client goes away mid-body: the request announces the full length
 * and hash, sends only part of the bytes, then destroys the connection. This is what a laptop lid
 * closing or a killed CI job does to a publish, and the server must neither keep a half asset nor
 * fall over.
 */
import http from 'node:http';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface PartialUpload {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Path and query, e.g. /v1/package/version/publish?domain=… */
  path: string;
  /** The full body the request claims to carry. */
  body: Buffer;
  /** SHA-256 (hex) declared in x-amz-content-sha256. */
  sha256: string;
  /** How many bytes to actually send before hanging up. */
  sendBytes: number;
}

/** Resolves once the connection is closed; never rejects for the abort itself. */
export async function abandonUpload(upload: PartialUpload): Promise<void> {
  const target = new URL(upload.endpoint);
  const url = new URL(upload.path, upload.endpoint);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  const unsigned = new HttpRequest({
    method: 'POST',
    protocol: target.protocol,
    hostname: target.hostname,
    port: Number(target.port),
    path: url.pathname,
    query,
    headers: {
      host: target.host,
      'content-type': 'application/octet-stream',
      'content-length': String(upload.body.length),
      'x-amz-content-sha256': upload.sha256,
    },
  });
  const signer = new SignatureV4({
    service: 'codeartifact',
    region: upload.region,
    credentials: { accessKeyId: upload.accessKeyId, secretAccessKey: upload.secretAccessKey },
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(unsigned);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name] = String(value);

  await new Promise<void>((resolve) => {
    const req = http.request({
      host: target.hostname,
      port: target.port,
      method: 'POST',
      path: upload.path,
      headers,
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.on('response', (res) => {
      // An early answer (an error before the body was read) is fine too.
      res.resume();
    });
    req.write(upload.body.subarray(0, upload.sendBytes), () => {
      setTimeout(() => req.destroy(), 200);
    });
  });
}
