// No request can take the service down: malformed paths, methods, headers and bodies sent to every
// front door (the API, the npm, PyPI and Maven endpoints, the console) get a 4xx answer, and the
// service keeps answering real clients afterwards.
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/main/service/service';

let service: RunningService;
let dataDir: string;
let token = '';
let repoBase = '';

interface Answer {
  readonly status: number;
}

function send(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Answer> {
  const url = new URL(service.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'artifact-desk-robust-'));
  service = await startService({
    dataDir,
    port: 0,
    accountId: '111122223333',
    region: 'us-east-1',
    useClientConfig: false,
  });
  await service.invoke('CreateDomain', { domain: 'acme' });
  await service.invoke('CreateRepository', { domain: 'acme', repository: 'app' });
  token = (await service.invoke('GetAuthorizationToken', { domain: 'acme' })).authorizationToken ?? '';
  repoBase = '/acme-111122223333';
});

afterAll(async () => {
  await service?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('malformed requests', () => {
  it('answers every one of 2000 random malformed requests with a status below 500', async () => {
    const random = generator(20261121);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const prefixes = [
      '/v1/domain',
      '/v1/repository',
      '/v1/package/version/publish',
      '/v1/package/versions',
      '/v1/tags',
      '/v1//',
      '/v1/domain?domain=a&domain=b&domain-owner=',
      '/v1/repositories?max-results=-1&next-token=%ff',
      `${repoBase}/npm/app/`,
      `${repoBase}/pypi/app/`,
      `${repoBase}/pypi/app/simple/`,
      `${repoBase}/maven/app/`,
      `${repoBase}/maven/app/com/acme/lib/1.0/lib-1.0.jar`,
      `${repoBase}/npm/app/-/package/`,
      `${repoBase}/pypi/app/files/`,
      '/console/api/',
      '/',
    ];
    const junk = [
      '%',
      '%zz',
      '..',
      '%2e%2e',
      '\\',
      '@',
      '@scope%2f',
      '-',
      '~',
      '*',
      'a'.repeat(300),
      '%00',
      '?x=%',
      '#',
      '//',
    ];
    const methods = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'];
    const authorizations = [
      undefined,
      `Bearer ${token}`,
      `Basic ${Buffer.from(`aws:${token}`).toString('base64')}`,
      'Bearer',
      'Basic !!!',
      'AWS4-HMAC-SHA256 Credential=/',
      'AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/codeartifact/aws4_request, SignedHeaders=host, Signature=00',
    ];
    const bodies = [
      undefined,
      Buffer.from('{'),
      Buffer.from('null'),
      Buffer.from('[]'),
      Buffer.alloc(2048, 0xff),
      Buffer.from('--x\r\n\r\n'),
    ];
    const contentTypes = [
      'application/json',
      'multipart/form-data; boundary=x',
      'multipart/form-data',
      'text/plain',
      '',
    ];
    const failures: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const method = pick(methods);
      const path = pick(prefixes) + pick(junk) + (random() < 0.5 ? '/' + pick(junk) : '');
      const headers: Record<string, string> = {};
      const authorization = pick(authorizations);
      if (authorization) headers['authorization'] = authorization;
      const contentType = pick(contentTypes);
      if (contentType) headers['content-type'] = contentType;
      const body = method === 'GET' || method === 'HEAD' ? undefined : pick(bodies);
      if (random() < 0.2)
        headers['x-amz-content-sha256'] = pick(['', 'zz', 'UNSIGNED-PAYLOAD', '0'.repeat(64)]);
      const answer = await send(method, path, headers, body);
      if (answer.status >= 500 || answer.status === 0) failures.push(`${method} ${path} → ${answer.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('still serves real requests afterwards', async () => {
    const { domains } = await service.invoke('ListDomains', {});
    expect(domains?.map((domain) => domain.name)).toEqual(['acme']);
    const answer = await send('GET', `${repoBase}/npm/app/left-pad`, { authorization: `Bearer ${token}` });
    expect(answer.status).toBe(404);
  });
});
