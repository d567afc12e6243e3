/**
 * Repositories through the real SDK: CreateRepository, DescribeRepository, UpdateRepository,
 * DeleteRepository, ListRepositories, ListRepositoriesInDomain, and the domain's repositoryCount.
 */
import {
  ConflictException,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeDomainCommand,
  DescribeRepositoryCommand,
  ListRepositoriesCommand,
  ListRepositoriesInDomainCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  UpdateRepositoryCommand,
  ValidationException,
  type CodeartifactClient,
  type RepositoryDescription,
  type RepositorySummary,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureError, expectServiceError, expectValidationError } from '../helpers/expect-error';
import { collectPages, expectRecentDate, numberedNames, repositoryArn } from '../helpers/resources';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let client: CodeartifactClient;
const domain = 'repos';

beforeAll(async () => {
  serve = await startServe();
  client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
}, 30_000);

const otherAccount = '210987654321';

function upstreamNames(repository: RepositoryDescription | undefined): string[] {
  return (repository?.upstreams ?? []).map((u) => u.repositoryName as string);
}

function expectRepositoryDescription(
  repository: RepositoryDescription | undefined,
  expected: { name: string; domain?: string; description?: string; upstreams?: string[] },
): RepositoryDescription {
  expect(repository).toBeDefined();
  const r = repository as RepositoryDescription;
  const domainName = expected.domain ?? domain;
  expect(r.name).toBe(expected.name);
  expect(r.administratorAccount).toBe(serve.accountId);
  expect(r.domainName).toBe(domainName);
  expect(r.domainOwner).toBe(serve.accountId);
  expect(r.arn).toBe(repositoryArn(serve, domainName, expected.name));
  expect(r.description).toBe(expected.description);
  expect(upstreamNames(r)).toEqual(expected.upstreams ?? []);
  expect(r.externalConnections ?? []).toEqual([]);
  expectRecentDate(r.createdTime);
  return r;
}

async function createRepository(
  repository: string,
  extra: { description?: string; upstreams?: string[]; domain?: string } = {},
) {
  const { repository: created } = await client.send(
    new CreateRepositoryCommand({
      domain: extra.domain ?? domain,
      repository,
      description: extra.description,
      upstreams: extra.upstreams?.map((repositoryName) => ({ repositoryName })),
    }),
  );
  return created;
}

async function repositoryCount(name = domain): Promise<number | undefined> {
  const { domain: described } = await client.send(new DescribeDomainCommand({ domain: name }));
  return described?.repositoryCount;
}

describe('CreateRepository', () => {
  it('creates a repository and describes it with every field of the spec', async () => {
    const created = await createRepository('plain');
    expectRepositoryDescription(created, { name: 'plain' });
  });

  it('keeps the description and the upstreams in the order given', async () => {
    for (const name of ['up-a', 'up-b', 'up-c']) await createRepository(name);
    const created = await createRepository('ordered', {
      description: 'Team packages',
      upstreams: ['up-c', 'up-a', 'up-b'],
    });
    expectRepositoryDescription(created, {
      name: 'ordered',
      description: 'Team packages',
      upstreams: ['up-c', 'up-a', 'up-b'],
    });
  });

  it('accepts exactly 10 upstreams', async () => {
    const names = numberedNames('ten', 10);
    for (const name of names) await createRepository(name);
    const created = await createRepository('with-ten', { upstreams: names });
    expect(upstreamNames(created)).toEqual(names);
  });

  it('refuses an 11th upstream with 402 ServiceQuotaExceededException and creates nothing', async () => {
    const names = numberedNames('eleven', 11);
    for (const name of names) await createRepository(name);
    await expectServiceError(
      client.send(
        new CreateRepositoryCommand({
          domain,
          repository: 'with-eleven',
          upstreams: names.map((repositoryName) => ({ repositoryName })),
        }),
      ),
      ServiceQuotaExceededException,
      { status: 402 },
    );
    await expectServiceError(
      client.send(new DescribeRepositoryCommand({ domain, repository: 'with-eleven' })),
      ResourceNotFoundException,
      {
        status: 404,
      },
    );
  });

  it('refuses an upstream that does not exist (404 naming it) and creates nothing', async () => {
    await expectServiceError(
      client.send(
        new CreateRepositoryCommand({
          domain,
          repository: 'orphan',
          upstreams: [{ repositoryName: 'ghost' }],
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceId: 'ghost', resourceType: 'repository' },
    );
    await expectServiceError(
      client.send(new DescribeRepositoryCommand({ domain, repository: 'orphan' })),
      ResourceNotFoundException,
      {
        status: 404,
      },
    );
  });

  it('looks for upstreams in the same domain only', async () => {
    await client.send(new CreateDomainCommand({ domain: 'elsewhere' }));
    await createRepository('foreign-up', { domain: 'elsewhere' });
    await expectServiceError(
      client.send(
        new CreateRepositoryCommand({
          domain,
          repository: 'cross-domain',
          upstreams: [{ repositoryName: 'foreign-up' }],
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceId: 'foreign-up', resourceType: 'repository' },
    );
  });

  it('accepts a description of exactly 1000 characters, including non-ASCII ones', async () => {
    const description = `${'é'.repeat(500)}${'x'.repeat(499)}✓`;
    expect(description).toHaveLength(1000);
    const created = await createRepository('long-description', { description });
    expect(created?.description).toBe(description);
  });

  it('handles concurrent creations: all distinct names succeed, a raced duplicate succeeds once', async () => {
    await client.send(new CreateDomainCommand({ domain: 'parallel' }));
    const names = numberedNames('par', 20);
    const created = await Promise.all(names.map((name) => createRepository(name, { domain: 'parallel' })));
    expect(created.map((r) => r?.name)).toEqual(names);
    const raced = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        client.send(new CreateRepositoryCommand({ domain: 'parallel', repository: 'contested' })),
      ),
    );
    expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const result of raced) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ConflictException);
    }
    expect(await repositoryCount('parallel')).toBe(21);
  });

  it('refuses the same upstream listed twice', async () => {
    await createRepository('dup-target');
    const error = await captureError(
      client.send(
        new CreateRepositoryCommand({
          domain,
          repository: 'dup-upstreams',
          upstreams: [{ repositoryName: 'dup-target' }, { repositoryName: 'dup-target' }],
        }),
      ),
    );
    expect(error, `${error.name}: ${error.message}`).toBeInstanceOf(ValidationException);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('refuses a duplicate name in the same domain (409 ConflictException)', async () => {
    await createRepository('taken');
    await expectServiceError(
      client.send(new CreateRepositoryCommand({ domain, repository: 'taken' })),
      ConflictException,
      {
        status: 409,
        resourceId: 'taken',
        resourceType: 'repository',
      },
    );
  });

  it('allows the same repository name in two domains', async () => {
    await client.send(new CreateDomainCommand({ domain: 'second' }));
    await createRepository('shared-name');
    const other = await createRepository('shared-name', { domain: 'second' });
    expectRepositoryDescription(other, { name: 'shared-name', domain: 'second' });
  });

  it('answers 404 for a domain that does not exist', async () => {
    await expectServiceError(
      client.send(new CreateRepositoryCommand({ domain: 'nowhere', repository: 'r1' })),
      ResourceNotFoundException,
      {
        status: 404,
        resourceId: 'nowhere',
        resourceType: 'domain',
      },
    );
  });

  it.each([
    ['too short', 'r'],
    ['too long', `r${'x'.repeat(100)}`],
    ['starting with a hyphen', '-repo'],
    ['starting with a dot', '.repo'],
    ['containing a slash', 'repo/x'],
    ['containing a space', 'repo x'],
    ['containing a colon', 'repo:x'],
  ])('rejects a repository name %s', async (_, name) => {
    await expectValidationError(
      client.send(new CreateRepositoryCommand({ domain, repository: name })),
      'repository',
    );
  });

  it('accepts names with upper case, dots, underscores and hyphens up to 100 characters', async () => {
    const longest = `R${'a._-'.repeat(24)}xyz`;
    expect(longest).toHaveLength(100);
    for (const name of ['My.Repo_1-x', longest]) {
      const created = await createRepository(name);
      expect(created?.name).toBe(name);
    }
  });

  it('validates the domain, domainOwner, description and upstream names', async () => {
    await expectValidationError(
      client.send(new CreateRepositoryCommand({ domain: 'Bad', repository: 'ok-name' })),
      'domain',
    );
    await expectValidationError(
      client.send(new CreateRepositoryCommand({ domain, domainOwner: '12', repository: 'ok-name' })),
      ['domainOwner', 'domain-owner'],
    );
    await expectValidationError(
      client.send(
        new CreateRepositoryCommand({ domain, repository: 'ok-name', description: 'd'.repeat(1001) }),
      ),
      'description',
    );
    await expectValidationError(
      client.send(new CreateRepositoryCommand({ domain, repository: 'ok-name', description: 'bell\u0007' })),
      'description',
    );
    await expectValidationError(
      client.send(
        new CreateRepositoryCommand({
          domain,
          repository: 'ok-name',
          upstreams: [{ repositoryName: 'bad name' }],
        }),
      ),
      'repositoryName',
    );
    await expectValidationError(
      client.send(new CreateRepositoryCommand({ domain, repository: 'ok-name', upstreams: [{} as never] })),
      'repositoryName',
    );
    await expectValidationError(
      client.send(
        new CreateRepositoryCommand({
          domain,
          repository: 'ok-name',
          tags: [{ key: 'k'.repeat(129), value: 'v' }],
        }),
      ),
      'key',
    );
    await expectValidationError(client.send(new CreateRepositoryCommand({ domain } as never)), 'repository');
    await expectServiceError(
      client.send(new DescribeRepositoryCommand({ domain, repository: 'ok-name' })),
      ResourceNotFoundException,
      {
        status: 404,
      },
    );
  });

  it('does not find the domain under another account id', async () => {
    await expectServiceError(
      client.send(
        new CreateRepositoryCommand({ domain, domainOwner: otherAccount, repository: 'elsewhere' }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceType: 'domain' },
    );
  });
});

describe('DescribeRepository', () => {
  it('returns what CreateRepository returned', async () => {
    await createRepository('desc-up');
    const created = await createRepository('described', { description: 'hello', upstreams: ['desc-up'] });
    const { repository } = await client.send(
      new DescribeRepositoryCommand({ domain, repository: 'described' }),
    );
    expect(repository).toEqual(created);
    const withOwner = await client.send(
      new DescribeRepositoryCommand({ domain, domainOwner: serve.accountId, repository: 'described' }),
    );
    expect(withOwner.repository).toEqual(created);
  });

  it('answers 404 naming the repository or the domain that is missing', async () => {
    await expectServiceError(
      client.send(new DescribeRepositoryCommand({ domain, repository: 'missing' })),
      ResourceNotFoundException,
      {
        status: 404,
        resourceId: 'missing',
        resourceType: 'repository',
      },
    );
    await expectServiceError(
      client.send(new DescribeRepositoryCommand({ domain: 'nowhere', repository: 'missing' })),
      ResourceNotFoundException,
      {
        status: 404,
        resourceId: 'nowhere',
        resourceType: 'domain',
      },
    );
  });

  it('validates its parameters', async () => {
    await expectValidationError(
      client.send(new DescribeRepositoryCommand({ domain, repository: 'x' })),
      'repository',
    );
    await expectValidationError(
      client.send(new DescribeRepositoryCommand({ domain: 'a_b', repository: 'xx' })),
      'domain',
    );
    await expectValidationError(
      client.send(new DescribeRepositoryCommand({ domain, domainOwner: 'owner', repository: 'xx' })),
      ['domainOwner', 'domain-owner'],
    );
  });
});

describe('UpdateRepository', () => {
  it('replaces the description and the upstreams, keeping the new order', async () => {
    for (const name of ['u1', 'u2', 'u3']) await createRepository(name);
    const created = await createRepository('updated', { description: 'before', upstreams: ['u1'] });
    const { repository } = await client.send(
      new UpdateRepositoryCommand({
        domain,
        repository: 'updated',
        description: 'after',
        upstreams: [{ repositoryName: 'u3' }, { repositoryName: 'u2' }, { repositoryName: 'u1' }],
      }),
    );
    expectRepositoryDescription(repository, {
      name: 'updated',
      description: 'after',
      upstreams: ['u3', 'u2', 'u1'],
    });
    expect(repository?.createdTime).toEqual(created?.createdTime);
    const described = await client.send(new DescribeRepositoryCommand({ domain, repository: 'updated' }));
    expect(described.repository).toEqual(repository);
  });

  it('leaves the upstreams alone when only the description changes', async () => {
    await createRepository('keep-up');
    await createRepository('keeps', { description: 'one', upstreams: ['keep-up'] });
    const { repository } = await client.send(
      new UpdateRepositoryCommand({ domain, repository: 'keeps', description: 'two' }),
    );
    expect(repository?.description).toBe('two');
    expect(upstreamNames(repository)).toEqual(['keep-up']);
  });

  it('removes every upstream when given an empty list', async () => {
    await createRepository('clear-up');
    await createRepository('cleared', { upstreams: ['clear-up'] });
    const { repository } = await client.send(
      new UpdateRepositoryCommand({ domain, repository: 'cleared', upstreams: [] }),
    );
    expect(upstreamNames(repository)).toEqual([]);
  });

  it('refuses a missing upstream, more than 10 upstreams, and the repository itself, changing nothing', async () => {
    await createRepository('stable-up');
    await createRepository('stable', { description: 'unchanged', upstreams: ['stable-up'] });
    await expectServiceError(
      client.send(
        new UpdateRepositoryCommand({
          domain,
          repository: 'stable',
          upstreams: [{ repositoryName: 'ghost-up' }],
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceId: 'ghost-up', resourceType: 'repository' },
    );
    const names = numberedNames('upd', 11);
    for (const name of names) await createRepository(name);
    await expectServiceError(
      client.send(
        new UpdateRepositoryCommand({
          domain,
          repository: 'stable',
          upstreams: names.map((repositoryName) => ({ repositoryName })),
        }),
      ),
      ServiceQuotaExceededException,
      { status: 402 },
    );
    const self = await captureError(
      client.send(
        new UpdateRepositoryCommand({
          domain,
          repository: 'stable',
          upstreams: [{ repositoryName: 'stable' }],
        }),
      ),
    );
    expect(self, `${self.name}: ${self.message}`).toBeInstanceOf(ValidationException);
    expect(self.$metadata.httpStatusCode).toBe(400);
    const { repository } = await client.send(new DescribeRepositoryCommand({ domain, repository: 'stable' }));
    expect(repository?.description).toBe('unchanged');
    expect(upstreamNames(repository)).toEqual(['stable-up']);
  });

  it('answers 404 for a repository or domain that does not exist', async () => {
    await expectServiceError(
      client.send(new UpdateRepositoryCommand({ domain, repository: 'not-there', description: 'x' })),
      ResourceNotFoundException,
      { status: 404, resourceId: 'not-there', resourceType: 'repository' },
    );
    await expectServiceError(
      client.send(
        new UpdateRepositoryCommand({ domain: 'nowhere', repository: 'not-there', description: 'x' }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceId: 'nowhere', resourceType: 'domain' },
    );
  });

  it('validates its parameters', async () => {
    await createRepository('upd-valid');
    await expectValidationError(
      client.send(
        new UpdateRepositoryCommand({ domain, repository: 'upd-valid', description: 'd'.repeat(1001) }),
      ),
      'description',
    );
    await expectValidationError(
      client.send(
        new UpdateRepositoryCommand({
          domain,
          repository: 'upd-valid',
          upstreams: [{ repositoryName: '_bad' }],
        }),
      ),
      'repositoryName',
    );
    await expectValidationError(
      client.send(new UpdateRepositoryCommand({ domain, repository: 'u' })),
      'repository',
    );
    await expectValidationError(
      client.send(new UpdateRepositoryCommand({ domain: 'D', repository: 'upd-valid' })),
      'domain',
    );
    await expectValidationError(
      client.send(new UpdateRepositoryCommand({ domain, domainOwner: '0000', repository: 'upd-valid' })),
      ['domainOwner', 'domain-owner'],
    );
  });
});

describe('DeleteRepository', () => {
  it('deletes a repository and returns its last description', async () => {
    const created = await createRepository('doomed', { description: 'bye' });
    const { repository } = await client.send(new DeleteRepositoryCommand({ domain, repository: 'doomed' }));
    expect(repository).toEqual(created);
    await expectServiceError(
      client.send(new DescribeRepositoryCommand({ domain, repository: 'doomed' })),
      ResourceNotFoundException,
      {
        status: 404,
        resourceId: 'doomed',
        resourceType: 'repository',
      },
    );
    await expectServiceError(
      client.send(new DeleteRepositoryCommand({ domain, repository: 'doomed' })),
      ResourceNotFoundException,
      {
        status: 404,
        resourceId: 'doomed',
        resourceType: 'repository',
      },
    );
  });

  it('lets the name be used again, starting empty', async () => {
    await createRepository('reborn-up');
    await createRepository('reborn', { description: 'first life', upstreams: ['reborn-up'] });
    await client.send(new DeleteRepositoryCommand({ domain, repository: 'reborn' }));
    const again = await createRepository('reborn');
    expectRepositoryDescription(again, { name: 'reborn' });
  });

  it("deletes a repository that is another one's upstream and drops that link", async () => {
    await createRepository('base');
    await createRepository('downstream', { upstreams: ['base'] });
    await client.send(new DeleteRepositoryCommand({ domain, repository: 'base' }));
    const { repository } = await client.send(
      new DescribeRepositoryCommand({ domain, repository: 'downstream' }),
    );
    expect(upstreamNames(repository)).toEqual([]);
  });

  it('answers 404 for a domain that does not exist and validates its parameters', async () => {
    await expectServiceError(
      client.send(new DeleteRepositoryCommand({ domain: 'nowhere', repository: 'r1' })),
      ResourceNotFoundException,
      {
        status: 404,
        resourceId: 'nowhere',
        resourceType: 'domain',
      },
    );
    await expectValidationError(
      client.send(new DeleteRepositoryCommand({ domain, repository: '?' })),
      'repository',
    );
    await expectValidationError(
      client.send(new DeleteRepositoryCommand({ domain: '9x', repository: 'r1' })),
      'domain',
    );
    await expectValidationError(
      client.send(new DeleteRepositoryCommand({ domain, domainOwner: '12345678901x', repository: 'r1' })),
      ['domainOwner', 'domain-owner'],
    );
  });
});

describe('repositoryCount of the domain', () => {
  it('counts repositories as they are created and deleted', async () => {
    await client.send(new CreateDomainCommand({ domain: 'counted' }));
    expect(await repositoryCount('counted')).toBe(0);
    for (const name of ['c1', 'c2', 'c3']) await createRepository(name, { domain: 'counted' });
    expect(await repositoryCount('counted')).toBe(3);
    await client.send(new DeleteRepositoryCommand({ domain: 'counted', repository: 'c2' }));
    expect(await repositoryCount('counted')).toBe(2);
    await client.send(new DeleteRepositoryCommand({ domain: 'counted', repository: 'c1' }));
    await client.send(new DeleteRepositoryCommand({ domain: 'counted', repository: 'c3' }));
    expect(await repositoryCount('counted')).toBe(0);
  });

  it('does not count refused creations', async () => {
    await client.send(new CreateDomainCommand({ domain: 'refusals' }));
    await createRepository('only', { domain: 'refusals' });
    await captureError(client.send(new CreateRepositoryCommand({ domain: 'refusals', repository: 'only' })));
    await captureError(
      client.send(
        new CreateRepositoryCommand({
          domain: 'refusals',
          repository: 'bad-up',
          upstreams: [{ repositoryName: 'ghost' }],
        }),
      ),
    );
    expect(await repositoryCount('refusals')).toBe(1);
  });
});

describe('ListRepositories and ListRepositoriesInDomain', () => {
  const pagedDomain = 'paged';
  const pagedNames = numberedNames('page', 25);

  beforeAll(async () => {
    await client.send(new CreateDomainCommand({ domain: pagedDomain }));
    for (const name of pagedNames) {
      await client.send(
        new CreateRepositoryCommand({ domain: pagedDomain, repository: name, description: `repo ${name}` }),
      );
    }
    await client.send(new CreateRepositoryCommand({ domain: pagedDomain, repository: 'other-prefix' }));
  }, 60_000);

  function expectSummary(
    summary: RepositorySummary | undefined,
    name: string,
    domainName = pagedDomain,
  ): void {
    expect(summary).toBeDefined();
    expect(summary?.name).toBe(name);
    expect(summary?.administratorAccount).toBe(serve.accountId);
    expect(summary?.domainName).toBe(domainName);
    expect(summary?.domainOwner).toBe(serve.accountId);
    expect(summary?.arn).toBe(repositoryArn(serve, domainName, name));
    expectRecentDate(summary?.createdTime);
  }

  it('ListRepositoriesInDomain returns summaries with every field of the spec', async () => {
    const { repositories } = await client.send(
      new ListRepositoriesInDomainCommand({ domain: pagedDomain, maxResults: 1000 }),
    );
    expect(repositories?.length).toBe(26);
    const summary = repositories?.find((r) => r.name === 'page-07');
    expectSummary(summary, 'page-07');
    expect(summary?.description).toBe('repo page-07');
  });

  it('ListRepositoriesInDomain pages 25 repositories 10 at a time: 10, 10, 5, no repeats or gaps', async () => {
    const pages = await collectPages(async (nextToken) => {
      const page = await client.send(
        new ListRepositoriesInDomainCommand({
          domain: pagedDomain,
          repositoryPrefix: 'page',
          maxResults: 10,
          nextToken,
        }),
      );
      return { items: (page.repositories ?? []).map((r) => r.name as string), nextToken: page.nextToken };
    }, 10);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect([...pages.flat()].sort()).toEqual(pagedNames);
  });

  it('ListRepositories pages across domains with a prefix filter, no repeats or gaps', async () => {
    const pages = await collectPages(async (nextToken) => {
      const page = await client.send(
        new ListRepositoriesCommand({ repositoryPrefix: 'page-', maxResults: 10, nextToken }),
      );
      return { items: page.repositories ?? [], nextToken: page.nextToken };
    }, 10);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    const all = pages.flat();
    expect(all.map((r) => r.name).sort()).toEqual(pagedNames);
    for (const summary of all) expectSummary(summary, summary.name as string);
  });

  it('ListRepositories without a filter includes repositories of every domain', async () => {
    const all = await collectPages(async (nextToken) => {
      const page = await client.send(new ListRepositoriesCommand({ maxResults: 1000, nextToken }));
      return { items: page.repositories ?? [], nextToken: page.nextToken };
    }, 1000);
    const keys = all.flat().map((r) => `${r.domainName}/${r.name}`);
    expect(keys).toEqual(expect.arrayContaining([`${pagedDomain}/other-prefix`, `${pagedDomain}/page-00`]));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('the prefix filter matches the start of the name only', async () => {
    const { repositories } = await client.send(
      new ListRepositoriesInDomainCommand({ domain: pagedDomain, repositoryPrefix: 'other' }),
    );
    expect(repositories?.map((r) => r.name)).toEqual(['other-prefix']);
    const none = await client.send(
      new ListRepositoriesInDomainCommand({ domain: pagedDomain, repositoryPrefix: 'prefix' }),
    );
    expect(none.repositories ?? []).toEqual([]);
    expect(none.nextToken).toBeUndefined();
  });

  it('filters by administratorAccount', async () => {
    const mine = await client.send(
      new ListRepositoriesInDomainCommand({
        domain: pagedDomain,
        administratorAccount: serve.accountId,
        maxResults: 1000,
      }),
    );
    expect(mine.repositories?.length).toBe(26);
    const theirs = await client.send(
      new ListRepositoriesInDomainCommand({ domain: pagedDomain, administratorAccount: otherAccount }),
    );
    expect(theirs.repositories ?? []).toEqual([]);
  });

  it('never repeats a repository when one is created between pages', async () => {
    const first = await client.send(
      new ListRepositoriesInDomainCommand({ domain: pagedDomain, maxResults: 10 }),
    );
    await client.send(new CreateRepositoryCommand({ domain: pagedDomain, repository: 'aa-early-name' }));
    try {
      const rest = await collectPages(async (nextToken) => {
        const page = await client.send(
          new ListRepositoriesInDomainCommand({
            domain: pagedDomain,
            maxResults: 10,
            nextToken: nextToken ?? first.nextToken,
          }),
        );
        return { items: (page.repositories ?? []).map((r) => r.name as string), nextToken: page.nextToken };
      }, 10);
      const seen = [...(first.repositories ?? []).map((r) => r.name as string), ...rest.flat()];
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining([...pagedNames, 'other-prefix']));
    } finally {
      await client.send(new DeleteRepositoryCommand({ domain: pagedDomain, repository: 'aa-early-name' }));
    }
  });

  it('never skips a repository when one already listed is deleted between pages', async () => {
    await client.send(new CreateRepositoryCommand({ domain: pagedDomain, repository: 'page-03x' }));
    const first = await client.send(
      new ListRepositoriesInDomainCommand({ domain: pagedDomain, maxResults: 10 }),
    );
    const firstNames = (first.repositories ?? []).map((r) => r.name as string);
    expect(firstNames).toContain('page-03x');
    await client.send(new DeleteRepositoryCommand({ domain: pagedDomain, repository: 'page-03x' }));
    const rest = await collectPages(async (nextToken) => {
      const page = await client.send(
        new ListRepositoriesInDomainCommand({
          domain: pagedDomain,
          maxResults: 10,
          nextToken: nextToken ?? first.nextToken,
        }),
      );
      return { items: (page.repositories ?? []).map((r) => r.name as string), nextToken: page.nextToken };
    }, 10);
    const seen = [...firstNames, ...rest.flat()];
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([...pagedNames, 'other-prefix']));
  });

  it('ListRepositoriesInDomain answers 404 for a domain that does not exist', async () => {
    await expectServiceError(
      client.send(new ListRepositoriesInDomainCommand({ domain: 'nowhere' })),
      ResourceNotFoundException,
      {
        status: 404,
        resourceId: 'nowhere',
        resourceType: 'domain',
      },
    );
  });

  it('both reject a nextToken they never issued', async () => {
    await expectServiceError(
      client.send(new ListRepositoriesCommand({ nextToken: 'garbage-token-never-issued' })),
      ValidationException,
      {
        status: 400,
      },
    );
    await expectServiceError(
      client.send(
        new ListRepositoriesInDomainCommand({ domain: pagedDomain, nextToken: 'garbage-token-never-issued' }),
      ),
      ValidationException,
      { status: 400 },
    );
  });

  it.each([0, 1001])('both reject maxResults %i', async (maxResults) => {
    await expectValidationError(client.send(new ListRepositoriesCommand({ maxResults })), [
      'maxResults',
      'max-results',
    ]);
    await expectValidationError(
      client.send(new ListRepositoriesInDomainCommand({ domain: pagedDomain, maxResults })),
      ['maxResults', 'max-results'],
    );
  });

  it('validate the prefix, the token, the domain and the account ids', async () => {
    for (const prefix of ['p', '-page', 'page/x']) {
      await expectValidationError(client.send(new ListRepositoriesCommand({ repositoryPrefix: prefix })), [
        'repositoryPrefix',
        'repository-prefix',
      ]);
      await expectValidationError(
        client.send(new ListRepositoriesInDomainCommand({ domain: pagedDomain, repositoryPrefix: prefix })),
        ['repositoryPrefix', 'repository-prefix'],
      );
    }
    await expectValidationError(client.send(new ListRepositoriesCommand({ nextToken: 'a b' })), [
      'nextToken',
      'next-token',
    ]);
    await expectValidationError(
      client.send(new ListRepositoriesInDomainCommand({ domain: pagedDomain, nextToken: 't'.repeat(2001) })),
      ['nextToken', 'next-token'],
    );
    await expectValidationError(client.send(new ListRepositoriesInDomainCommand({ domain: 'P' })), 'domain');
    await expectValidationError(
      client.send(new ListRepositoriesInDomainCommand({ domain: pagedDomain, domainOwner: '1' })),
      ['domainOwner', 'domain-owner'],
    );
    await expectValidationError(
      client.send(
        new ListRepositoriesInDomainCommand({ domain: pagedDomain, administratorAccount: 'admin' }),
      ),
      ['administratorAccount', 'administrator-account'],
    );
  });
});
