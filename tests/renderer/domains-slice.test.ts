import { describe, expect, it } from 'vitest';
import { deferred, paged, serviceError, storeWith } from './fake-api';

const domain = (name: string) => ({
  name,
  owner: '111122223333',
  arn: `arn:aws:codeartifact:us-east-1:111122223333:domain/${name}`,
});

describe('domains slice', () => {
  it('shows loading while ListDomains is pending, then every page of domains with their counts', async () => {
    const names = Array.from({ length: 150 }, (_, index) => `domain-${String(index).padStart(3, '0')}`);
    const firstPage = deferred<void>();
    const { store, api } = storeWith({
      ListDomains: async ({ nextToken, maxResults }) => {
        if (nextToken === undefined) await firstPage.promise;
        const { page, nextToken: next } = paged(names, maxResults ?? 100, nextToken);
        return { domains: page.map(domain), nextToken: next };
      },
      DescribeDomain: ({ domain: name }) => ({
        domain: { ...domain(name ?? ''), repositoryCount: 2, assetSizeBytes: 2048 },
      }),
    });
    const loading = store.getState().loadDomains();
    expect(store.getState().domains.status).toBe('loading');
    firstPage.resolve();
    await loading;
    const { domains, domainDetails } = store.getState();
    expect(domains.status).toBe('ready');
    expect(domains.items.map((item) => item.name)).toEqual(names);
    expect(api.callsOf('ListDomains').map((call) => call.nextToken)).toEqual([undefined, 'page-100']);
    expect(domainDetails['domain-149']?.repositoryCount).toBe(2);
  });

  it('keeps the service error name and message verbatim when the list fails', async () => {
    const { store } = storeWith({
      ListDomains: () => {
        throw serviceError(
          'AccessDeniedException',
          'User is not authorized to perform codeartifact:ListDomains.',
        );
      },
    });
    await store.getState().loadDomains();
    expect(store.getState().domains).toMatchObject({
      status: 'error',
      error: {
        name: 'AccessDeniedException',
        message: 'User is not authorized to perform codeartifact:ListDomains.',
      },
    });
  });

  it('a quiet reload keeps the list on screen instead of showing loading', async () => {
    let calls = 0;
    const gate = deferred<void>();
    const { store } = storeWith({
      ListDomains: async () => {
        calls += 1;
        if (calls === 2) await gate.promise;
        return { domains: [domain('a')] };
      },
      DescribeDomain: ({ domain: name }) => ({ domain: domain(name ?? '') }),
    });
    await store.getState().loadDomains();
    const reload = store.getState().loadDomains({ quiet: true });
    expect(store.getState().domains.status).toBe('ready');
    expect(store.getState().domains.items).toHaveLength(1);
    gate.resolve();
    await reload;
  });

  it('creates a domain and reloads the list; a refusal rejects with the service message', async () => {
    const existing = [domain('team')];
    const { store, api } = storeWith({
      ListDomains: () => ({ domains: existing }),
      DescribeDomain: ({ domain: name }) => ({ domain: domain(name ?? '') }),
      CreateDomain: ({ domain: name }) => {
        if (name === 'team')
          throw serviceError('ConflictException', 'Domain team already exists.', {
            resourceId: 'team',
            resourceType: 'domain',
          });
        existing.push(domain(name ?? ''));
        return { domain: domain(name ?? '') };
      },
    });
    const created = await store.getState().createDomain('tools');
    expect(created?.name).toBe('tools');
    expect(api.callsOf('CreateDomain')).toEqual([{ domain: 'tools' }]);
    expect(store.getState().domains.items.map((item) => item.name)).toEqual(['team', 'tools']);
    await expect(store.getState().createDomain('team')).rejects.toMatchObject({
      name: 'ConflictException',
      message: 'Domain team already exists.',
      fields: { resourceId: 'team', resourceType: 'domain' },
    });
  });

  it('deletes a domain and drops it from the list', async () => {
    let existing = [domain('a'), domain('b')];
    const { store, api } = storeWith({
      ListDomains: () => ({ domains: existing }),
      DescribeDomain: ({ domain: name }) => ({ domain: domain(name ?? '') }),
      DeleteDomain: ({ domain: name }) => {
        existing = existing.filter((item) => item.name !== name);
        return { domain: domain(name ?? '') };
      },
    });
    await store.getState().loadDomains();
    await store.getState().deleteDomain('a');
    expect(api.callsOf('DeleteDomain')).toEqual([{ domain: 'a' }]);
    expect(store.getState().domains.items.map((item) => item.name)).toEqual(['b']);
  });
});
