/**
 * Names the format endpoints accept are names the API can serve: a Maven PUT whose segment is longer
 * than 255 characters, is `.`/`..` (plain or percent-encoded), is empty, or whose groupId joins to
 * more than 255 characters is refused with 400 and stores nothing, and what is accepted downloads
 * through GetPackageVersionAsset. Paths are sent raw, as a client that does not normalise them would.
 */
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetPackageVersionAssetCommand,
  ListPackagesCommand,
} from '@aws-sdk/client-codeartifact';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type ServiceFixture } from '../console/service-fixture';

let fixture: ServiceFixture;
let token: string;
const prefix = '/paths-123456789012/maven/repo/';

function put(path: string, body: string): Promise<{ status: number; body: string }> {
  const url = new URL(fixture.service.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'PUT',
        path,
        headers: {
          Authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}`,
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  fixture = await startTestService();
  const client = fixture.client();
  await client.send(new CreateDomainCommand({ domain: 'paths' }));
  await client.send(new CreateRepositoryCommand({ domain: 'paths', repository: 'repo' }));
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'paths' }))).authorizationToken ?? '';
});

afterAll(async () => {
  await fixture?.close();
});

describe('Maven upload paths', () => {
  it.each([
    ['a file name of 3,000 characters', `org/acme/lib/1.0/${'x'.repeat(3000)}.jar`],
    ['a path ending in /..', 'org/acme/lib/1.0/lib-1.0.jar/..'],
    ['a . segment', 'org/./acme/lib/1.0/lib-1.0.jar'],
    ['a percent-encoded .. segment', 'org/acme/%2e%2e/lib/1.0/lib-1.0.jar'],
    ['an empty segment', 'org//acme/lib/1.0/lib-1.0.jar'],
    ['a groupId longer than 255 characters', `${'g'.repeat(200)}/${'h'.repeat(100)}/lib/1.0/lib-1.0.jar`],
    ['a version longer than 255 characters', `org/acme/lib/${'1'.repeat(256)}/lib.jar`],
  ])('refuses %s with 400 and stores nothing', async (_what, path) => {
    const answer = await put(`${prefix}${path}`, 'content');
    expect(answer.status, answer.body).toBe(400);
    const listed = await fixture
      .client()
      .send(new ListPackagesCommand({ domain: 'paths', repository: 'repo' }));
    expect(listed.packages ?? [], 'nothing may be stored by a refused upload').toEqual([]);
  });

  it('accepts a 255-character file name and serves it back through the API', async () => {
    const name = `${'n'.repeat(251)}.jar`;
    const answer = await put(`${prefix}org/acme/long/1.0/${name}`, 'jar bytes');
    expect(answer.status, answer.body).toBe(201);
    const metadata = `<metadata><groupId>org.acme</groupId><artifactId>long</artifactId><versioning><release>1.0</release><versions><version>1.0</version></versions></versioning></metadata>`;
    expect((await put(`${prefix}org/acme/long/maven-metadata.xml`, metadata)).status).toBe(201);
    const asset = await fixture.client().send(
      new GetPackageVersionAssetCommand({
        domain: 'paths',
        repository: 'repo',
        format: 'maven',
        namespace: 'org.acme',
        package: 'long',
        packageVersion: '1.0',
        asset: name,
      }),
    );
    expect(await asset.asset?.transformToString()).toBe('jar bytes');
  });
});
