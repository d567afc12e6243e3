// ListDomains, ListRepositories and ListRepositoriesInDomain: order, filters and pages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResourceNotFoundException, ValidationException } from '../../src/main/engine/errors';
import { encodeNextToken } from '../../src/main/engine/pagination';
import {
  accountId,
  expectServiceError,
  openEngine,
  otherAccountId,
  type EngineFixture,
} from './engine-fixture';

describe('listing', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openEngine();
  });
  afterEach(async () => {
    await engine.close();
  });

  /** Follows nextToken to the end, checking every page is within the size asked for. */
  async function allPages<T>(
    fetch: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string }>,
    size: number,
  ) {
    const pages: T[][] = [];
    let token: string | undefined;
    do {
      const page = await fetch(token);
      expect(page.items.length).toBeLessThanOrEqual(size);
      pages.push(page.items);
      token = page.nextToken;
    } while (token !== undefined && pages.length < 100);
    return pages;
  }

  it('lists domains sorted by name in pages that end without a nextToken', async () => {
    const names = ['delta', 'alpha', 'echo', 'charlie', 'bravo'];
    for (const domain of names) await engine.call('CreateDomain', { domain });
    const pages = await allPages(async (nextToken) => {
      const page = await engine.call('ListDomains', { maxResults: 2, nextToken });
      return { items: (page.domains ?? []).map((d) => d.name), nextToken: page.nextToken };
    }, 2);
    expect(pages).toEqual([['alpha', 'bravo'], ['charlie', 'delta'], ['echo']]);
    const one = await engine.call('ListDomains', {});
    expect(one.nextToken).toBeUndefined();
    expect(one.domains?.[0]).toEqual({
      name: 'alpha',
      owner: accountId,
      arn: expect.stringContaining(':domain/alpha'),
      status: 'Active',
      createdTime: engine.now(),
      encryptionKey: expect.stringMatching(/^arn:aws:kms:/),
    });
  });

  it('never skips or repeats a domain when domains are added between pages', async () => {
    for (const domain of ['bb', 'dd', 'ff']) await engine.call('CreateDomain', { domain });
    const first = await engine.call('ListDomains', { maxResults: 2 });
    expect(first.domains?.map((d) => d.name)).toEqual(['bb', 'dd']);
    await engine.call('CreateDomain', { domain: 'aa' }); // before the cursor: belongs to an earlier page
    await engine.call('CreateDomain', { domain: 'ee' }); // after the cursor: shows up next
    await engine.call('DeleteDomain', { domain: 'dd' }); // the cursor item itself goes away
    const second = await engine.call('ListDomains', { maxResults: 2, nextToken: first.nextToken });
    expect(second.domains?.map((d) => d.name)).toEqual(['ee', 'ff']);
    expect(second.nextToken).toBeUndefined();
  });

  it('answers an exactly full last page without a dangling token', async () => {
    for (const domain of ['aa', 'bb']) await engine.call('CreateDomain', { domain });
    const page = await engine.call('ListDomains', { maxResults: 2 });
    expect(page.domains).toHaveLength(2);
    expect(page.nextToken).toBeUndefined();
  });

  it('refuses a nextToken it did not issue, or issued for another listing', async () => {
    await engine.call('CreateDomain', { domain: 'acme' });
    for (const nextToken of [
      'not a token',
      'bm9wZQ',
      Buffer.from('{"l":"ListDomains","k":[]}').toString('base64url'),
    ]) {
      await expectServiceError(engine.call('ListDomains', { nextToken }), ValidationException);
    }
    const foreign = encodeNextToken('ListRepositoriesInDomain', ['x']);
    await expectServiceError(engine.call('ListDomains', { nextToken: foreign }), ValidationException, {
      message: /nextToken/,
    });
  });

  it('refuses maxResults outside 1 to 1000', async () => {
    for (const maxResults of [0, 1001, 2.5]) {
      await expectServiceError(engine.call('ListDomains', { maxResults }), ValidationException);
    }
    await engine.call('CreateDomain', { domain: 'acme' });
    await engine.call('CreateRepository', { domain: 'acme', repository: 'libs' });
    expect((await engine.call('ListRepositories', { maxResults: 1000 })).repositories).toHaveLength(1);
  });

  it('pages through repositories of a domain with a prefix filter', async () => {
    await engine.call('CreateDomain', { domain: 'acme' });
    const names = ['web-b', 'api', 'web-a', 'web-d', 'Web-upper', 'web-c', 'webx', 'tools'];
    for (const repository of names) await engine.call('CreateRepository', { domain: 'acme', repository });
    const pages = await allPages(async (nextToken) => {
      const page = await engine.call('ListRepositoriesInDomain', {
        domain: 'acme',
        repositoryPrefix: 'web-',
        maxResults: 2,
        nextToken,
      });
      return { items: (page.repositories ?? []).map((r) => r.name), nextToken: page.nextToken };
    }, 2);
    expect(pages).toEqual([
      ['web-a', 'web-b'],
      ['web-c', 'web-d'],
    ]);
    const all = await engine.call('ListRepositoriesInDomain', { domain: 'acme' });
    expect(all.repositories?.map((r) => r.name)).toEqual([...names].sort());
    expect(all.repositories?.[0]).toEqual({
      name: 'Web-upper',
      administratorAccount: accountId,
      domainName: 'acme',
      domainOwner: accountId,
      arn: expect.stringContaining(':repository/acme/Web-upper'),
      createdTime: engine.now(),
    });
  });

  it('treats a prefix literally: LIKE wildcards match nothing special', async () => {
    await engine.call('CreateDomain', { domain: 'acme' });
    for (const repository of ['a_b', 'axb', 'a.b'])
      await engine.call('CreateRepository', { domain: 'acme', repository });
    const page = await engine.call('ListRepositoriesInDomain', { domain: 'acme', repositoryPrefix: 'a_' });
    expect(page.repositories?.map((r) => r.name)).toEqual(['a_b']);
  });

  it('filters repositories of a domain by administrator account', async () => {
    await engine.call('CreateDomain', { domain: 'acme' });
    await engine.call('CreateRepository', { domain: 'acme', repository: 'libs' });
    const mine = await engine.call('ListRepositoriesInDomain', {
      domain: 'acme',
      administratorAccount: accountId,
    });
    expect(mine.repositories?.map((r) => r.name)).toEqual(['libs']);
    const theirs = await engine.call('ListRepositoriesInDomain', {
      domain: 'acme',
      administratorAccount: otherAccountId,
    });
    expect(theirs.repositories).toEqual([]);
  });

  it('needs the domain to exist to list its repositories', async () => {
    await expectServiceError(
      engine.call('ListRepositoriesInDomain', { domain: 'nope' }),
      ResourceNotFoundException,
      {
        resourceId: 'nope',
        resourceType: 'domain',
      },
    );
  });

  it('lists every repository of the account across domains, by name then domain, in pages', async () => {
    await engine.call('CreateDomain', { domain: 'zeta' });
    await engine.call('CreateDomain', { domain: 'alpha' });
    for (const [domain, repository] of [
      ['zeta', 'libs'],
      ['alpha', 'libs'],
      ['alpha', 'apps'],
      ['zeta', 'tools'],
      ['zeta', 'lib-x'],
    ]) {
      await engine.call('CreateRepository', { domain, repository });
    }
    const pages = await allPages(async (nextToken) => {
      const page = await engine.call('ListRepositories', { maxResults: 2, nextToken });
      return {
        items: (page.repositories ?? []).map((r) => `${r.domainName}/${r.name}`),
        nextToken: page.nextToken,
      };
    }, 2);
    expect(pages).toEqual([['alpha/apps', 'zeta/lib-x'], ['alpha/libs', 'zeta/libs'], ['zeta/tools']]);
    const prefixed = await allPages(async (nextToken) => {
      const page = await engine.call('ListRepositories', {
        repositoryPrefix: 'libs',
        maxResults: 1,
        nextToken,
      });
      return {
        items: (page.repositories ?? []).map((r) => `${r.domainName}/${r.name}`),
        nextToken: page.nextToken,
      };
    }, 1);
    expect(prefixed.flat()).toEqual(['alpha/libs', 'zeta/libs']);
  });
});
