// Repositories: create, describe, update, delete, and the rules for upstream lists.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConflictException,
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

const upstreamsOf = (...names: string[]) => names.map((repositoryName) => ({ repositoryName }));

describe('repositories', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openEngine();
    await engine.call('CreateDomain', { domain: 'acme' });
  });
  afterEach(async () => {
    await engine.close();
  });

  it('creates a repository and describes it with the response shape CodeArtifact uses', async () => {
    const created = await engine.call('CreateRepository', {
      domain: 'acme',
      domainOwner: accountId,
      repository: 'libs',
      description: 'Shared libraries',
    });
    expect(created.repository).toEqual({
      name: 'libs',
      administratorAccount: accountId,
      domainName: 'acme',
      domainOwner: accountId,
      arn: `arn:aws:codeartifact:${region}:${accountId}:repository/acme/libs`,
      description: 'Shared libraries',
      upstreams: [],
      externalConnections: [],
      createdTime: engine.now(),
    });
    expect(
      (await engine.call('DescribeRepository', { domain: 'acme', repository: 'libs' })).repository,
    ).toEqual(created.repository);
  });

  it('leaves out the description when there is none', async () => {
    const created = await engine.call('CreateRepository', { domain: 'acme', repository: 'libs' });
    expect(created.repository).not.toHaveProperty('description');
  });

  it('needs an existing domain of the local account', async () => {
    await expectServiceError(
      engine.call('CreateRepository', { domain: 'nope', repository: 'libs' }),
      ResourceNotFoundException,
      { resourceId: 'nope', resourceType: 'domain' },
    );
    await expectServiceError(
      engine.call('CreateRepository', { domain: 'acme', domainOwner: otherAccountId, repository: 'libs' }),
      ResourceNotFoundException,
      { resourceType: 'domain' },
    );
  });

  it('refuses a second repository of the same name in a domain, but allows it in another domain', async () => {
    await engine.call('CreateRepository', { domain: 'acme', repository: 'libs' });
    await expectServiceError(
      engine.call('CreateRepository', { domain: 'acme', repository: 'libs' }),
      ConflictException,
      {
        resourceId: 'libs',
        resourceType: 'repository',
      },
    );
    await engine.call('CreateDomain', { domain: 'other' });
    const elsewhere = await engine.call('CreateRepository', { domain: 'other', repository: 'libs' });
    expect(elsewhere.repository?.domainName).toBe('other');
  });

  it('does not find a repository that does not exist', async () => {
    await expectServiceError(
      engine.call('DescribeRepository', { domain: 'acme', repository: 'ghost' }),
      ResourceNotFoundException,
      { resourceId: 'ghost', resourceType: 'repository' },
    );
    await expectServiceError(
      engine.call('DescribeRepository', { domain: 'ghost-domain', repository: 'ghost' }),
      ResourceNotFoundException,
      { resourceId: 'ghost-domain', resourceType: 'domain' },
    );
  });

  it('keeps upstreams in the order given', async () => {
    for (const name of ['a', 'b', 'c'])
      await engine.call('CreateRepository', { domain: 'acme', repository: `up-${name}` });
    const created = await engine.call('CreateRepository', {
      domain: 'acme',
      repository: 'app',
      upstreams: upstreamsOf('up-c', 'up-a', 'up-b'),
    });
    expect(created.repository?.upstreams).toEqual(upstreamsOf('up-c', 'up-a', 'up-b'));
  });

  it('refuses an upstream that does not exist, naming it, and creates nothing', async () => {
    await engine.call('CreateRepository', { domain: 'acme', repository: 'up-a' });
    await expectServiceError(
      engine.call('CreateRepository', {
        domain: 'acme',
        repository: 'app',
        upstreams: upstreamsOf('up-a', 'ghost'),
      }),
      ResourceNotFoundException,
      { resourceId: 'ghost', resourceType: 'repository' },
    );
    await expectServiceError(
      engine.call('DescribeRepository', { domain: 'acme', repository: 'app' }),
      ResourceNotFoundException,
    );
  });

  it('refuses an upstream from another domain', async () => {
    await engine.call('CreateDomain', { domain: 'other' });
    await engine.call('CreateRepository', { domain: 'other', repository: 'up-a' });
    await expectServiceError(
      engine.call('CreateRepository', { domain: 'acme', repository: 'app', upstreams: upstreamsOf('up-a') }),
      ResourceNotFoundException,
      { resourceId: 'up-a' },
    );
  });

  it('refuses duplicate upstreams and a repository as its own upstream', async () => {
    await engine.call('CreateRepository', { domain: 'acme', repository: 'up-a' });
    await expectServiceError(
      engine.call('CreateRepository', {
        domain: 'acme',
        repository: 'app',
        upstreams: upstreamsOf('up-a', 'up-a'),
      }),
      ValidationException,
      { message: /more than once/ },
    );
    await expectServiceError(
      engine.call('CreateRepository', { domain: 'acme', repository: 'app', upstreams: upstreamsOf('app') }),
      ValidationException,
      { message: /its own upstream/ },
    );
    await engine.call('CreateRepository', { domain: 'acme', repository: 'app' });
    await expectServiceError(
      engine.call('UpdateRepository', { domain: 'acme', repository: 'app', upstreams: upstreamsOf('app') }),
      ValidationException,
    );
  });

  it('allows 10 direct upstreams and refuses 11 with ServiceQuotaExceededException', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `up-${String(i).padStart(2, '0')}`);
    for (const name of names) await engine.call('CreateRepository', { domain: 'acme', repository: name });
    const ten = await engine.call('CreateRepository', {
      domain: 'acme',
      repository: 'ten',
      upstreams: upstreamsOf(...names.slice(0, 10)),
    });
    expect(ten.repository?.upstreams).toHaveLength(10);
    await expectServiceError(
      engine.call('CreateRepository', {
        domain: 'acme',
        repository: 'eleven',
        upstreams: upstreamsOf(...names),
      }),
      ServiceQuotaExceededException,
      { resourceId: 'eleven', resourceType: 'repository' },
    );
    await expectServiceError(
      engine.call('UpdateRepository', {
        domain: 'acme',
        repository: 'ten',
        upstreams: upstreamsOf(...names),
      }),
      ServiceQuotaExceededException,
    );
  });

  it('updates the description and replaces the upstream list; members left out keep their value', async () => {
    for (const name of ['up-a', 'up-b'])
      await engine.call('CreateRepository', { domain: 'acme', repository: name });
    await engine.call('CreateRepository', {
      domain: 'acme',
      repository: 'app',
      description: 'first',
      upstreams: upstreamsOf('up-a'),
    });
    let updated = await engine.call('UpdateRepository', {
      domain: 'acme',
      repository: 'app',
      description: 'second',
    });
    expect(updated.repository).toMatchObject({ description: 'second', upstreams: upstreamsOf('up-a') });
    updated = await engine.call('UpdateRepository', {
      domain: 'acme',
      repository: 'app',
      upstreams: upstreamsOf('up-b', 'up-a'),
    });
    expect(updated.repository).toMatchObject({
      description: 'second',
      upstreams: upstreamsOf('up-b', 'up-a'),
    });
    updated = await engine.call('UpdateRepository', {
      domain: 'acme',
      repository: 'app',
      upstreams: [],
      description: '',
    });
    expect(updated.repository?.upstreams).toEqual([]);
    expect(updated.repository).not.toHaveProperty('description');
  });

  it('allows an update that closes a cycle', async () => {
    await engine.call('CreateRepository', { domain: 'acme', repository: 'a' });
    await engine.call('CreateRepository', { domain: 'acme', repository: 'b', upstreams: upstreamsOf('a') });
    const updated = await engine.call('UpdateRepository', {
      domain: 'acme',
      repository: 'a',
      upstreams: upstreamsOf('b'),
    });
    expect(updated.repository?.upstreams).toEqual(upstreamsOf('b'));
  });

  it('refuses an update with an upstream that does not exist and keeps the old list', async () => {
    await engine.call('CreateRepository', { domain: 'acme', repository: 'up-a' });
    await engine.call('CreateRepository', {
      domain: 'acme',
      repository: 'app',
      upstreams: upstreamsOf('up-a'),
    });
    await expectServiceError(
      engine.call('UpdateRepository', { domain: 'acme', repository: 'app', upstreams: upstreamsOf('ghost') }),
      ResourceNotFoundException,
      { resourceId: 'ghost' },
    );
    expect(
      (await engine.call('DescribeRepository', { domain: 'acme', repository: 'app' })).repository?.upstreams,
    ).toEqual(upstreamsOf('up-a'));
    await expectServiceError(
      engine.call('UpdateRepository', { domain: 'acme', repository: 'ghost', description: 'x' }),
      ResourceNotFoundException,
      { resourceId: 'ghost', resourceType: 'repository' },
    );
  });

  it('deletes a repository, answering its last description', async () => {
    await engine.call('CreateRepository', { domain: 'acme', repository: 'up-a' });
    const created = await engine.call('CreateRepository', {
      domain: 'acme',
      repository: 'app',
      upstreams: upstreamsOf('up-a'),
    });
    const deleted = await engine.call('DeleteRepository', { domain: 'acme', repository: 'app' });
    expect(deleted.repository).toEqual(created.repository);
    await expectServiceError(
      engine.call('DescribeRepository', { domain: 'acme', repository: 'app' }),
      ResourceNotFoundException,
    );
    await expectServiceError(
      engine.call('DeleteRepository', { domain: 'acme', repository: 'app' }),
      ResourceNotFoundException,
      { resourceId: 'app', resourceType: 'repository' },
    );
  });

  it('deletes a repository that others use as an upstream and drops it from their lists', async () => {
    for (const name of ['up-a', 'up-b'])
      await engine.call('CreateRepository', { domain: 'acme', repository: name });
    await engine.call('CreateRepository', {
      domain: 'acme',
      repository: 'app',
      upstreams: upstreamsOf('up-a', 'up-b'),
    });
    await engine.call('DeleteRepository', { domain: 'acme', repository: 'up-a' });
    expect(
      (await engine.call('DescribeRepository', { domain: 'acme', repository: 'app' })).repository?.upstreams,
    ).toEqual(upstreamsOf('up-b'));
    // A new repository with the old name is not wired back into the graph.
    await engine.call('CreateRepository', { domain: 'acme', repository: 'up-a' });
    expect(
      (await engine.call('DescribeRepository', { domain: 'acme', repository: 'app' })).repository?.upstreams,
    ).toEqual(upstreamsOf('up-b'));
  });

  it('accepts tags on create, applying the same rules as TagResource', async () => {
    const created = await engine.call('CreateRepository', {
      domain: 'acme',
      repository: 'libs',
      tags: [
        { key: 'team', value: 'platform' },
        { key: 'cost-centre', value: '' },
      ],
    });
    const listed = await engine.call('ListTagsForResource', { resourceArn: created.repository?.arn });
    expect(listed.tags).toEqual([
      { key: 'cost-centre', value: '' },
      { key: 'team', value: 'platform' },
    ]);
    await expectServiceError(
      engine.call('CreateRepository', {
        domain: 'acme',
        repository: 'bad',
        tags: [
          { key: 'a', value: '1' },
          { key: 'a', value: '2' },
        ],
      }),
      ValidationException,
    );
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    await expectServiceError(
      engine.call('CreateRepository', { domain: 'acme', repository: 'bad', tags: tooMany }),
      ServiceQuotaExceededException,
    );
    await expectServiceError(
      engine.call('DescribeRepository', { domain: 'acme', repository: 'bad' }),
      ResourceNotFoundException,
    );
  });

  it('deletes the policy and tags with the repository; a new one of the same name starts clean', async () => {
    const created = await engine.call('CreateRepository', {
      domain: 'acme',
      repository: 'libs',
      tags: [{ key: 'team', value: 'platform' }],
    });
    await engine.call('PutRepositoryPermissionsPolicy', {
      domain: 'acme',
      repository: 'libs',
      policyDocument: JSON.stringify({
        Statement: { Effect: 'Allow', Principal: '*', Action: 'codeartifact:ReadFromRepository' },
      }),
    });
    await engine.call('DeleteRepository', { domain: 'acme', repository: 'libs' });
    await engine.call('CreateRepository', { domain: 'acme', repository: 'libs' });
    expect((await engine.call('ListTagsForResource', { resourceArn: created.repository?.arn })).tags).toEqual(
      [],
    );
    await expectServiceError(
      engine.call('GetRepositoryPermissionsPolicy', { domain: 'acme', repository: 'libs' }),
      ResourceNotFoundException,
    );
  });
});
