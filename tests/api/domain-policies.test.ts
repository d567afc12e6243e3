/**
 * Domain resource policies through the real SDK: PutDomainPermissionsPolicy,
 * GetDomainPermissionsPolicy, DeleteDomainPermissionsPolicy, with revision locking.
 */
import {
  ConflictException,
  CreateDomainCommand,
  DeleteDomainCommand,
  DeleteDomainPermissionsPolicyCommand,
  GetDomainPermissionsPolicyCommand,
  PutDomainPermissionsPolicyCommand,
  ResourceNotFoundException,
  ValidationException,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, expectValidationError } from '../helpers/expect-error';
import { policyOfLength, readPolicy } from '../helpers/policies';
import { domainArn } from '../helpers/resources';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let client: CodeartifactClient;

beforeAll(async () => {
  serve = await startServe();
  client = serve.client();
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
}, 30_000);

async function newDomain(name: string): Promise<string> {
  await client.send(new CreateDomainCommand({ domain: name }));
  return name;
}

describe('PutDomainPermissionsPolicy and GetDomainPermissionsPolicy', () => {
  it('sets a policy and reads back the same document, the domain ARN and a revision', async () => {
    const domain = await newDomain('pol-basic');
    const document = readPolicy(serve.accountId);
    const { policy } = await client.send(
      new PutDomainPermissionsPolicyCommand({ domain, policyDocument: document }),
    );
    expect(policy?.resourceArn).toBe(domainArn(serve, domain));
    expect(policy?.revision).toMatch(/^\S{1,100}$/);
    expect(JSON.parse(policy?.document as string)).toEqual(JSON.parse(document));

    const read = await client.send(new GetDomainPermissionsPolicyCommand({ domain }));
    expect(read.policy).toEqual(policy);
    const withOwner = await client.send(
      new GetDomainPermissionsPolicyCommand({ domain, domainOwner: serve.accountId }),
    );
    expect(withOwner.policy).toEqual(policy);
  });

  it('gives every change a new revision and accepts the current revision as a lock', async () => {
    const domain = await newDomain('pol-revisions');
    const first = await client.send(
      new PutDomainPermissionsPolicyCommand({ domain, policyDocument: readPolicy(serve.accountId, 'One') }),
    );
    const second = await client.send(
      new PutDomainPermissionsPolicyCommand({
        domain,
        policyDocument: readPolicy(serve.accountId, 'Two'),
        policyRevision: first.policy?.revision,
      }),
    );
    expect(second.policy?.revision).toBeDefined();
    expect(second.policy?.revision).not.toBe(first.policy?.revision);
    expect(JSON.parse(second.policy?.document as string).Statement[0].Sid).toBe('Two');
  });

  it('refuses a stale revision with 409 ConflictException and keeps the current policy', async () => {
    const domain = await newDomain('pol-stale');
    const first = await client.send(
      new PutDomainPermissionsPolicyCommand({ domain, policyDocument: readPolicy(serve.accountId, 'One') }),
    );
    const second = await client.send(
      new PutDomainPermissionsPolicyCommand({ domain, policyDocument: readPolicy(serve.accountId, 'Two') }),
    );
    await expectServiceError(
      client.send(
        new PutDomainPermissionsPolicyCommand({
          domain,
          policyDocument: readPolicy(serve.accountId, 'Three'),
          policyRevision: first.policy?.revision,
        }),
      ),
      ConflictException,
      { status: 409 },
    );
    const read = await client.send(new GetDomainPermissionsPolicyCommand({ domain }));
    expect(read.policy).toEqual(second.policy);
  });

  it('answers 404 ResourceNotFoundException when the domain has no policy', async () => {
    const domain = await newDomain('pol-none');
    await expectServiceError(
      client.send(new GetDomainPermissionsPolicyCommand({ domain })),
      ResourceNotFoundException,
      { status: 404 },
    );
  });

  it('answers 404 naming the domain when it does not exist', async () => {
    await expectServiceError(
      client.send(
        new PutDomainPermissionsPolicyCommand({
          domain: 'pol-nowhere',
          policyDocument: readPolicy(serve.accountId),
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceId: 'pol-nowhere', resourceType: 'domain' },
    );
    await expectServiceError(
      client.send(new GetDomainPermissionsPolicyCommand({ domain: 'pol-nowhere' })),
      ResourceNotFoundException,
      {
        status: 404,
        resourceId: 'pol-nowhere',
        resourceType: 'domain',
      },
    );
  });

  it('refuses a document that is not JSON or not a policy object, with a ValidationException', async () => {
    const domain = await newDomain('pol-invalid');
    for (const policyDocument of [
      '{"Version": "2012-10-17", "Statement": [',
      'not json at all',
      '[1, 2, 3]',
    ]) {
      await expectServiceError(
        client.send(new PutDomainPermissionsPolicyCommand({ domain, policyDocument })),
        ValidationException,
        {
          status: 400,
        },
      );
    }
    await expectServiceError(
      client.send(new GetDomainPermissionsPolicyCommand({ domain })),
      ResourceNotFoundException,
      { status: 404 },
    );
  });

  it('accepts a document of 7168 characters and refuses one of 7169', async () => {
    const domain = await newDomain('pol-size');
    const longest = policyOfLength(serve.accountId, 7168);
    const { policy } = await client.send(
      new PutDomainPermissionsPolicyCommand({ domain, policyDocument: longest }),
    );
    expect(JSON.parse(policy?.document as string)).toEqual(JSON.parse(longest));
    await expectValidationError(
      client.send(
        new PutDomainPermissionsPolicyCommand({
          domain,
          policyDocument: policyOfLength(serve.accountId, 7169),
        }),
      ),
      'policyDocument',
    );
  });

  it('validates every parameter', async () => {
    const domain = await newDomain('pol-params');
    const policyDocument = readPolicy(serve.accountId);
    await expectValidationError(
      client.send(new PutDomainPermissionsPolicyCommand({ domain: 'P_x', policyDocument })),
      'domain',
    );
    await expectValidationError(
      client.send(new PutDomainPermissionsPolicyCommand({ domain, domainOwner: '123', policyDocument })),
      'domainOwner',
    );
    await expectValidationError(
      client.send(new PutDomainPermissionsPolicyCommand({ domain, policyDocument: '' })),
      'policyDocument',
    );
    await expectValidationError(
      client.send(new PutDomainPermissionsPolicyCommand({ domain } as never)),
      'policyDocument',
    );
    for (const policyRevision of ['', 'has space', 'r'.repeat(101)]) {
      await expectValidationError(
        client.send(new PutDomainPermissionsPolicyCommand({ domain, policyDocument, policyRevision })),
        'policyRevision',
      );
    }
    await expectValidationError(
      client.send(new GetDomainPermissionsPolicyCommand({ domain: 'x' })),
      'domain',
    );
    await expectValidationError(
      client.send(new GetDomainPermissionsPolicyCommand({ domain, domainOwner: 'abcdefghijkl' })),
      ['domainOwner', 'domain-owner'],
    );
  });
});

describe('DeleteDomainPermissionsPolicy', () => {
  it('deletes the policy, returns it, and Get then answers 404', async () => {
    const domain = await newDomain('del-basic');
    const { policy } = await client.send(
      new PutDomainPermissionsPolicyCommand({ domain, policyDocument: readPolicy(serve.accountId) }),
    );
    const deleted = await client.send(new DeleteDomainPermissionsPolicyCommand({ domain }));
    expect(deleted.policy).toEqual(policy);
    await expectServiceError(
      client.send(new GetDomainPermissionsPolicyCommand({ domain })),
      ResourceNotFoundException,
      { status: 404 },
    );
  });

  it('deletes with the current revision and refuses a stale one (409) without deleting', async () => {
    const domain = await newDomain('del-locked');
    const first = await client.send(
      new PutDomainPermissionsPolicyCommand({ domain, policyDocument: readPolicy(serve.accountId, 'A') }),
    );
    const second = await client.send(
      new PutDomainPermissionsPolicyCommand({ domain, policyDocument: readPolicy(serve.accountId, 'B') }),
    );
    await expectServiceError(
      client.send(
        new DeleteDomainPermissionsPolicyCommand({ domain, policyRevision: first.policy?.revision }),
      ),
      ConflictException,
      { status: 409 },
    );
    expect((await client.send(new GetDomainPermissionsPolicyCommand({ domain }))).policy).toEqual(
      second.policy,
    );
    const deleted = await client.send(
      new DeleteDomainPermissionsPolicyCommand({ domain, policyRevision: second.policy?.revision }),
    );
    expect(deleted.policy?.revision).toBe(second.policy?.revision);
  });

  it('answers 404 when there is no policy or no domain', async () => {
    const domain = await newDomain('del-none');
    await expectServiceError(
      client.send(new DeleteDomainPermissionsPolicyCommand({ domain })),
      ResourceNotFoundException,
      { status: 404 },
    );
    await expectServiceError(
      client.send(new DeleteDomainPermissionsPolicyCommand({ domain: 'del-nowhere' })),
      ResourceNotFoundException,
      {
        status: 404,
        resourceId: 'del-nowhere',
        resourceType: 'domain',
      },
    );
  });

  it('a policy does not survive the deletion of its domain', async () => {
    const domain = await newDomain('del-with-domain');
    await client.send(
      new PutDomainPermissionsPolicyCommand({ domain, policyDocument: readPolicy(serve.accountId) }),
    );
    await client.send(new DeleteDomainCommand({ domain }));
    await newDomain(domain);
    await expectServiceError(
      client.send(new GetDomainPermissionsPolicyCommand({ domain })),
      ResourceNotFoundException,
      { status: 404 },
    );
  });

  it('validates its parameters', async () => {
    const domain = await newDomain('del-params');
    await expectValidationError(
      client.send(new DeleteDomainPermissionsPolicyCommand({ domain: 'x-' })),
      'domain',
    );
    await expectValidationError(
      client.send(new DeleteDomainPermissionsPolicyCommand({ domain, domainOwner: '12' })),
      ['domainOwner', 'domain-owner'],
    );
    await expectValidationError(
      client.send(new DeleteDomainPermissionsPolicyCommand({ domain, policyRevision: 'r'.repeat(101) })),
      ['policyRevision', 'policy-revision'],
    );
  });
});
