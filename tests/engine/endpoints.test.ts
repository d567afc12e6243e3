// GetRepositoryEndpoint.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResourceNotFoundException, ValidationException } from '../../src/main/engine/errors';
import { accountId, endpointUrl, expectServiceError, openEngine, type EngineFixture } from './engine-fixture';

describe('repository endpoints', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openEngine();
    await engine.call('CreateDomain', { domain: 'acme' });
    await engine.call('CreateRepository', { domain: 'acme', repository: 'libs' });
  });
  afterEach(async () => {
    await engine.close();
  });

  it.each(['npm', 'pypi', 'maven', 'nuget', 'generic', 'ruby', 'swift', 'cargo'] as const)(
    'answers the %s endpoint under the service URL, ending in a slash',
    async (format) => {
      const result = await engine.call('GetRepositoryEndpoint', {
        domain: 'acme',
        repository: 'libs',
        format,
      });
      expect(result.repositoryEndpoint).toBe(`${endpointUrl}/acme-${accountId}/${format}/libs/`);
    },
  );

  it('answers the same URL for both endpoint types', async () => {
    for (const endpointType of ['ipv4', 'dualstack'] as const) {
      const result = await engine.call('GetRepositoryEndpoint', {
        domain: 'acme',
        repository: 'libs',
        format: 'npm',
        endpointType,
      });
      expect(result.repositoryEndpoint).toBe(`${endpointUrl}/acme-${accountId}/npm/libs/`);
    }
  });

  it('refuses an unknown format', async () => {
    await expectServiceError(
      engine.call('GetRepositoryEndpoint', { domain: 'acme', repository: 'libs', format: 'cpan' as never }),
      ValidationException,
    );
  });

  it('needs the repository to exist', async () => {
    await expectServiceError(
      engine.call('GetRepositoryEndpoint', { domain: 'acme', repository: 'ghost', format: 'npm' }),
      ResourceNotFoundException,
      { resourceId: 'ghost', resourceType: 'repository' },
    );
    await expectServiceError(
      engine.call('GetRepositoryEndpoint', { domain: 'ghost', repository: 'libs', format: 'npm' }),
      ResourceNotFoundException,
      { resourceId: 'ghost', resourceType: 'domain' },
    );
  });
});
