/**
 * The console's operation API and asset download over real HTTP against a real service: the token
 * is required (bearer header, constant-time checked), results and errors come back as envelopes
 * through the wire codec (Dates and bytes intact), bodies are bounded, assets stream with their
 * exact bytes, and nothing answers cross-origin requests permissively.
 */
import { createHash } from 'node:crypto';
import { ListDomainsCommand } from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDisposition } from '../../src/main/console/asset-route';
import { unknownOperationError } from '../../src/shared/app-operations';
import { assetQuery, consoleUnauthorized } from '../../src/shared/console-protocol';
import { parseWire } from '../../src/shared/wire-codec';
import { consoleCall, errorOf, rawHttp, valueOf } from './console-http';
import { makeRendererBuild, type RendererBuild } from './renderer-build';
import { consoleToken, startTestService, type ServiceFixture } from './service-fixture';

let build: RendererBuild;
let fixture: ServiceFixture;
let url: string;

const version = {
  domain: 'team',
  repository: 'libs',
  format: 'generic',
  namespace: 'tools',
  package: 'cli',
  packageVersion: '2.0.0',
} as const;
const assetBytes = new Uint8Array(Array.from({ length: 70_000 }, (_, i) => (i * 7 + 3) % 256));

beforeAll(async () => {
  build = await makeRendererBuild();
  fixture = await startTestService({ rendererDir: build.rendererDir });
  url = fixture.service.url;
});

afterAll(async () => {
  await fixture?.close();
  await build?.remove();
});

/** `token: null` sends no Authorization header. */
function call(operation: string, input: unknown = {}, token: string | null = consoleToken) {
  return consoleCall(url, operation, input, token ?? undefined);
}

describe('the console token', () => {
  it('is required: missing, wrong, or sent another way, the API answers 401 with a clear message', async () => {
    const refusals = [
      await call('ListDomains', {}, null),
      await call('ListDomains', {}, 'wrong-token-0123456789'),
      await call('ListDomains', {}, `${consoleToken}x`),
      await call('ListDomains', {}, consoleToken.slice(0, -1)),
    ];
    for (const [i, answer] of refusals.entries()) {
      expect(answer.status, `refusal ${i}: ${JSON.stringify(answer.envelope)}`).toBe(401);
      expect(answer.headers.get('www-authenticate')).toContain('Bearer');
      const error = errorOf(answer);
      expect(error.name).toBe(consoleUnauthorized);
      expect(error.message).toContain('console token is missing or wrong');
    }
    const inQuery = await rawHttp(url, 'POST', `/console/api/ListDomains?token=${consoleToken}`, {}, '{}');
    expect(inQuery.status).toBe(401);
    const basic = await rawHttp(url, 'POST', '/console/api/ListDomains', {
      Authorization: `Basic ${Buffer.from(`aws:${consoleToken}`).toString('base64')}`,
    });
    expect(basic.status).toBe(401);
  });

  it('opens the API when right', async () => {
    const answer = await call('ListDomains');
    expect(answer.status).toBe(200);
    expect(valueOf(answer)).toMatchObject({ domains: [] });
  });
});

describe('operations', () => {
  it('return results through the wire codec, Dates as Dates', async () => {
    const created = valueOf<{ domain: { name: string; createdTime: Date } }>(
      await call('CreateDomain', { domain: 'team' }),
    );
    expect(created.domain.name).toBe('team');
    expect(created.domain.createdTime).toBeInstanceOf(Date);
    expect(Math.abs(created.domain.createdTime.getTime() - Date.now())).toBeLessThan(60_000);
    valueOf(await call('CreateRepository', { domain: 'team', repository: 'libs' }));
    // What the console did is what the SDK sees.
    const listed = await fixture.client().send(new ListDomainsCommand({}));
    expect(listed.domains?.map((d) => d.name)).toEqual(['team']);
  });

  it('carry bytes in and out: publishing an asset from the console stores exactly those bytes', async () => {
    const published = valueOf<{ status: string; asset: { size: number } }>(
      await call('PublishPackageVersion', {
        ...version,
        assetName: 'cli.bin',
        assetContent: assetBytes,
        assetSHA256: createHash('sha256').update(assetBytes).digest('hex'),
      }),
    );
    expect(published.status).toBe('Published');
    expect(published.asset.size).toBe(assetBytes.length);
  });

  it('answer engine errors with the AWS name, message and fields (HTTP 200, the envelope says it failed)', async () => {
    const answer = await call('DescribeRepository', { domain: 'team', repository: 'nope' });
    expect(answer.status).toBe(200);
    expect(errorOf(answer)).toMatchObject({
      name: 'ResourceNotFoundException',
      fields: { resourceType: 'repository' },
    });
    expect(errorOf(answer).message).toContain('nope');
    expect(errorOf(await call('CreateDomain', { domain: 'Bad Name' }))).toMatchObject({
      name: 'ValidationException',
      fields: { reason: 'FIELD_VALIDATION_FAILED' },
    });
  });

  it('refuse unknown operation names', async () => {
    expect(errorOf(await call('DropEverything')).name).toBe(unknownOperationError);
    expect(errorOf(await call('app.exit')).name).toBe(unknownOperationError);
  });

  it('run app operations, with the console mode in the status', async () => {
    // externalUpstreams joins the status once the user's clients have answered, in the background.
    expect(valueOf(await call('app.status'))).toMatchObject({
      endpoint: url,
      accountId: '123456789012',
      region: 'us-east-1',
      mode: 'console',
      dataDir: fixture.service.dataDir,
    });
    const saveAsset = errorOf(await call('app.saveAsset', { ...version, asset: 'cli.bin' }));
    expect(saveAsset.message).toContain('/console/asset');
  });

  it('rotate the credentials the SDK must sign with', async () => {
    const before = valueOf<{ accessKeyId: string; secretAccessKey: string }>(await call('app.credentials'));
    const after = valueOf<{ accessKeyId: string; secretAccessKey: string }>(
      await call('app.rotateCredentials'),
    );
    expect(after.accessKeyId).not.toBe(before.accessKeyId);
    await expect(fixture.client(before).send(new ListDomainsCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
    await expect(fixture.client(after).send(new ListDomainsCommand({}))).resolves.toBeDefined();
  });
});

describe('request framing', () => {
  const auth = { Authorization: `Bearer ${consoleToken}` };

  it('refuses a body that is not JSON with a ValidationException (CANNOT_PARSE)', async () => {
    const answer = await rawHttp(
      url,
      'POST',
      '/console/api/ListDomains',
      { ...auth, 'Content-Type': 'application/json' },
      '{nope',
    );
    expect(answer.status).toBe(400);
    const envelope = parseWire(answer.body.toString()) as {
      ok: boolean;
      error: { name: string; fields: unknown };
    };
    expect(envelope.ok).toBe(false);
    expect(envelope.error).toMatchObject({ name: 'ValidationException', fields: { reason: 'CANNOT_PARSE' } });
  });

  it('refuses malformed codec tags', async () => {
    const answer = await rawHttp(
      url,
      'POST',
      '/console/api/CreateDomain',
      auth,
      '{"domain":{"$date":"yesterday"}}',
    );
    expect(answer.status).toBe(400);
    expect(answer.body.toString()).toContain('$date');
  });

  it('refuses a declared body over the limit with 413 before reading it', async () => {
    const answer = await rawHttp(
      url,
      'POST',
      '/console/api/ListDomains',
      { ...auth, 'Content-Length': 64 * 1024 * 1024 },
      Buffer.alloc(0),
    ).catch((error: Error) => error);
    // The server answers at once and closes; the client may see the answer or a reset.
    if (!(answer instanceof Error)) {
      expect(answer.status).toBe(413);
      expect(answer.body.toString()).toContain('larger than');
    }
  });

  it('answers other methods with 405 and an Allow header', async () => {
    const answer = await rawHttp(url, 'GET', '/console/api/ListDomains', auth);
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
  });

  it('gives no CORS grant, not even to a preflight', async () => {
    const preflight = await rawHttp(url, 'OPTIONS', '/console/api/ListDomains', {
      Origin: 'https://attacker.invalid',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization',
    });
    expect(preflight.status).toBe(405);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
  });

  it('sends the security headers and no-store with API answers', async () => {
    const answer = await call('ListDomains');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('answers unknown console paths with a 404 envelope', async () => {
    const answer = await rawHttp(url, 'GET', '/console/other', auth);
    expect(answer.status).toBe(404);
    expect(answer.body.toString()).toContain('NotFoundException');
  });
});

describe('asset download', () => {
  const auth = { Authorization: `Bearer ${consoleToken}` };

  it('streams the exact bytes with a Content-Disposition naming the asset', async () => {
    const answer = await rawHttp(
      url,
      'GET',
      `/console/asset?${assetQuery({ ...version, asset: 'cli.bin' })}`,
      auth,
    );
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/octet-stream');
    expect(answer.headers['content-disposition']).toBe(
      `attachment; filename="cli.bin"; filename*=UTF-8''cli.bin`,
    );
    expect(answer.headers['x-package-version']).toBe('2.0.0');
    expect(answer.body.equals(Buffer.from(assetBytes))).toBe(true);
  });

  it('needs the token in the Authorization header', async () => {
    const path = `/console/asset?${assetQuery({ ...version, asset: 'cli.bin' })}`;
    expect((await rawHttp(url, 'GET', path)).status).toBe(401);
    expect((await rawHttp(url, 'GET', `${path}&token=${consoleToken}`)).status).toBe(401);
  });

  it('answers a missing asset 404 and a missing member 400, as envelopes', async () => {
    const missing = await rawHttp(
      url,
      'GET',
      `/console/asset?${assetQuery({ ...version, asset: 'none.bin' })}`,
      auth,
    );
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString())).toMatchObject({
      ok: false,
      error: { name: 'ResourceNotFoundException' },
    });
    const incomplete = await rawHttp(url, 'GET', `/console/asset?domain=team`, auth);
    expect(incomplete.status).toBe(400);
    expect(JSON.parse(incomplete.body.toString())).toMatchObject({
      ok: false,
      error: { name: 'ValidationException' },
    });
  });

  it('follows the status rules: an archived version cannot be downloaded (409)', async () => {
    valueOf(
      await call('PublishPackageVersion', {
        ...version,
        packageVersion: '3.0.0',
        assetName: 'old.bin',
        assetContent: new Uint8Array([1, 2, 3]),
        assetSHA256: createHash('sha256')
          .update(new Uint8Array([1, 2, 3]))
          .digest('hex'),
      }),
    );
    valueOf(
      await call('UpdatePackageVersionsStatus', {
        ...version,
        versions: ['3.0.0'],
        targetStatus: 'Archived',
      }),
    );
    const answer = await rawHttp(
      url,
      'GET',
      `/console/asset?${assetQuery({ ...version, packageVersion: '3.0.0', asset: 'old.bin' })}`,
      auth,
    );
    expect(answer.status).toBe(409);
    expect(JSON.parse(answer.body.toString())).toMatchObject({
      ok: false,
      error: { name: 'ConflictException' },
    });
  });

  it('names files safely in Content-Disposition', () => {
    expect(contentDisposition('dist/my lib "v1".tgz')).toBe(
      `attachment; filename="my lib _v1_.tgz"; filename*=UTF-8''my%20lib%20%22v1%22.tgz`,
    );
    expect(contentDisposition('bücher.whl')).toBe(
      `attachment; filename="b_cher.whl"; filename*=UTF-8''b%C3%BCcher.whl`,
    );
  });
});
