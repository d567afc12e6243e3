// The format endpoints' front: the repository URL of GetRepositoryEndpoint, token authentication with
// the challenge each kind of client understands, and 404 for what does not exist.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServerHandle } from '../../src/main/http';
import { createFormatRouter, type FormatRequest } from '../../src/main/http/formats';
import { accountId, openEngine, type EngineFixture } from '../engine/engine-fixture';

let engine: EngineFixture;
let server: HttpServerHandle;
let base: string;
let token: string;
let otherToken: string;
const seen: FormatRequest[] = [];

function get(
  path: string,
  authorization?: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: authorization ? { authorization } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const basic = (secret: string): string => `Basic ${Buffer.from(`aws:${secret}`).toString('base64')}`;

beforeAll(async () => {
  engine = await openEngine(new Date());
  await engine.call('CreateDomain', { domain: 'acme' });
  await engine.call('CreateDomain', { domain: 'other' });
  await engine.call('CreateRepository', { domain: 'acme', repository: 'app' });
  token = (await engine.call('GetAuthorizationToken', { domain: 'acme' })).authorizationToken ?? '';
  otherToken = (await engine.call('GetAuthorizationToken', { domain: 'other' })).authorizationToken ?? '';
  const handler = {
    async handle(request: FormatRequest) {
      seen.push(request);
      request.res.writeHead(200, { 'Content-Type': 'text/plain' });
      request.res.end(`served ${request.path}`);
    },
  };
  server = createHttpServer({
    invoke: () => Promise.reject(new Error('not used')),
    credentials: [],
    region: 'eu-west-1',
    handlers: [
      createFormatRouter(engine.ctx, {
        npm: { challenge: 'Bearer', ...handler },
        pypi: { challenge: 'Basic', ...handler },
      }),
    ],
  });
  base = (await server.listen(0)).url;
});

afterAll(async () => {
  await server?.close();
  await engine?.close();
});

describe('format endpoint routing and authentication', () => {
  it('hands an authenticated request to the format with its domain, repository, endpoint and path', async () => {
    const answer = await get(`/acme-${accountId}/npm/app/%40scope%2fpkg?write=true`, `Bearer ${token}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('served %40scope%2fpkg');
    const last = seen.at(-1);
    expect(last?.domain.name).toBe('acme');
    expect(last?.repository.name).toBe('app');
    expect(last?.format).toBe('npm');
    expect(last?.endpoint).toBe(`http://127.0.0.1:5484/acme-${accountId}/npm/app/`);
    expect(last?.query.get('write')).toBe('true');
  });

  it('accepts Basic aws:TOKEN as pip, twine and Maven send it', async () => {
    const answer = await get(`/acme-${accountId}/pypi/app/simple/`, basic(token));
    expect(answer.status).toBe(200);
  });

  it('challenges npm clients with Bearer and pip clients with Basic when no token is sent', async () => {
    const npm = await get(`/acme-${accountId}/npm/app/left-pad`);
    expect(npm.status).toBe(401);
    expect(npm.headers['www-authenticate']).toMatch(/^Bearer realm=/);
    expect(JSON.parse(npm.body).error).toMatch(/authorization token/);
    const pip = await get(`/acme-${accountId}/pypi/app/simple/`);
    expect(pip.status).toBe(401);
    expect(pip.headers['www-authenticate']).toMatch(/^Basic realm=/);
  });

  it('refuses an unknown token and a token of another domain', async () => {
    expect((await get(`/acme-${accountId}/npm/app/x`, 'Bearer nonsense')).status).toBe(401);
    const foreign = await get(`/acme-${accountId}/npm/app/x`, `Bearer ${otherToken}`);
    expect(foreign.status).toBe(401);
    expect(JSON.parse(foreign.body).error).toMatch(/another domain/);
  });

  it('refuses a token once it has expired', async () => {
    engine.advance(13 * 3600 * 1000);
    try {
      expect((await get(`/acme-${accountId}/npm/app/x`, `Bearer ${token}`)).status).toBe(401);
    } finally {
      engine.advance(-13 * 3600 * 1000);
    }
  });

  it('answers 404 for a repository or domain that does not exist', async () => {
    expect((await get(`/acme-${accountId}/npm/nope/x`, `Bearer ${token}`)).status).toBe(404);
    expect((await get(`/acme-999999999999/npm/app/x`, `Bearer ${token}`)).status).toBe(401);
  });

  it('leaves formats it does not serve to the next handler', async () => {
    expect((await get(`/acme-${accountId}/maven/app/x`, `Bearer ${token}`)).status).toBe(404);
  });
});
