/**
 * Repository resource policies through the real SDK: PutRepositoryPermissionsPolicy,
 * GetRepositoryPermissionsPolicy, DeleteRepositoryPermissionsPolicy, with revision locking.
 */
import {
  ConflictException,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DeleteRepositoryPermissionsPolicyCommand,
  GetRepositoryPermissionsPolicyCommand,
  PutRepositoryPermissionsPolicyCommand,
  ResourceNotFoundException,
  ValidationException,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, expectValidationError } from '../helpers/expect-error';
import { policyOfLength, readPolicy } from '../helpers/policies';
import { repositoryArn } from '../helpers/resources';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let client: CodeartifactClient;
const domain = 'policies';

beforeAll(async () => {
  serve = await startServe();
  client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
}, 30_000);

async function newRepository(repository: string): Promise<string> {
  await client.send(new CreateRepositoryCommand({ domain, repository }));
  return repository;
}

describe('PutRepositoryPermissionsPolicy and GetRepositoryPermissionsPolicy', () => {
  it('sets a policy and reads back the same document, the repository ARN and a revision', async () => {
    const repository = await newRepository('basic');
    const document = readPolicy(serve.accountId);
    const { policy } = await client.send(
      new PutRepositoryPermissionsPolicyCommand({ domain, repository, policyDocument: document }),
    );
    expect(policy?.resourceArn).toBe(repositoryArn(serve, domain, repository));
    expect(policy?.revision).toMatch(/^\S{1,100}$/);
    expect(JSON.parse(policy?.document as string)).toEqual(JSON.parse(document));
    const read = await client.send(new GetRepositoryPermissionsPolicyCommand({ domain, repository }));
    expect(read.policy).toEqual(policy);
    const withOwner = await client.send(
      new GetRepositoryPermissionsPolicyCommand({ domain, domainOwner: serve.accountId, repository }),
    );
    expect(withOwner.policy).toEqual(policy);
  });

  it('keeps the policies of two repositories apart', async () => {
    const left = await newRepository('left');
    const right = await newRepository('right');
    await client.send(
      new PutRepositoryPermissionsPolicyCommand({
        domain,
        repository: left,
        policyDocument: readPolicy(serve.accountId, 'Left'),
      }),
    );
    await client.send(
      new PutRepositoryPermissionsPolicyCommand({
        domain,
        repository: right,
        policyDocument: readPolicy(serve.accountId, 'Right'),
      }),
    );
    const read = await client.send(new GetRepositoryPermissionsPolicyCommand({ domain, repository: left }));
    expect(JSON.parse(read.policy?.document as string).Statement[0].Sid).toBe('Left');
    expect(read.policy?.resourceArn).toBe(repositoryArn(serve, domain, left));
  });

  it('gives every change a new revision; the current revision is accepted, a stale one refused with 409', async () => {
    const repository = await newRepository('revisions');
    const first = await client.send(
      new PutRepositoryPermissionsPolicyCommand({
        domain,
        repository,
        policyDocument: readPolicy(serve.accountId, 'One'),
      }),
    );
    const second = await client.send(
      new PutRepositoryPermissionsPolicyCommand({
        domain,
        repository,
        policyDocument: readPolicy(serve.accountId, 'Two'),
        policyRevision: first.policy?.revision,
      }),
    );
    expect(second.policy?.revision).not.toBe(first.policy?.revision);
    await expectServiceError(
      client.send(
        new PutRepositoryPermissionsPolicyCommand({
          domain,
          repository,
          policyDocument: readPolicy(serve.accountId, 'Three'),
          policyRevision: first.policy?.revision,
        }),
      ),
      ConflictException,
      { status: 409 },
    );
    expect(
      (await client.send(new GetRepositoryPermissionsPolicyCommand({ domain, repository }))).policy,
    ).toEqual(second.policy);
  });

  it('answers 404 when the repository has no policy, or the repository or domain does not exist', async () => {
    const repository = await newRepository('no-policy');
    await expectServiceError(
      client.send(new GetRepositoryPermissionsPolicyCommand({ domain, repository })),
      ResourceNotFoundException,
      {
        status: 404,
      },
    );
    await expectServiceError(
      client.send(
        new PutRepositoryPermissionsPolicyCommand({
          domain,
          repository: 'ghost',
          policyDocument: readPolicy(serve.accountId),
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceId: 'ghost', resourceType: 'repository' },
    );
    await expectServiceError(
      client.send(new GetRepositoryPermissionsPolicyCommand({ domain, repository: 'ghost' })),
      ResourceNotFoundException,
      {
        status: 404,
        resourceId: 'ghost',
        resourceType: 'repository',
      },
    );
    await expectServiceError(
      client.send(
        new PutRepositoryPermissionsPolicyCommand({
          domain: 'nowhere',
          repository: 'ghost',
          policyDocument: readPolicy(serve.accountId),
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceId: 'nowhere', resourceType: 'domain' },
    );
  });

  it('refuses a document that is not JSON or not a policy object, with a ValidationException', async () => {
    const repository = await newRepository('invalid-doc');
    for (const policyDocument of ['{"Statement": [}', 'Allow everything', '"a string"']) {
      await expectServiceError(
        client.send(new PutRepositoryPermissionsPolicyCommand({ domain, repository, policyDocument })),
        ValidationException,
        { status: 400 },
      );
    }
    await expectServiceError(
      client.send(new GetRepositoryPermissionsPolicyCommand({ domain, repository })),
      ResourceNotFoundException,
      {
        status: 404,
      },
    );
  });

  it('accepts a document of 7168 characters and refuses one of 7169', async () => {
    const repository = await newRepository('size');
    await client.send(
      new PutRepositoryPermissionsPolicyCommand({
        domain,
        repository,
        policyDocument: policyOfLength(serve.accountId, 7168),
      }),
    );
    await expectValidationError(
      client.send(
        new PutRepositoryPermissionsPolicyCommand({
          domain,
          repository,
          policyDocument: policyOfLength(serve.accountId, 7169),
        }),
      ),
      'policyDocument',
    );
  });

  it('validates every parameter', async () => {
    const repository = await newRepository('params');
    const policyDocument = readPolicy(serve.accountId);
    await expectValidationError(
      client.send(new PutRepositoryPermissionsPolicyCommand({ domain: 'BAD', repository, policyDocument })),
      'domain',
    );
    await expectValidationError(
      client.send(
        new PutRepositoryPermissionsPolicyCommand({
          domain,
          domainOwner: '1234',
          repository,
          policyDocument,
        }),
      ),
      ['domainOwner', 'domain-owner'],
    );
    await expectValidationError(
      client.send(new PutRepositoryPermissionsPolicyCommand({ domain, repository: 'a', policyDocument })),
      'repository',
    );
    await expectValidationError(
      client.send(new PutRepositoryPermissionsPolicyCommand({ domain, repository, policyDocument: '' })),
      'policyDocument',
    );
    await expectValidationError(
      client.send(
        new PutRepositoryPermissionsPolicyCommand({
          domain,
          repository,
          policyDocument,
          policyRevision: 'two words',
        }),
      ),
      'policyRevision',
    );
    await expectValidationError(
      client.send(new GetRepositoryPermissionsPolicyCommand({ domain, repository: 'no spaces allowed' })),
      'repository',
    );
    await expectValidationError(
      client.send(new GetRepositoryPermissionsPolicyCommand({ domain, domainOwner: 'x', repository })),
      ['domainOwner', 'domain-owner'],
    );
    await expectValidationError(
      client.send(new GetRepositoryPermissionsPolicyCommand({ domain: '--', repository })),
      'domain',
    );
  });
});

describe('DeleteRepositoryPermissionsPolicy', () => {
  it('deletes the policy and returns it; Get then answers 404', async () => {
    const repository = await newRepository('del-basic');
    const { policy } = await client.send(
      new PutRepositoryPermissionsPolicyCommand({
        domain,
        repository,
        policyDocument: readPolicy(serve.accountId),
      }),
    );
    const deleted = await client.send(new DeleteRepositoryPermissionsPolicyCommand({ domain, repository }));
    expect(deleted.policy).toEqual(policy);
    await expectServiceError(
      client.send(new GetRepositoryPermissionsPolicyCommand({ domain, repository })),
      ResourceNotFoundException,
      {
        status: 404,
      },
    );
  });

  it('refuses a stale revision (409) without deleting; the current revision deletes', async () => {
    const repository = await newRepository('del-locked');
    const first = await client.send(
      new PutRepositoryPermissionsPolicyCommand({
        domain,
        repository,
        policyDocument: readPolicy(serve.accountId, 'A'),
      }),
    );
    const second = await client.send(
      new PutRepositoryPermissionsPolicyCommand({
        domain,
        repository,
        policyDocument: readPolicy(serve.accountId, 'B'),
      }),
    );
    await expectServiceError(
      client.send(
        new DeleteRepositoryPermissionsPolicyCommand({
          domain,
          repository,
          policyRevision: first.policy?.revision,
        }),
      ),
      ConflictException,
      { status: 409 },
    );
    expect(
      (await client.send(new GetRepositoryPermissionsPolicyCommand({ domain, repository }))).policy,
    ).toEqual(second.policy);
    const deleted = await client.send(
      new DeleteRepositoryPermissionsPolicyCommand({
        domain,
        repository,
        policyRevision: second.policy?.revision,
      }),
    );
    expect(deleted.policy?.revision).toBe(second.policy?.revision);
  });

  it('answers 404 when there is no policy, repository or domain', async () => {
    const repository = await newRepository('del-none');
    await expectServiceError(
      client.send(new DeleteRepositoryPermissionsPolicyCommand({ domain, repository })),
      ResourceNotFoundException,
      {
        status: 404,
      },
    );
    await expectServiceError(
      client.send(new DeleteRepositoryPermissionsPolicyCommand({ domain, repository: 'ghost' })),
      ResourceNotFoundException,
      { status: 404, resourceId: 'ghost', resourceType: 'repository' },
    );
    await expectServiceError(
      client.send(new DeleteRepositoryPermissionsPolicyCommand({ domain: 'nowhere', repository: 'ghost' })),
      ResourceNotFoundException,
      { status: 404, resourceId: 'nowhere', resourceType: 'domain' },
    );
  });

  it('a policy does not survive the deletion of its repository', async () => {
    const repository = await newRepository('del-with-repo');
    await client.send(
      new PutRepositoryPermissionsPolicyCommand({
        domain,
        repository,
        policyDocument: readPolicy(serve.accountId),
      }),
    );
    await client.send(new DeleteRepositoryCommand({ domain, repository }));
    await newRepository(repository);
    await expectServiceError(
      client.send(new GetRepositoryPermissionsPolicyCommand({ domain, repository })),
      ResourceNotFoundException,
      {
        status: 404,
      },
    );
  });

  it('validates its parameters', async () => {
    const repository = await newRepository('del-params');
    await expectValidationError(
      client.send(new DeleteRepositoryPermissionsPolicyCommand({ domain: 'd', repository })),
      'domain',
    );
    await expectValidationError(
      client.send(new DeleteRepositoryPermissionsPolicyCommand({ domain, repository: '.x' })),
      'repository',
    );
    await expectValidationError(
      client.send(new DeleteRepositoryPermissionsPolicyCommand({ domain, domainOwner: '99', repository })),
      ['domainOwner', 'domain-owner'],
    );
    await expectValidationError(
      client.send(
        new DeleteRepositoryPermissionsPolicyCommand({ domain, repository, policyRevision: 'x'.repeat(101) }),
      ),
      ['policyRevision', 'policy-revision'],
    );
  });
});
