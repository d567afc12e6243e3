/**
 * The real AWS CLI v1 and v2 against the endpoint: their SigV4 signatures (computed by botocore,
 * which signs differently from the JavaScript SDK) verify, their requests bind, and a wrong secret
 * is refused. Each CLI call costs about a second, so there are only a few.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAwsCli, type AwsCliTarget } from '../helpers/aws-cli';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { accessKeyId, region, secretAccessKey, startHarness, type Harness } from './harness';

let harness: Harness;
let target: AwsCliTarget;
let workDir: string;

beforeAll(async () => {
  harness = await startHarness();
  target = { endpoint: harness.url, region, accessKeyId, secretAccessKey };
  workDir = await makeTempDir('artifact-desk-http-cli-');
  harness.answer('ListDomains', () => ({
    domains: [
      {
        name: 'cli-domain',
        owner: '111122223333',
        status: 'Active',
        createdTime: new Date('2024-01-02T03:04:05.5Z'),
      },
    ],
  }));
  harness.answer('CreateDomain', (input) => ({
    domain: { name: input.domain, createdTime: new Date('2024-01-02T03:04:05Z') },
  }));
});

afterAll(async () => {
  await harness.close();
  await removeDir(workDir);
});

describe('AWS CLI v1', () => {
  it('list-domains: the signature verifies and the timestamp comes back', async () => {
    const result = await runAwsCli(1, ['codeartifact', 'list-domains', '--max-results', '5'], target);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json).toEqual({
      domains: [{ name: 'cli-domain', owner: '111122223333', status: 'Active', createdTime: 1704164645.5 }],
    });
    expect(harness.calls.at(-1)).toEqual({ operation: 'ListDomains', input: { maxResults: 5 } });
  }, 60_000);

  it('publish-package-version: a streamed asset signed with its SHA-256', async () => {
    const file = path.join(workDir, 'tool.bin');
    const content = Buffer.from('generic package bytes\n'.repeat(1000));
    await writeFile(file, content);
    const sha256 = createHash('sha256').update(content).digest('hex');
    let receivedHash = '';
    harness.answer('PublishPackageVersion', async (input) => {
      const hash = createHash('sha256');
      for await (const chunk of input.assetContent as AsyncIterable<Buffer>) hash.update(chunk);
      receivedHash = hash.digest('hex');
      return {
        format: 'generic',
        namespace: 'tools',
        package: 'tool',
        version: '1.0.0',
        status: 'Published',
      };
    });
    const result = await runAwsCli(
      1,
      [
        'codeartifact',
        'publish-package-version',
        '--domain',
        'cli-domain',
        '--repository',
        'repo',
        '--format',
        'generic',
        '--namespace',
        'tools',
        '--package',
        'tool',
        '--package-version',
        '1.0.0',
        '--asset-name',
        'tool.bin',
        '--asset-content',
        file,
        '--asset-sha256',
        sha256,
      ],
      target,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(receivedHash).toBe(sha256);
    expect(harness.calls.at(-1)?.input).toMatchObject({
      assetSHA256: sha256,
      assetName: 'tool.bin',
      packageVersion: '1.0.0',
    });
  }, 60_000);

  it('a wrong secret fails with InvalidSignatureException', async () => {
    const result = await runAwsCli(1, ['codeartifact', 'list-domains'], {
      ...target,
      secretAccessKey: 'wrong-secret',
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/InvalidSignatureException/);
  }, 60_000);
});

describe('AWS CLI v2', () => {
  it('create-domain with tags: the signature verifies and members bind', async () => {
    const result = await runAwsCli(
      2,
      ['codeartifact', 'create-domain', '--domain', 'cli-v2', '--tags', 'key=team,value=tools'],
      target,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(harness.calls.at(-1)).toEqual({
      operation: 'CreateDomain',
      input: { domain: 'cli-v2', tags: [{ key: 'team', value: 'tools' }] },
    });
    expect(result.json).toMatchObject({ domain: { name: 'cli-v2' } });
  }, 60_000);

  it('a wrong secret fails with InvalidSignatureException', async () => {
    const result = await runAwsCli(2, ['codeartifact', 'list-domains'], {
      ...target,
      secretAccessKey: 'wrong-secret',
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/InvalidSignatureException/);
  }, 60_000);
});
