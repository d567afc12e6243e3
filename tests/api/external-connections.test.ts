/**
 * External connections through the real SDK: AssociateExternalConnection and
 * DisassociateExternalConnection, with the ten public connections CodeArtifact offers.
 */
import {
  AssociateExternalConnectionCommand,
  ConflictException,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribeRepositoryCommand,
  DisassociateExternalConnectionCommand,
  ResourceNotFoundException,
  UpdateRepositoryCommand,
  ServiceQuotaExceededException,
  ValidationException,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureError, expectServiceError, expectValidationError } from '../helpers/expect-error';
import { expectRecentDate, repositoryArn } from '../helpers/resources';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let client: CodeartifactClient;
const domain = 'connections';

beforeAll(async () => {
  serve = await startServe();
  client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
}, 30_000);

async function newRepository(repository: string): Promise<string> {
  await client.send(new CreateRepositoryCommand({ domain, repository, description: `for ${repository}` }));
  return repository;
}

const publicConnections: [string, string][] = [
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

describe('AssociateExternalConnection', () => {
  it.each(publicConnections)(
    'connects %s with package format %s and status Available',
    async (externalConnection, packageFormat) => {
      const repository = await newRepository(`ext-${externalConnection.replace('public:', '')}`);
      const { repository: described } = await client.send(
        new AssociateExternalConnectionCommand({ domain, repository, externalConnection }),
      );
      expect(described?.name).toBe(repository);
      expect(described?.administratorAccount).toBe(serve.accountId);
      expect(described?.domainName).toBe(domain);
      expect(described?.domainOwner).toBe(serve.accountId);
      expect(described?.arn).toBe(repositoryArn(serve, domain, repository));
      expect(described?.description).toBe(`for ${repository}`);
      expect(described?.upstreams ?? []).toEqual([]);
      expectRecentDate(described?.createdTime);
      expect(described?.externalConnections).toEqual([
        { externalConnectionName: externalConnection, packageFormat, status: 'Available' },
      ]);

      const again = await client.send(new DescribeRepositoryCommand({ domain, repository }));
      expect(again.repository).toEqual(described);
    },
  );

  it('refuses an external connection on a repository that has upstreams (409), and the reverse', async () => {
    const upstream = await newRepository('mixed-upstream');
    await client.send(
      new CreateRepositoryCommand({ domain, repository: 'mixed', upstreams: [{ repositoryName: upstream }] }),
    );
    await expectServiceError(
      client.send(
        new AssociateExternalConnectionCommand({
          domain,
          repository: 'mixed',
          externalConnection: 'public:npmjs',
        }),
      ),
      ConflictException,
      { status: 409, resourceId: 'mixed', resourceType: 'repository' },
    );
    const connected = await newRepository('mixed-connected');
    await client.send(
      new AssociateExternalConnectionCommand({
        domain,
        repository: connected,
        externalConnection: 'public:pypi',
      }),
    );
    await expectServiceError(
      client.send(
        new UpdateRepositoryCommand({
          domain,
          repository: connected,
          upstreams: [{ repositoryName: upstream }],
        }),
      ),
      ConflictException,
      { status: 409, resourceId: connected, resourceType: 'repository' },
    );
    const { repository } = await client.send(
      new DescribeRepositoryCommand({ domain, repository: connected }),
    );
    expect(repository?.upstreams ?? []).toEqual([]);
    expect(repository?.externalConnections?.map((c) => c.externalConnectionName)).toEqual(['public:pypi']);
  });

  it('allows one external connection per repository and refuses a second one', async () => {
    const repository = await newRepository('only-one');
    await client.send(
      new AssociateExternalConnectionCommand({ domain, repository, externalConnection: 'public:npmjs' }),
    );
    const error = await captureError(
      client.send(
        new AssociateExternalConnectionCommand({ domain, repository, externalConnection: 'public:pypi' }),
      ),
    );
    // A repository has at most one external connection: a second one is over that quota.
    expect(error, `${error.name}: ${error.message}`).toBeInstanceOf(ServiceQuotaExceededException);
    expect(error.$metadata.httpStatusCode).toBe(402);
    const { repository: described } = await client.send(
      new DescribeRepositoryCommand({ domain, repository }),
    );
    expect(described?.externalConnections?.map((c) => c.externalConnectionName)).toEqual(['public:npmjs']);
  });

  it('refuses a connection name that is not one of the public connections', async () => {
    const repository = await newRepository('unknown-conn');
    const error = await expectServiceError(
      client.send(
        new AssociateExternalConnectionCommand({ domain, repository, externalConnection: 'public:nowhere' }),
      ),
      ValidationException,
      { status: 400 },
    );
    expect(error.message).toMatch(/externalConnection|external connection|public:nowhere/i);
    const { repository: described } = await client.send(
      new DescribeRepositoryCommand({ domain, repository }),
    );
    expect(described?.externalConnections ?? []).toEqual([]);
  });

  it('answers 404 for a repository or domain that does not exist', async () => {
    await expectServiceError(
      client.send(
        new AssociateExternalConnectionCommand({
          domain,
          repository: 'ghost',
          externalConnection: 'public:npmjs',
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceId: 'ghost', resourceType: 'repository' },
    );
    await expectServiceError(
      client.send(
        new AssociateExternalConnectionCommand({
          domain: 'nowhere',
          repository: 'ghost',
          externalConnection: 'public:npmjs',
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceId: 'nowhere', resourceType: 'domain' },
    );
  });

  it('validates every parameter', async () => {
    const repository = await newRepository('assoc-params');
    const externalConnection = 'public:npmjs';
    await expectValidationError(
      client.send(new AssociateExternalConnectionCommand({ domain, repository, externalConnection: 'p' })),
      ['externalConnection', 'external-connection'],
    );
    await expectValidationError(
      client.send(
        new AssociateExternalConnectionCommand({ domain, repository, externalConnection: 'public npmjs' }),
      ),
      ['externalConnection', 'external-connection'],
    );
    await expectValidationError(
      client.send(
        new AssociateExternalConnectionCommand({
          domain,
          repository,
          externalConnection: `p${'x'.repeat(100)}`,
        }),
      ),
      ['externalConnection', 'external-connection'],
    );
    await expectValidationError(
      client.send(new AssociateExternalConnectionCommand({ domain, repository } as never)),
      ['externalConnection', 'external-connection'],
    );
    await expectValidationError(
      client.send(new AssociateExternalConnectionCommand({ domain, repository: 'r', externalConnection })),
      'repository',
    );
    await expectValidationError(
      client.send(new AssociateExternalConnectionCommand({ domain: 'D', repository, externalConnection })),
      'domain',
    );
    await expectValidationError(
      client.send(
        new AssociateExternalConnectionCommand({ domain, domainOwner: '1', repository, externalConnection }),
      ),
      ['domainOwner', 'domain-owner'],
    );
  });
});

describe('DisassociateExternalConnection', () => {
  it('removes the connection and returns the repository without it', async () => {
    const repository = await newRepository('disconnect');
    await client.send(
      new AssociateExternalConnectionCommand({ domain, repository, externalConnection: 'public:pypi' }),
    );
    const { repository: described } = await client.send(
      new DisassociateExternalConnectionCommand({ domain, repository, externalConnection: 'public:pypi' }),
    );
    expect(described?.name).toBe(repository);
    expect(described?.arn).toBe(repositoryArn(serve, domain, repository));
    expect(described?.externalConnections ?? []).toEqual([]);
    const again = await client.send(new DescribeRepositoryCommand({ domain, repository }));
    expect(again.repository?.externalConnections ?? []).toEqual([]);
    // With the old connection gone, another one can be attached.
    const reconnected = await client.send(
      new AssociateExternalConnectionCommand({
        domain,
        repository,
        externalConnection: 'public:maven-central',
      }),
    );
    expect(reconnected.repository?.externalConnections?.[0]?.packageFormat).toBe('maven');
  });

  it('answers 404 when the repository has no such connection', async () => {
    const repository = await newRepository('never-connected');
    await expectServiceError(
      client.send(
        new DisassociateExternalConnectionCommand({ domain, repository, externalConnection: 'public:npmjs' }),
      ),
      ResourceNotFoundException,
      { status: 404 },
    );
    const other = await newRepository('other-connection');
    await client.send(
      new AssociateExternalConnectionCommand({
        domain,
        repository: other,
        externalConnection: 'public:npmjs',
      }),
    );
    await expectServiceError(
      client.send(
        new DisassociateExternalConnectionCommand({
          domain,
          repository: other,
          externalConnection: 'public:pypi',
        }),
      ),
      ResourceNotFoundException,
      { status: 404 },
    );
    const { repository: described } = await client.send(
      new DescribeRepositoryCommand({ domain, repository: other }),
    );
    expect(described?.externalConnections?.map((c) => c.externalConnectionName)).toEqual(['public:npmjs']);
  });

  it('answers 404 for a repository or domain that does not exist', async () => {
    await expectServiceError(
      client.send(
        new DisassociateExternalConnectionCommand({
          domain,
          repository: 'ghost',
          externalConnection: 'public:npmjs',
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceId: 'ghost', resourceType: 'repository' },
    );
    await expectServiceError(
      client.send(
        new DisassociateExternalConnectionCommand({
          domain: 'nowhere',
          repository: 'ghost',
          externalConnection: 'public:npmjs',
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceId: 'nowhere', resourceType: 'domain' },
    );
  });

  it('validates every parameter', async () => {
    const repository = await newRepository('disc-params');
    const externalConnection = 'public:npmjs';
    await expectValidationError(
      client.send(
        new DisassociateExternalConnectionCommand({ domain, repository, externalConnection: ':npm' }),
      ),
      ['externalConnection', 'external-connection'],
    );
    await expectValidationError(
      client.send(new DisassociateExternalConnectionCommand({ domain, repository: 'x', externalConnection })),
      'repository',
    );
    await expectValidationError(
      client.send(
        new DisassociateExternalConnectionCommand({ domain: 'bad domain', repository, externalConnection }),
      ),
      'domain',
    );
    await expectValidationError(
      client.send(
        new DisassociateExternalConnectionCommand({
          domain,
          domainOwner: '1234567890ab',
          repository,
          externalConnection,
        }),
      ),
      ['domainOwner', 'domain-owner'],
    );
  });
});
