/**
 * SigV4 verification in isolation: the Authorization header's grammar, the credential scope, the
 * 15-minute window, and payload hashes, against requests signed by the SDK's own signer.
 */
import { createHash } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { parseAuthorization, SigV4Verifier, type ArrivedRequest } from '../../src/main/http/sigv4';

class Sha256 extends Hash {
  constructor(secret?: ConstructorParameters<typeof Hash>[1]) {
    super('sha256', secret);
  }
}

const credential = { accessKeyId: 'AKIATESTKEY000000001', secretAccessKey: 'test-secret' };
const signingDate = new Date('2025-03-04T05:06:07Z');

function verifier(now = signingDate) {
  return new SigV4Verifier({
    credentials: [credential],
    region: 'us-east-1',
    service: 'codeartifact',
    now: () => now,
  });
}

interface ToSign {
  method?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
  region?: string;
  service?: string;
  date?: Date;
}

/** Signs like the SDK does and returns the request as the server would see it arrive. */
async function signed(options: ToSign = {}): Promise<ArrivedRequest> {
  const signer = new SignatureV4({
    service: options.service ?? 'codeartifact',
    region: options.region ?? 'us-east-1',
    credentials: credential,
    sha256: Sha256,
  });
  const request = await signer.sign(
    new HttpRequest({
      method: options.method ?? 'POST',
      hostname: '127.0.0.1',
      path: options.path ?? '/v1/domains',
      query: options.query ?? {},
      headers: { host: '127.0.0.1:5484', 'content-type': 'application/json', ...options.headers },
      body: options.body,
    }),
    { signingDate: options.date ?? signingDate },
  );
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = [String(value)];
  return {
    method: request.method,
    rawPath: request.path,
    query: request.query as Record<string, string | string[]>,
    headers,
  };
}

function withHeader(request: ArrivedRequest, name: string, value: string | undefined): ArrivedRequest {
  const headers = { ...request.headers };
  if (value === undefined) delete headers[name];
  else headers[name] = [value];
  return { ...request, headers };
}

async function failure(
  action: Promise<unknown>,
): Promise<{ name: string; statusCode: number; message: string }> {
  try {
    await action;
  } catch (error) {
    return error as { name: string; statusCode: number; message: string };
  }
  throw new Error('expected verification to fail');
}

describe('parseAuthorization', () => {
  it('reads the credential scope, signed headers and signature', () => {
    expect(
      parseAuthorization(
        'AWS4-HMAC-SHA256 Credential=AKID/20250304/us-east-1/codeartifact/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123',
      ),
    ).toEqual({
      accessKeyId: 'AKID',
      scopeDate: '20250304',
      region: 'us-east-1',
      service: 'codeartifact',
      signedHeaders: ['host', 'x-amz-date'],
      signature: 'abc123',
    });
  });

  it('refuses other schemes and incomplete headers with IncompleteSignatureException', () => {
    expect(() => parseAuthorization('Basic dXNlcjpwYXNz')).toThrow(/only AWS4-HMAC-SHA256/);
    expect(() =>
      parseAuthorization('AWS4-HMAC-SHA256 Credential=AKID/20250304/us-east-1/codeartifact/aws4_request'),
    ).toThrow(
      "Authorization header requires 'SignedHeaders' parameter. Authorization header requires 'Signature' parameter.",
    );
    expect(() =>
      parseAuthorization(
        'AWS4-HMAC-SHA256 Credential=AKID/20250304/us-east-1, SignedHeaders=host, Signature=ab',
      ),
    ).toThrow(/exactly 5 slash-delimited elements/);
  });
});

describe('SigV4Verifier', () => {
  it('accepts a request the SDK signer signed, with and without a body and query', async () => {
    const body = JSON.stringify({ maxResults: 10 });
    const withBody = await signed({ body });
    await (await verifier().begin(withBody)).verify(Buffer.from(body));

    const withQuery = await signed({
      method: 'GET',
      path: '/v1/domain',
      query: { domain: 'my domain', 'domain-owner': '111122223333' },
    });
    await (await verifier().begin(withQuery)).verify(undefined);

    const repeated = await signed({ path: '/v1/untag', query: { k: ['b', 'a', 'a b'] } });
    await (await verifier().begin(repeated)).verify(undefined);
  });

  it('refuses a request whose body differs from the signed one', async () => {
    const request = await signed({ body: '{"maxResults":10}' });
    const error = await failure((await verifier().begin(request)).verify(Buffer.from('{"maxResults":11}')));
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.statusCode).toBe(403);
  });

  it('uses a declared x-amz-content-sha256 as the payload hash, and checks it against a buffered body', async () => {
    const body = 'streamed bytes';
    const hash = createHash('sha256').update(body).digest('hex');
    const request = await signed({ body, headers: { 'x-amz-content-sha256': hash } });
    const pending = await verifier().begin(request);
    expect(pending.declaredPayloadHash).toBe(hash);
    await pending.verify(undefined);
    await pending.verify(Buffer.from(body));
    const error = await failure(pending.verify(Buffer.from('other bytes')));
    expect(error.message).toMatch(/x-amz-content-sha256 header does not match/);
  });

  it('refuses a header that was signed but changed', async () => {
    const request = await signed({ headers: { 'x-custom': 'one' } });
    const error = await failure(
      (await verifier().begin(withHeader(request, 'x-custom', 'two'))).verify(undefined),
    );
    expect(error.name).toBe('InvalidSignatureException');
  });

  it('ignores unsigned headers added on the way', async () => {
    const request = await signed();
    await (await verifier().begin(withHeader(request, 'user-agent', 'proxy/1.0'))).verify(undefined);
  });

  it('requires the Authorization header, X-Amz-Date and signed Host', async () => {
    const request = await signed();
    expect((await failure(verifier().begin(withHeader(request, 'authorization', undefined)))).name).toBe(
      'MissingAuthenticationTokenException',
    );
    const noDate = await failure(verifier().begin(withHeader(request, 'x-amz-date', undefined)));
    expect(noDate.name).toBe('IncompleteSignatureException');
    const badDate = await failure(
      verifier().begin(withHeader(request, 'x-amz-date', '2025-03-04T05:06:07Z')),
    );
    expect(badDate.message).toMatch(/ISO-8601 basic format/);
    const authorization = request.headers.authorization?.[0] ?? '';
    const hostless = withHeader(
      request,
      'authorization',
      authorization.replace('SignedHeaders=', 'SignedHeaders=x-').replace(';host;', ';'),
    );
    expect((await failure(verifier().begin(hostless))).message).toMatch(/'Host' must be a 'SignedHeader'/);
  });

  it('checks the credential scope: date, region and service', async () => {
    const request = await signed();
    const wrongDay = withHeader(request, 'x-amz-date', '20250305T050607Z');
    expect((await failure(verifier().begin(wrongDay))).message).toBe(
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20250304' != '20250305', from '20250305T050607Z'.",
    );
    const otherRegion = await signed({ region: 'ap-south-1' });
    expect((await failure(verifier().begin(otherRegion))).message).toMatch(/valid region, not 'ap-south-1'/);
    const otherService = await signed({ service: 's3' });
    expect((await failure(verifier().begin(otherService))).message).toBe(
      "Credential should be scoped to correct service: 'codeartifact'.",
    );
  });

  it('allows 15 minutes of clock skew either way, and no more', async () => {
    const request = await signed();
    await (await verifier(new Date(signingDate.getTime() + 14 * 60_000)).begin(request)).verify(undefined);
    await (await verifier(new Date(signingDate.getTime() - 14 * 60_000)).begin(request)).verify(undefined);
    const late = await failure(verifier(new Date(signingDate.getTime() + 16 * 60_000)).begin(request));
    expect(late.message).toBe(
      'Signature expired: 20250304T050607Z is now earlier than 20250304T050707Z (20250304T052207Z - 15 min.)',
    );
    const early = await failure(verifier(new Date(signingDate.getTime() - 16 * 60_000)).begin(request));
    expect(early.message).toBe(
      'Signature not yet current: 20250304T050607Z is still later than 20250304T050507Z (20250304T045007Z + 15 min.)',
    );
  });

  it('refuses an unknown access key before looking at the signature', async () => {
    const other = new SigV4Verifier({
      credentials: () => undefined,
      region: 'us-east-1',
      service: 'codeartifact',
      now: () => signingDate,
    });
    const error = await failure(other.begin(await signed()));
    expect(error).toMatchObject({ name: 'UnrecognizedClientException', statusCode: 403 });
  });
});
