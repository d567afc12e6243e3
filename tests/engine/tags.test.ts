// TagResource, UntagResource and ListTagsForResource by ARN.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ValidationException,
} from '../../src/main/engine/errors';
import {
  accountId,
  expectServiceError,
  openEngine,
  otherAccountId,
  region,
  type EngineFixture,
} from './engine-fixture';

const domainArn = `arn:aws:codeartifact:${region}:${accountId}:domain/acme`;
const repositoryArn = `arn:aws:codeartifact:${region}:${accountId}:repository/acme/libs`;
const rootGroupArn = `arn:aws:codeartifact:${region}:${accountId}:package-group/acme/*`;

describe('tags', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openEngine();
    await engine.call('CreateDomain', { domain: 'acme' });
    await engine.call('CreateRepository', { domain: 'acme', repository: 'libs' });
  });
  afterEach(async () => {
    await engine.close();
  });

  const list = async (resourceArn: string) =>
    (await engine.call('ListTagsForResource', { resourceArn })).tags;

  it.each([
    ['a domain', domainArn],
    ['a repository', repositoryArn],
    ['a package group', rootGroupArn],
  ])('tags %s, upserting by key, and untags it', async (_label, resourceArn) => {
    expect(await list(resourceArn)).toEqual([]);
    expect(
      await engine.call('TagResource', {
        resourceArn,
        tags: [
          { key: 'team', value: 'platform' },
          { key: 'env', value: 'dev' },
        ],
      }),
    ).toEqual({});
    await engine.call('TagResource', { resourceArn, tags: [{ key: 'env', value: 'prod' }] });
    expect(await list(resourceArn)).toEqual([
      { key: 'env', value: 'prod' },
      { key: 'team', value: 'platform' },
    ]);
    expect(await engine.call('UntagResource', { resourceArn, tagKeys: ['env', 'not-there'] })).toEqual({});
    expect(await list(resourceArn)).toEqual([{ key: 'team', value: 'platform' }]);
  });

  it('keeps the tags of different resources apart', async () => {
    await engine.call('TagResource', { resourceArn: domainArn, tags: [{ key: 'owner', value: 'domain' }] });
    await engine.call('TagResource', { resourceArn: repositoryArn, tags: [{ key: 'owner', value: 'repo' }] });
    expect(await list(domainArn)).toEqual([{ key: 'owner', value: 'domain' }]);
    expect(await list(repositoryArn)).toEqual([{ key: 'owner', value: 'repo' }]);
  });

  it('allows 50 tags on a resource and refuses the 51st, changing nothing', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => ({
      key: `k${String(i).padStart(2, '0')}`,
      value: 'v',
    }));
    await engine.call('TagResource', { resourceArn: repositoryArn, tags: fifty });
    // Replacing existing keys does not count against the quota.
    await engine.call('TagResource', {
      resourceArn: repositoryArn,
      tags: [{ key: 'k00', value: 'changed' }],
    });
    await expectServiceError(
      engine.call('TagResource', {
        resourceArn: repositoryArn,
        tags: [
          { key: 'k01', value: 'lost' },
          { key: 'one-too-many', value: 'v' },
        ],
      }),
      ServiceQuotaExceededException,
      { resourceId: 'libs', resourceType: 'repository' },
    );
    const tags = await list(repositoryArn);
    expect(tags).toHaveLength(50);
    expect(tags?.find((t) => t.key === 'k01')?.value).toBe('v');
    expect(tags?.find((t) => t.key === 'k00')?.value).toBe('changed');
  });

  it('refuses reserved and repeated keys', async () => {
    await expectServiceError(
      engine.call('TagResource', { resourceArn: domainArn, tags: [{ key: 'aws:created-by', value: 'x' }] }),
      ValidationException,
      { message: /reserved/ },
    );
    await expectServiceError(
      engine.call('TagResource', {
        resourceArn: domainArn,
        tags: [
          { key: 'a', value: '1' },
          { key: 'a', value: '2' },
        ],
      }),
      ValidationException,
    );
    expect(await list(domainArn)).toEqual([]);
  });

  it.each([
    'not-an-arn',
    'arn:aws:s3:::bucket',
    `arn:aws:codeartifact:${region}:123:domain/acme`,
    `arn:aws:codeartifact:${region}:${accountId}:domain`,
    `arn:aws:codeartifact:${region}:${accountId}:repository/acme`,
    `arn:aws:codeartifact:${region}:${accountId}:repository/acme/libs/extra`,
    `arn:aws:codeartifact:${region}:${accountId}:package/acme/libs/npm//left-pad`,
  ])('refuses the malformed or untaggable ARN %s', async (resourceArn) => {
    await expectServiceError(engine.call('ListTagsForResource', { resourceArn }), ValidationException);
    await expectServiceError(engine.call('TagResource', { resourceArn, tags: [] }), ValidationException);
    await expectServiceError(engine.call('UntagResource', { resourceArn, tagKeys: [] }), ValidationException);
  });

  it.each([
    [
      'a domain that does not exist',
      `arn:aws:codeartifact:${region}:${accountId}:domain/ghost`,
      'ghost',
      'domain',
    ],
    [
      'a repository that does not exist',
      `arn:aws:codeartifact:${region}:${accountId}:repository/acme/ghost`,
      'ghost',
      'repository',
    ],
    [
      'a package group that does not exist',
      `arn:aws:codeartifact:${region}:${accountId}:package-group/acme/npm/*`,
      '/npm/*',
      undefined,
    ],
    ['another account', `arn:aws:codeartifact:${region}:${otherAccountId}:domain/acme`, 'acme', 'domain'],
    ['another region', `arn:aws:codeartifact:us-east-2:${accountId}:domain/acme`, 'acme', 'domain'],
  ])('does not find %s', async (_label, resourceArn, resourceId, resourceType) => {
    const expected = { resourceId, resourceType };
    await expectServiceError(
      engine.call('ListTagsForResource', { resourceArn }),
      ResourceNotFoundException,
      expected,
    );
    await expectServiceError(
      engine.call('TagResource', { resourceArn, tags: [{ key: 'k', value: 'v' }] }),
      ResourceNotFoundException,
      expected,
    );
    await expectServiceError(
      engine.call('UntagResource', { resourceArn, tagKeys: ['k'] }),
      ResourceNotFoundException,
    );
  });
});
