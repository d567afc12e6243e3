import type { Tag } from '@aws-sdk/client-codeartifact';
import { describe, expect, it } from 'vitest';
import { PolicyDocumentError } from '../../src/renderer/src/lib/policy-json';
import { repositoryKey } from '../../src/renderer/src/store/refs';
import { deferred, paged, serviceError, storeWith } from './fake-api';

const ref = { domain: 'team', repository: 'app' };
const arn = 'arn:aws:codeartifact:us-east-1:111122223333:repository/team/app';

describe('repositories slice', () => {
  it('lists every page of a domain’s repositories, showing loading first', async () => {
    const names = Array.from({ length: 230 }, (_, index) => `repo-${String(index).padStart(3, '0')}`);
    const gate = deferred<void>();
    const { store, api } = storeWith({
      ListRepositoriesInDomain: async ({ nextToken, maxResults }) => {
        await gate.promise;
        const { page, nextToken: next } = paged(names, maxResults ?? 100, nextToken);
        return { repositories: page.map((name) => ({ name })), nextToken: next };
      },
    });
    const loading = store.getState().loadRepositories('team');
    expect(store.getState().repositories['team']?.status).toBe('loading');
    gate.resolve();
    await loading;
    expect(store.getState().repositories['team']?.items.map((item) => item.name)).toEqual(names);
    expect(api.callsOf('ListRepositoriesInDomain').map((call) => call.nextToken)).toEqual([
      undefined,
      'page-100',
      'page-200',
    ]);
  });

  it('keeps a failed list’s error verbatim', async () => {
    const { store } = storeWith({
      ListRepositoriesInDomain: () => {
        throw serviceError(
          'ResourceNotFoundException',
          'Domain team does not exist in account 111122223333.',
        );
      },
    });
    await store.getState().loadRepositories('team');
    expect(store.getState().repositories['team']).toMatchObject({
      status: 'error',
      error: {
        name: 'ResourceNotFoundException',
        message: 'Domain team does not exist in account 111122223333.',
      },
    });
  });

  it('counts a repository’s packages across all pages of ListPackages', async () => {
    const packages = Array.from({ length: 2500 }, (_, index) => ({
      format: 'generic' as const,
      namespace: 'ns',
      package: `p${index}`,
    }));
    const { store, api } = storeWith({
      ListPackages: ({ nextToken, maxResults }) => {
        const { page, nextToken: next } = paged(packages, maxResults ?? 100, nextToken);
        return { packages: page, nextToken: next };
      },
    });
    await store.getState().countPackages(ref);
    expect(store.getState().packageCounts[repositoryKey(ref)]).toBe(2500);
    expect(api.callsOf('ListPackages')).toHaveLength(3);
  });

  it('loads the open repository and reports a missing one verbatim', async () => {
    const { store } = storeWith({
      DescribeRepository: ({ repository }) => {
        if (repository === 'gone')
          throw serviceError('ResourceNotFoundException', 'Repository gone does not exist in domain team.');
        return { repository: { name: repository, description: 'Application packages', arn } };
      },
    });
    await store.getState().loadRepository(ref);
    expect(store.getState().repository).toMatchObject({
      status: 'ready',
      description: { description: 'Application packages' },
    });
    await store.getState().loadRepository({ domain: 'team', repository: 'gone' });
    expect(store.getState().repository).toMatchObject({
      status: 'error',
      error: { message: 'Repository gone does not exist in domain team.' },
    });
  });

  it('an answer for a repository the user already left does not replace the one on screen', async () => {
    const slow = deferred<void>();
    const { store } = storeWith({
      DescribeRepository: async ({ repository }) => {
        if (repository === 'slow') await slow.promise;
        return { repository: { name: repository } };
      },
    });
    const first = store.getState().loadRepository({ domain: 'team', repository: 'slow' });
    await store.getState().loadRepository(ref);
    slow.resolve();
    await first;
    expect(store.getState().repository.description?.name).toBe('app');
  });

  it('creates a repository with upstreams in the chosen order', async () => {
    const { store, api } = storeWith({
      CreateRepository: ({ repository }) => ({ repository: { name: repository } }),
      ListRepositoriesInDomain: () => ({ repositories: [{ name: 'app' }] }),
      ListDomains: () => ({ domains: [] }),
    });
    await store
      .getState()
      .createRepository('team', { repository: 'app', description: 'Apps', upstreams: ['b', 'a'] });
    expect(api.callsOf('CreateRepository')).toEqual([
      {
        domain: 'team',
        repository: 'app',
        description: 'Apps',
        upstreams: [{ repositoryName: 'b' }, { repositoryName: 'a' }],
      },
    ]);
    expect(store.getState().repositories['team']?.items).toEqual([{ name: 'app' }]);
  });

  it('saves the full ordered upstream list and shows the answer', async () => {
    const { store, api } = storeWith({
      DescribeRepository: () => ({ repository: { name: 'app', upstreams: [] } }),
      UpdateRepository: ({ upstreams }) => ({ repository: { name: 'app', upstreams } }),
      ListRepositoriesInDomain: () => ({ repositories: [{ name: 'app' }] }),
    });
    await store.getState().loadRepository(ref);
    await store.getState().updateRepository(ref, { upstreams: ['second', 'first'] });
    expect(api.callsOf('UpdateRepository')[0]?.upstreams).toEqual([
      { repositoryName: 'second' },
      { repositoryName: 'first' },
    ]);
    expect(store.getState().repository.description?.upstreams).toEqual([
      { repositoryName: 'second' },
      { repositoryName: 'first' },
    ]);
  });

  it('refuses a policy that is not JSON before sending anything', async () => {
    const { store, api } = storeWith({ PutRepositoryPermissionsPolicy: () => ({ policy: {} }) });
    await expect(store.getState().savePolicy(ref, '{"Version": "2012-10-17",')).rejects.toBeInstanceOf(
      PolicyDocumentError,
    );
    await expect(store.getState().savePolicy(ref, '["not", "an", "object"]')).rejects.toThrow(
      /must be a JSON object/,
    );
    expect(api.callsOf('PutRepositoryPermissionsPolicy')).toHaveLength(0);
  });

  it('saves a valid policy with the current revision; the service’s refusal is verbatim', async () => {
    const document = '{"Version":"2012-10-17","Statement":[]}';
    const { store, api } = storeWith({
      GetRepositoryPermissionsPolicy: () => ({ policy: { document, revision: 'rev-1', resourceArn: arn } }),
      PutRepositoryPermissionsPolicy: ({ policyDocument, policyRevision }) => {
        if (policyRevision !== 'rev-1') throw serviceError('ConflictException', 'stale');
        if (policyDocument?.includes('Bad'))
          throw serviceError('ValidationException', 'Policy statement 0 has no Effect.');
        return { policy: { document: policyDocument, revision: 'rev-2', resourceArn: arn } };
      },
    });
    await store.getState().loadPolicy(ref);
    await store.getState().savePolicy(ref, '{"Version":"2012-10-17","Statement":[{"Sid":"x"}]}');
    expect(api.callsOf('PutRepositoryPermissionsPolicy')[0]).toMatchObject({
      policyRevision: 'rev-1',
      domain: 'team',
      repository: 'app',
    });
    expect(store.getState().policy.policy?.revision).toBe('rev-2');
    // The service (not the editor) judges the policy's content; its message arrives unchanged.
    await store.getState().loadPolicy(ref);
    await expect(store.getState().savePolicy(ref, '{"Statement":[{"Sid":"Bad"}]}')).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Policy statement 0 has no Effect.',
    });
  });

  it('reads "no policy" as an empty editor, and other failures as errors', async () => {
    let failure = serviceError('ResourceNotFoundException', `There is no resource policy on ${arn}.`);
    const { store } = storeWith({
      GetRepositoryPermissionsPolicy: () => {
        throw failure;
      },
    });
    await store.getState().loadPolicy(ref);
    expect(store.getState().policy.status).toBe('ready');
    expect(store.getState().policy.policy).toBeUndefined();
    failure = serviceError('AccessDeniedException', 'Not allowed to read the policy.');
    await store.getState().loadPolicy(ref);
    expect(store.getState().policy).toMatchObject({
      status: 'error',
      error: { message: 'Not allowed to read the policy.' },
    });
  });

  it('adds and removes tags and re-reads them', async () => {
    let tags: Tag[] = [{ key: 'team', value: 'web' }];
    const { store, api } = storeWith({
      ListTagsForResource: () => ({ tags }),
      TagResource: ({ tags: added }) => {
        tags = [...tags, ...(added ?? [])];
        return {};
      },
      UntagResource: ({ tagKeys }) => {
        tags = tags.filter((tag) => !tagKeys?.includes(tag.key ?? ''));
        return {};
      },
    });
    await store.getState().loadTags(arn);
    await store.getState().addTag(arn, 'cost', '42');
    expect(store.getState().tags.items).toEqual([
      { key: 'team', value: 'web' },
      { key: 'cost', value: '42' },
    ]);
    await store.getState().removeTag(arn, 'team');
    expect(store.getState().tags.items).toEqual([{ key: 'cost', value: '42' }]);
    expect(api.callsOf('UntagResource')).toEqual([{ resourceArn: arn, tagKeys: ['team'] }]);
  });

  it('builds the domain graph from every repository’s description', async () => {
    const { store } = storeWith({
      ListRepositoriesInDomain: () => ({ repositories: [{ name: 'app' }, { name: 'mirror' }] }),
      DescribeRepository: ({ repository }) =>
        repository === 'app'
          ? { repository: { name: 'app', upstreams: [{ repositoryName: 'mirror' }] } }
          : {
              repository: {
                name: 'mirror',
                externalConnections: [{ externalConnectionName: 'public:npmjs' }],
              },
            },
    });
    await store.getState().loadDomainGraph('team');
    expect(store.getState().domainGraph).toMatchObject({
      domain: 'team',
      status: 'ready',
      repositories: [{ name: 'app', upstreams: [{ repositoryName: 'mirror' }] }, { name: 'mirror' }],
    });
  });

  it('fetches the endpoint and an authorization token for the Connect panel', async () => {
    const expiration = new Date('2030-01-01T00:00:00Z');
    const { store } = storeWith({
      GetRepositoryEndpoint: ({ format }) => ({
        repositoryEndpoint: `http://127.0.0.1:5484/team-111122223333/${format}/app/`,
      }),
      GetAuthorizationToken: () => ({ authorizationToken: 'secret-token', expiration }),
    });
    await store.getState().loadEndpoint(ref, 'npm');
    await store.getState().loadAuthToken('team');
    expect(store.getState().connect).toMatchObject({
      status: 'ready',
      format: 'npm',
      endpoint: 'http://127.0.0.1:5484/team-111122223333/npm/app/',
    });
    expect(store.getState().authToken).toMatchObject({ status: 'ready', token: 'secret-token', expiration });
  });

  it('shows an endpoint refusal verbatim', async () => {
    const { store } = storeWith({
      GetRepositoryEndpoint: () => {
        throw serviceError('ValidationException', "format must be one of npm, pypi; got 'rpm'.");
      },
    });
    await store.getState().loadEndpoint(ref, 'npm');
    expect(store.getState().connect.error?.message).toBe("format must be one of npm, pypi; got 'rpm'.");
  });
});
