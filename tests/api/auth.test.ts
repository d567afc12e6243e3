/**
 * Who may talk to the endpoint: SigV4 verification against the local credentials, the loopback
 * Host guard, credentials that persist in the data directory, and the data-directory lock.
 */
import { ListDomainsCommand, CreateDomainCommand, DescribeDomainCommand } from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorNamed } from '../helpers/expect-error';
import { rawRequest, signedRawRequest } from '../helpers/raw-http';
import { domainArn } from '../helpers/resources';
import { ServeStartError, startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

let serve: ServeHandle;

beforeAll(async () => {
  serve = await startServe();
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
}, 30_000);

function errorType(headers: Record<string, string | string[] | undefined>): string {
  const value = headers['x-amzn-errortype'];
  // AWS may append ":<namespace url>" to the type.
  return String(Array.isArray(value) ? value[0] : (value ?? '')).split(':')[0] as string;
}

describe('SigV4 verification', () => {
  it('accepts requests signed with the credentials serve printed', async () => {
    const result = await serve.client().send(new ListDomainsCommand({}));
    expect(result.$metadata.httpStatusCode).toBe(200);
  });

  it('refuses a request signed with a wrong secret: 403 InvalidSignatureException', async () => {
    const client = serve.client({
      credentials: { accessKeyId: serve.accessKeyId, secretAccessKey: `${serve.secretAccessKey}x` },
    });
    await expectErrorNamed(client.send(new ListDomainsCommand({})), 'InvalidSignatureException', 403);
    await expectErrorNamed(
      client.send(new CreateDomainCommand({ domain: 'forged' })),
      'InvalidSignatureException',
      403,
    );
    await expect(serve.client().send(new DescribeDomainCommand({ domain: 'forged' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('refuses an unknown access key: 403 UnrecognizedClientException', async () => {
    const client = serve.client({
      credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: serve.secretAccessKey },
    });
    await expectErrorNamed(client.send(new ListDomainsCommand({})), 'UnrecognizedClientException', 403);
  });

  it('refuses an unsigned request: 403 MissingAuthenticationTokenException', async () => {
    const response = await rawRequest({
      endpoint: serve.endpoint,
      method: 'POST',
      path: '/v1/domains',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(errorType(response.headers)).toBe('MissingAuthenticationTokenException');
    expect(response.json?.message ?? response.json?.Message, response.body).toEqual(expect.any(String));
  });

  it('refuses a signature made more than 15 minutes ago: 403 InvalidSignatureException', async () => {
    const response = await signedRawRequest({
      endpoint: serve.endpoint,
      method: 'POST',
      path: '/v1/domains',
      body: '{}',
      accessKeyId: serve.accessKeyId,
      secretAccessKey: serve.secretAccessKey,
      region: serve.region,
      signingDate: new Date(Date.now() - 20 * 60_000),
    });
    expect(response.status).toBe(403);
    expect(errorType(response.headers)).toBe('InvalidSignatureException');
  });

  it('a correctly signed raw request works (control for the Host tests below)', async () => {
    const response = await signedRawRequest({
      endpoint: serve.endpoint,
      method: 'POST',
      path: '/v1/domains',
      body: '{}',
      accessKeyId: serve.accessKeyId,
      secretAccessKey: serve.secretAccessKey,
      region: serve.region,
    });
    expect(response.status, response.body).toBe(200);
    expect(response.json?.domains).toEqual(expect.any(Array));
  });
});

describe('Host guard against DNS rebinding', () => {
  it('refuses a request whose Host is not a loopback name, even when it is signed: 403 naming the host', async () => {
    const response = await signedRawRequest({
      endpoint: serve.endpoint,
      method: 'POST',
      path: '/v1/domains',
      body: '{}',
      accessKeyId: serve.accessKeyId,
      secretAccessKey: serve.secretAccessKey,
      region: serve.region,
      host: 'evil.example',
    });
    expect(response.status).toBe(403);
    expect(response.body).toContain('evil.example');
  });

  it('refuses an unsigned request with a foreign Host too', async () => {
    const response = await rawRequest({
      endpoint: serve.endpoint,
      method: 'POST',
      path: '/v1/domains',
      headers: { host: 'evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(403);
  });

  it.each(['127.0.0.1.evil.example', 'localhost.evil.example', 'evil.example:80', '10.0.0.1'])(
    'refuses the look-alike Host %s',
    async (host) => {
      const response = await signedRawRequest({
        endpoint: serve.endpoint,
        method: 'POST',
        path: '/v1/domains',
        body: '{}',
        accessKeyId: serve.accessKeyId,
        secretAccessKey: serve.secretAccessKey,
        region: serve.region,
        host,
      });
      expect(response.status, response.body).toBe(403);
    },
  );

  it('accepts localhost with the port as Host', async () => {
    const port = new URL(serve.endpoint).port;
    const response = await signedRawRequest({
      endpoint: serve.endpoint,
      method: 'POST',
      path: '/v1/domains',
      body: '{}',
      accessKeyId: serve.accessKeyId,
      secretAccessKey: serve.secretAccessKey,
      region: serve.region,
      host: `localhost:${port}`,
    });
    expect(response.status, response.body).toBe(200);
  });

  it('does not grant cross-origin access to web pages', async () => {
    const response = await rawRequest({
      endpoint: serve.endpoint,
      method: 'OPTIONS',
      path: '/v1/domains',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    const allowOrigin = response.headers['access-control-allow-origin'];
    expect(
      allowOrigin === '*' || allowOrigin === 'http://evil.example',
      `Access-Control-Allow-Origin: ${allowOrigin}`,
    ).toBe(false);
  });
});

describe('serve and its data directory', () => {
  it('keeps generated credentials and data across a restart on the same data directory', async () => {
    const dataDir = await makeTempDir('artifact-desk-auth-');
    try {
      const first = await startServe({ dataDir });
      let firstCredentials: { accessKeyId: string; secretAccessKey: string };
      try {
        expect(first.dataDir).toBe(dataDir);
        expect(first.accessKeyId).toMatch(/^\S{16,}$/);
        expect(first.secretAccessKey).toMatch(/^\S{20,}$/);
        firstCredentials = { accessKeyId: first.accessKeyId, secretAccessKey: first.secretAccessKey };
        await first.client().send(new CreateDomainCommand({ domain: 'survives' }));
      } finally {
        const exit = await first.stop('SIGTERM');
        expect(exit, 'SIGTERM ends serve cleanly').toEqual({ code: 0, signal: null });
      }

      const second = await startServe({ dataDir });
      try {
        expect(second.accessKeyId).toBe(firstCredentials.accessKeyId);
        expect(second.secretAccessKey).toBe(firstCredentials.secretAccessKey);
        const { domain } = await second
          .client({ credentials: firstCredentials })
          .send(new DescribeDomainCommand({ domain: 'survives' }));
        expect(domain?.name).toBe('survives');
      } finally {
        await second.dispose();
      }
    } finally {
      await removeDir(dataDir);
    }
  }, 60_000);

  it('generates different credentials for different data directories', async () => {
    const other = await startServe();
    try {
      expect(other.accessKeyId).not.toBe(serve.accessKeyId);
      expect(other.secretAccessKey).not.toBe(serve.secretAccessKey);
      // Keys of one instance are unknown to the other.
      const foreign = other.client({
        credentials: { accessKeyId: serve.accessKeyId, secretAccessKey: serve.secretAccessKey },
      });
      await expectErrorNamed(foreign.send(new ListDomainsCommand({})), 'UnrecognizedClientException', 403);
    } finally {
      await other.dispose();
    }
  }, 60_000);

  it('honours --account-id, --region, --access-key-id and --secret-access-key', async () => {
    const custom = await startServe({
      accountId: '111122223333',
      region: 'eu-west-3',
      accessKeyId: 'AKIAFLAGGIVEN0000001',
      secretAccessKey: 'flag-given-secret-key-0123456789abcdefghij',
    });
    try {
      expect(custom.accountId).toBe('111122223333');
      expect(custom.region).toBe('eu-west-3');
      expect(custom.accessKeyId).toBe('AKIAFLAGGIVEN0000001');
      expect(custom.secretAccessKey).toBe('flag-given-secret-key-0123456789abcdefghij');
      const { domain } = await custom.client().send(new CreateDomainCommand({ domain: 'flagged' }));
      expect(domain?.owner).toBe('111122223333');
      expect(domain?.arn).toBe(domainArn(custom, 'flagged'));
      expect(domain?.arn).toBe('arn:aws:codeartifact:eu-west-3:111122223333:domain/flagged');
    } finally {
      await custom.dispose();
    }
  }, 60_000);

  it('refuses to start a second serve on a data directory in use, naming the lock holder', async () => {
    let error: unknown;
    try {
      const intruder = await startServe({ dataDir: serve.dataDir });
      await intruder.stop('SIGKILL');
    } catch (caught) {
      error = caught;
    }
    expect(error, 'the second serve must not start').toBeInstanceOf(ServeStartError);
    const failure = error as ServeStartError;
    expect(failure.exit?.code, 'it exits with a failure code').not.toBe(0);
    const said = `${failure.stderr}\n${failure.stdout}`;
    expect(said).toMatch(/lock|in use/i);
    expect(said).toContain(String(serve.pid));
    // The first one is unaffected.
    expect((await serve.client().send(new ListDomainsCommand({}))).$metadata.httpStatusCode).toBe(200);
  }, 60_000);
});
