// The engine behind the dispatcher: inputs the API model accepts reach the handlers and come back whole.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInvoker, type Invoke } from '../../src/main/engine/invoke';
import { ValidationException } from '../../src/main/engine/errors';
import { engineHandlers } from '../../src/main/engine/handlers';
import { accountId, endpointUrl, expectServiceError, openEngine, type EngineFixture } from './engine-fixture';

describe('engine through the dispatcher', () => {
  let engine: EngineFixture;
  let invoke: Invoke;
  beforeEach(async () => {
    engine = await openEngine();
    invoke = createInvoker(engine.ctx);
  });
  afterEach(async () => {
    await engine.close();
  });

  it('runs a typical session of the foundation operations', async () => {
    const { domain } = await invoke('CreateDomain', {
      domain: 'acme',
      tags: [{ key: 'team', value: 'core' }],
    });
    await invoke('CreateRepository', { domain: 'acme', repository: 'npm-store' });
    await invoke('AssociateExternalConnection', {
      domain: 'acme',
      repository: 'npm-store',
      externalConnection: 'public:npmjs',
    });
    const { repository } = await invoke('CreateRepository', {
      domain: 'acme',
      domainOwner: accountId,
      repository: 'app',
      description: 'Application packages',
      upstreams: [{ repositoryName: 'npm-store' }],
    });
    expect(repository?.upstreams).toEqual([{ repositoryName: 'npm-store' }]);
    const endpoint = await invoke('GetRepositoryEndpoint', {
      domain: 'acme',
      repository: 'app',
      format: 'npm',
    });
    expect(endpoint.repositoryEndpoint).toBe(`${endpointUrl}/acme-${accountId}/npm/app/`);
    const token = await invoke('GetAuthorizationToken', { domain: 'acme', durationSeconds: 900 });
    expect(token.expiration).toBeInstanceOf(Date);
    const listed = await invoke('ListRepositoriesInDomain', { domain: 'acme', maxResults: 1 });
    expect(listed.repositories?.map((r) => r.name)).toEqual(['app']);
    const next = await invoke('ListRepositoriesInDomain', {
      domain: 'acme',
      maxResults: 1,
      nextToken: listed.nextToken,
    });
    expect(next.repositories?.map((r) => r.name)).toEqual(['npm-store']);
    expect((await invoke('ListTagsForResource', { resourceArn: domain?.arn })).tags).toEqual([
      { key: 'team', value: 'core' },
    ]);
    await invoke('DeleteRepository', { domain: 'acme', repository: 'app' });
    await invoke('DeleteRepository', { domain: 'acme', repository: 'npm-store' });
    expect((await invoke('DeleteDomain', { domain: 'acme' })).domain?.status).toBe('Deleted');
  });

  it('answers a model violation before the engine runs', async () => {
    await expectServiceError(invoke('CreateDomain', { domain: 'Not_Valid' }), ValidationException);
    expect((await invoke('ListDomains', {})).domains).toEqual([]);
  });

  it('answers an operation the engine does not implement with UNKNOWN_OPERATION naming it, after validation', async () => {
    const partial = createInvoker(engine.ctx, { CreateDomain: engineHandlers.CreateDomain });
    await expectServiceError(partial('DescribeDomain', { domain: 'acme' }), ValidationException, {
      reason: 'UNKNOWN_OPERATION',
      message: /DescribeDomain/,
    });
    await expectServiceError(partial('DescribeDomain', { domain: 'A' }), ValidationException, {
      reason: 'FIELD_VALIDATION_FAILED',
    });
  });
});
