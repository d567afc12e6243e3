/**
 * The endpoint's guards, exercised with requests no SDK would send: unsigned and stale requests,
 * foreign Host headers, oversize and broken bodies, unknown paths, and format-endpoint handlers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { rawRequest, signHeaders, signedRequest, type RawResponse } from './raw-client';

let harness: Harness;
const handled: string[] = [];
const handledAs: string[] = [];

beforeAll(async () => {
  harness = await startHarness({
    allowedHosts: ['desk.example.test', 'pinned.example.test:8443'],
    maxJsonBodyBytes: 64 * 1024,
    handlers: [
      (req, res, actor) => {
        if (!req.url?.startsWith('/my-domain-111122223333/npm/')) return false;
        handled.push(req.url);
        handledAs.push(actor);
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('npm endpoint');
        return true;
      },
      async (req) => {
        if (req.url === '/boom') throw new Error('handler exploded');
        return false;
      },
    ],
  });
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  harness.calls.length = 0;
  harness.actors.length = 0;
  harness.logged.length = 0;
});

function expectAwsError(response: RawResponse, status: number, type: string): void {
  expect(response.status, response.body).toBe(status);
  expect(response.headers['x-amzn-errortype']).toBe(type);
  expect(response.headers['content-type']).toBe('application/json');
  expect(typeof response.json?.message).toBe('string');
}

describe('authentication', () => {
  it('an unsigned request is MissingAuthenticationTokenException', async () => {
    const response = await rawRequest(harness.url, { method: 'POST', path: '/v1/domains', body: '{}' });
    expectAwsError(response, 403, 'MissingAuthenticationTokenException');
    expect(harness.calls).toHaveLength(0);
  });

  it('a properly signed raw request goes through', async () => {
    const response = await signedRequest(harness.url, {
      method: 'POST',
      path: '/v1/domain?domain=raw-domain',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tags: [{ key: 'a', value: 'b' }] }),
    });
    expect(response.status, response.body).toBe(200);
    expect(harness.calls).toEqual([
      { operation: 'CreateDomain', input: { domain: 'raw-domain', tags: [{ key: 'a', value: 'b' }] } },
    ]);
    expect(harness.actors, 'the activity timeline names the API as who created it').toEqual([
      'CodeArtifact API',
    ]);
  });

  it('a signature older than 15 minutes has expired', async () => {
    const response = await signedRequest(
      harness.url,
      { method: 'POST', path: '/v1/domains', body: '{}' },
      { signingDate: new Date(Date.now() - 20 * 60 * 1000) },
    );
    expectAwsError(response, 403, 'InvalidSignatureException');
    expect(response.json?.message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });

  it('a signature dated more than 15 minutes ahead is not yet current', async () => {
    const response = await signedRequest(
      harness.url,
      { method: 'POST', path: '/v1/domains', body: '{}' },
      { signingDate: new Date(Date.now() + 20 * 60 * 1000) },
    );
    expectAwsError(response, 403, 'InvalidSignatureException');
    expect(response.json?.message).toMatch(/^Signature not yet current:/);
  });

  it('a body changed after signing breaks the signature', async () => {
    const signedBody = JSON.stringify({ maxResults: 5 });
    const headers = await signHeaders(harness.url, { method: 'POST', path: '/v1/domains', body: signedBody });
    // Same length, different bytes.
    const response = await rawRequest(harness.url, {
      method: 'POST',
      path: '/v1/domains',
      headers,
      body: JSON.stringify({ maxResults: 6 }),
    });
    expectAwsError(response, 403, 'InvalidSignatureException');
    expect(harness.calls).toHaveLength(0);
  });

  it('a query changed after signing breaks the signature', async () => {
    const headers = await signHeaders(harness.url, { method: 'GET', path: '/v1/domain?domain=mine' });
    const response = await rawRequest(harness.url, {
      method: 'GET',
      path: '/v1/domain?domain=theirs',
      headers,
    });
    expectAwsError(response, 403, 'InvalidSignatureException');
  });

  it('a malformed Authorization header is IncompleteSignatureException', async () => {
    const response = await rawRequest(harness.url, {
      method: 'POST',
      path: '/v1/domains',
      headers: {
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/20240101/us-east-1/codeartifact/aws4_request',
        'x-amz-date': '20240101T000000Z',
      },
    });
    expectAwsError(response, 403, 'IncompleteSignatureException');
    expect(response.json?.message).toMatch(
      /requires 'SignedHeaders' parameter.*requires 'Signature' parameter/,
    );
  });
});

describe('DNS-rebinding guard', () => {
  it('refuses a foreign Host header with 403, naming the host', async () => {
    const response = await signedRequest(
      harness.url,
      { method: 'POST', path: '/v1/domains', body: '{}' },
      { host: 'evil.example.com' },
    );
    expectAwsError(response, 403, 'AccessDeniedException');
    expect(response.json?.message).toContain("'evil.example.com'");
    expect(harness.calls).toHaveLength(0);
  });

  it('refuses a foreign Host on format paths too, and sends no permissive CORS headers', async () => {
    const response = await rawRequest(harness.url, {
      method: 'GET',
      path: '/my-domain-111122223333/npm/repo/left-pad',
      headers: { host: 'attacker.test:80', origin: 'http://attacker.test' },
    });
    expectAwsError(response, 403, 'AccessDeniedException');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(handled).toHaveLength(0);
  });

  it('accepts every loopback spelling and the configured hosts', async () => {
    const port = new URL(harness.url).port;
    for (const host of [
      `localhost:${port}`,
      `LOCALHOST:${port}`,
      `127.0.0.1:${port}`,
      `127.8.9.10:${port}`,
      `[::1]:${port}`,
      'desk.example.test',
      'pinned.example.test:8443',
    ]) {
      const response = await signedRequest(
        harness.url,
        { method: 'POST', path: '/v1/domains', body: '{}' },
        { host },
      );
      expect(response.status, `${host}: ${response.body}`).toBe(200);
    }
    for (const host of [
      'pinned.example.test:9999',
      '127.0.0.1.evil.test',
      'localhost.evil.test',
      '128.0.0.1',
    ]) {
      const response = await signedRequest(
        harness.url,
        { method: 'POST', path: '/v1/domains', body: '{}' },
        { host },
      );
      expect(response.status, host).toBe(403);
    }
  });
});

describe('request framing', () => {
  it('a JSON body over the limit is 413, whether declared or streamed', async () => {
    const big = JSON.stringify({ nextToken: 'x'.repeat(70 * 1024) });
    const declared = await signedRequest(harness.url, { method: 'POST', path: '/v1/domains', body: big });
    expectAwsError(declared, 413, 'RequestEntityTooLargeException');
    const chunked = await signedRequest(harness.url, {
      method: 'POST',
      path: '/v1/domains',
      body: big,
      chunked: true,
    });
    expectAwsError(chunked, 413, 'RequestEntityTooLargeException');
    expect(harness.calls).toHaveLength(0);
  });

  it('a malformed JSON body is 400 ValidationException with reason CANNOT_PARSE', async () => {
    const response = await signedRequest(harness.url, {
      method: 'POST',
      path: '/v1/domains',
      body: '{"maxResults": 5,',
    });
    expectAwsError(response, 400, 'ValidationException');
    expect(response.json?.reason).toBe('CANNOT_PARSE');
    expect(response.json?.message).toMatch(/^The request body is not valid JSON/);
    const notObject = await signedRequest(harness.url, {
      method: 'POST',
      path: '/v1/domains',
      body: '[1,2]',
    });
    expectAwsError(notObject, 400, 'ValidationException');
    expect(notObject.json?.reason).toBe('CANNOT_PARSE');
  });

  it('a query number or boolean that does not parse is a ValidationException naming the member', async () => {
    const response = await signedRequest(harness.url, {
      method: 'POST',
      path: '/v1/repositories?max-results=ten',
    });
    expectAwsError(response, 400, 'ValidationException');
    expect(response.json?.message).toBe(
      "1 validation error detected: Value 'ten' at 'maxResults' failed to satisfy constraint: Member must be of type integer",
    );
    const flag = await signedRequest(harness.url, {
      method: 'GET',
      path: '/v1/list-associated-packages?domain=d1&package-group=%2F%2A&preview=yes',
    });
    expect(flag.json?.message).toMatch(
      /Value 'yes' at 'preview' failed to satisfy constraint: Member must be of type boolean/,
    );
  });

  it('an unknown path or method under /v1 is 404 UnknownOperationException', async () => {
    const unknownPath = await signedRequest(harness.url, { method: 'GET', path: '/v1/nothing-here' });
    expectAwsError(unknownPath, 404, 'UnknownOperationException');
    const wrongMethod = await signedRequest(harness.url, { method: 'PATCH', path: '/v1/domain?domain=abc' });
    expectAwsError(wrongMethod, 404, 'UnknownOperationException');
  });

  it('an invalid percent-encoding in the query is a 400', async () => {
    const response = await rawRequest(harness.url, { method: 'GET', path: '/v1/domain?domain=%E0%A4%A' });
    expectAwsError(response, 400, 'MalformedHttpRequestException');
  });
});

describe('format endpoint handlers', () => {
  it('passes other paths to the handlers in order', async () => {
    const response = await rawRequest(harness.url, {
      method: 'GET',
      path: '/my-domain-111122223333/npm/repo/left-pad',
    });
    expect(response.status).toBe(200);
    expect(response.body).toBe('npm endpoint');
    expect(handled).toEqual(['/my-domain-111122223333/npm/repo/left-pad']);
    expect(handledAs, 'the request acts as the npm client for the activity timeline').toEqual(['npm client']);
  });

  it('answers 404 when no handler takes a path', async () => {
    const response = await rawRequest(harness.url, { method: 'GET', path: '/favicon.ico' });
    expectAwsError(response, 404, 'NotFoundException');
  });

  it('turns a throwing handler into a logged 500', async () => {
    const response = await rawRequest(harness.url, { method: 'GET', path: '/boom' });
    expectAwsError(response, 500, 'InternalServerException');
    expect(response.json?.message).not.toContain('exploded');
    expect(String(harness.logged[0]?.error)).toContain('handler exploded');
  });
});
