import { describe, expect, it } from 'vitest';
import { serviceError, storeWith, type Handlers } from './fake-api';

function handlers(existing: ReadonlySet<string>): Handlers {
  const refuseIfThere = (name: string): void => {
    if (existing.has(name)) throw serviceError('ConflictException', `${name} already exists.`);
  };
  return {
    CreateDomain: (input) => {
      refuseIfThere(`domain:${input.domain ?? ''}`);
      return { domain: { name: input.domain } };
    },
    CreateRepository: (input) => {
      if (!input.repository) throw serviceError('ValidationException', 'no name');
      refuseIfThere(input.repository);
      return { repository: { name: input.repository } };
    },
    AssociateExternalConnection: () => ({ repository: {} }),
    GetRepositoryEndpoint: (input) => ({
      repositoryEndpoint: `http://127.0.0.1:5484/local-111122223333/${input.format ?? ''}/app/`,
    }),
    GetAuthorizationToken: () => ({ authorizationToken: 'tok', expiration: new Date(0) }),
    ListDomains: () => ({ domains: [] }),
    ListRepositoriesInDomain: () => ({ repositories: [] }),
  };
}

describe('quick start slice', () => {
  it('creates the domain, three stores with their public connections and app reading through them', async () => {
    const { store, api } = storeWith(handlers(new Set()));
    await store.getState().runQuickStart('local');
    const state = store.getState().quickStart;
    expect(state.status).toBe('done');
    expect(state.steps.every((step) => step.state === 'done')).toBe(true);
    expect(api.callsOf('AssociateExternalConnection').map((call) => call.externalConnection)).toEqual([
      'public:npmjs',
      'public:pypi',
      'public:maven-central',
    ]);
    const app = api.callsOf('CreateRepository').find((call) => call.repository === 'app');
    expect(app?.upstreams).toEqual([
      { repositoryName: 'npm-store' },
      { repositoryName: 'pypi-store' },
      { repositoryName: 'maven-store' },
    ]);
    expect(state.result).toMatchObject({ domain: 'local', token: 'tok' });
    expect(Object.keys(state.result?.endpoints ?? {})).toEqual(['npm', 'pypi', 'maven']);
  });

  it('completes a half-built setup: what is already there counts as in place', async () => {
    const { store } = storeWith(handlers(new Set(['domain:local', 'npm-store'])));
    await store.getState().runQuickStart('local');
    const { status, steps } = store.getState().quickStart;
    expect(status).toBe('done');
    expect(steps.filter((step) => step.state === 'existing').map((step) => step.label)).toEqual([
      'Create domain local',
      'Create npm-store',
    ]);
  });

  it('stops at a real failure and shows it', async () => {
    const { store } = storeWith({
      ...handlers(new Set()),
      AssociateExternalConnection: () => {
        throw serviceError('ValidationException', 'Unknown external connection.');
      },
    });
    await store.getState().runQuickStart('local');
    const { status, steps, error } = store.getState().quickStart;
    expect(status).toBe('error');
    expect(error).toEqual({ name: 'ValidationException', message: 'Unknown external connection.' });
    expect(steps.find((step) => step.state === 'failed')?.label).toBe('Connect npm-store to public:npmjs');
    expect(steps.at(-1)?.state).toBe('pending');
  });
});
