// AssociateExternalConnection and DisassociateExternalConnection.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConflictException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ValidationException,
} from '../../src/main/engine/errors';
import { expectServiceError, openEngine, type EngineFixture } from './engine-fixture';

const catalogue: [string, string][] = [
  ['public:npmjs', 'npm'],
  ['public:pypi', 'pypi'],
  ['public:maven-central', 'maven'],
  ['public:maven-googleandroid', 'maven'],
  ['public:maven-gradleplugins', 'maven'],
  ['public:maven-commonsware', 'maven'],
  ['public:maven-clojars', 'maven'],
  ['public:nuget-org', 'nuget'],
  ['public:ruby-gems-org', 'ruby'],
  ['public:crates-io', 'cargo'],
];

describe('external connections', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openEngine();
    await engine.call('CreateDomain', { domain: 'acme' });
  });
  afterEach(async () => {
    await engine.close();
  });

  it.each(catalogue)('associates %s with package format %s, status Available', async (name, format) => {
    await engine.call('CreateRepository', { domain: 'acme', repository: 'store' });
    const associated = await engine.call('AssociateExternalConnection', {
      domain: 'acme',
      repository: 'store',
      externalConnection: name,
    });
    const expected = [{ externalConnectionName: name, packageFormat: format, status: 'Available' }];
    expect(associated.repository?.externalConnections).toEqual(expected);
    const described = await engine.call('DescribeRepository', { domain: 'acme', repository: 'store' });
    expect(described.repository?.externalConnections).toEqual(expected);
  });

  it('refuses a name that is not an external connection', async () => {
    await engine.call('CreateRepository', { domain: 'acme', repository: 'store' });
    await expectServiceError(
      engine.call('AssociateExternalConnection', {
        domain: 'acme',
        repository: 'store',
        externalConnection: 'public:cpan',
      }),
      ValidationException,
      { message: /public:npmjs/ },
    );
  });

  it('allows one external connection per repository', async () => {
    await engine.call('CreateRepository', { domain: 'acme', repository: 'store' });
    const input = { domain: 'acme', repository: 'store', externalConnection: 'public:npmjs' };
    await engine.call('AssociateExternalConnection', input);
    await expectServiceError(engine.call('AssociateExternalConnection', input), ConflictException, {
      resourceId: 'store',
      resourceType: 'repository',
    });
    await expectServiceError(
      engine.call('AssociateExternalConnection', { ...input, externalConnection: 'public:pypi' }),
      ServiceQuotaExceededException,
      { resourceId: 'store', resourceType: 'repository' },
    );
    await engine.call('DisassociateExternalConnection', input);
    const swapped = await engine.call('AssociateExternalConnection', {
      ...input,
      externalConnection: 'public:pypi',
    });
    expect(swapped.repository?.externalConnections?.map((c) => c.externalConnectionName)).toEqual([
      'public:pypi',
    ]);
  });

  it('keeps upstreams and an external connection exclusive, as the API reference says', async () => {
    await engine.call('CreateRepository', { domain: 'acme', repository: 'up' });
    await engine.call('CreateRepository', {
      domain: 'acme',
      repository: 'app',
      upstreams: [{ repositoryName: 'up' }],
    });
    await expectServiceError(
      engine.call('AssociateExternalConnection', {
        domain: 'acme',
        repository: 'app',
        externalConnection: 'public:npmjs',
      }),
      ConflictException,
    );
    await engine.call('AssociateExternalConnection', {
      domain: 'acme',
      repository: 'up',
      externalConnection: 'public:npmjs',
    });
    await expectServiceError(
      engine.call('UpdateRepository', {
        domain: 'acme',
        repository: 'up',
        upstreams: [{ repositoryName: 'app' }],
      }),
      ConflictException,
    );
    // Clearing the upstream list of a connected repository is fine.
    const cleared = await engine.call('UpdateRepository', {
      domain: 'acme',
      repository: 'up',
      upstreams: [],
    });
    expect(cleared.repository?.externalConnections).toHaveLength(1);
  });

  it('disassociates, answering the repository without the connection', async () => {
    await engine.call('CreateRepository', { domain: 'acme', repository: 'store' });
    const input = { domain: 'acme', repository: 'store', externalConnection: 'public:crates-io' };
    await engine.call('AssociateExternalConnection', input);
    const result = await engine.call('DisassociateExternalConnection', input);
    expect(result.repository?.externalConnections).toEqual([]);
  });

  it('does not find a connection the repository does not have, or a repository that does not exist', async () => {
    await engine.call('CreateRepository', { domain: 'acme', repository: 'store' });
    await expectServiceError(
      engine.call('DisassociateExternalConnection', {
        domain: 'acme',
        repository: 'store',
        externalConnection: 'public:npmjs',
      }),
      ResourceNotFoundException,
      { resourceId: 'public:npmjs' },
    );
    for (const operation of ['AssociateExternalConnection', 'DisassociateExternalConnection'] as const) {
      await expectServiceError(
        engine.call(operation, { domain: 'acme', repository: 'ghost', externalConnection: 'public:npmjs' }),
        ResourceNotFoundException,
        { resourceId: 'ghost', resourceType: 'repository' },
      );
    }
  });

  it('removes the connection with the repository', async () => {
    await engine.call('CreateRepository', { domain: 'acme', repository: 'store' });
    await engine.call('AssociateExternalConnection', {
      domain: 'acme',
      repository: 'store',
      externalConnection: 'public:npmjs',
    });
    await engine.call('DeleteRepository', { domain: 'acme', repository: 'store' });
    const recreated = await engine.call('CreateRepository', { domain: 'acme', repository: 'store' });
    expect(recreated.repository?.externalConnections).toEqual([]);
  });
});
