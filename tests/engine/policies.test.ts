// Domain and repository permissions policies: validation, revisions as an optimistic lock, not-found.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConflictException,
  ResourceNotFoundException,
  ValidationException,
} from '../../src/main/engine/errors';
import { accountId, expectServiceError, openEngine, region, type EngineFixture } from './engine-fixture';

const documentFor = (action: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: action,
        Resource: '*',
      },
    ],
  });

/** The same tests run for the domain policy and the repository policy: one module serves both. */
const targets = [
  {
    label: 'domain',
    where: { domain: 'acme' },
    arn: `arn:aws:codeartifact:${region}:${accountId}:domain/acme`,
    put: 'PutDomainPermissionsPolicy',
    get: 'GetDomainPermissionsPolicy',
    remove: 'DeleteDomainPermissionsPolicy',
    missing: { where: { domain: 'ghost' }, resourceType: 'domain', resourceId: 'ghost' },
  },
  {
    label: 'repository',
    where: { domain: 'acme', repository: 'libs' },
    arn: `arn:aws:codeartifact:${region}:${accountId}:repository/acme/libs`,
    put: 'PutRepositoryPermissionsPolicy',
    get: 'GetRepositoryPermissionsPolicy',
    remove: 'DeleteRepositoryPermissionsPolicy',
    missing: {
      where: { domain: 'acme', repository: 'ghost' },
      resourceType: 'repository',
      resourceId: 'ghost',
    },
  },
] as const;

describe.each(targets)('$label permissions policy', (target) => {
  let engine: EngineFixture;
  // The union of the two operation families is too wide for the typed `call`; the inputs are right by construction.
  const put = (input: object) => engine.call(target.put, input as never);
  const get = (input: object) => engine.call(target.get, input as never);
  const remove = (input: object) => engine.call(target.remove, input as never);

  beforeEach(async () => {
    engine = await openEngine();
    await engine.call('CreateDomain', { domain: 'acme' });
    await engine.call('CreateRepository', { domain: 'acme', repository: 'libs' });
  });
  afterEach(async () => {
    await engine.close();
  });

  it('puts, gets and deletes a policy', async () => {
    const document = documentFor('codeartifact:ReadFromRepository');
    const { policy } = await put({ ...target.where, policyDocument: document });
    expect(policy).toEqual({ resourceArn: target.arn, document, revision: expect.any(String) });
    expect((await get(target.where)).policy).toEqual(policy);
    expect((await remove(target.where)).policy).toEqual(policy);
    await expectServiceError(get(target.where), ResourceNotFoundException);
  });

  it('answers ResourceNotFoundException when there is no policy to get or delete', async () => {
    await expectServiceError(get(target.where), ResourceNotFoundException, { message: /no resource policy/ });
    await expectServiceError(remove(target.where), ResourceNotFoundException);
  });

  it('answers ResourceNotFoundException for a resource that does not exist', async () => {
    const expected = { resourceId: target.missing.resourceId, resourceType: target.missing.resourceType };
    await expectServiceError(
      put({ ...target.missing.where, policyDocument: documentFor('codeartifact:*') }),
      ResourceNotFoundException,
      expected,
    );
    await expectServiceError(get(target.missing.where), ResourceNotFoundException, expected);
    await expectServiceError(remove(target.missing.where), ResourceNotFoundException, expected);
  });

  it('gives every change a new revision and uses it as an optimistic lock', async () => {
    const first = (await put({ ...target.where, policyDocument: documentFor('codeartifact:A') })).policy;
    const second = (
      await put({
        ...target.where,
        policyDocument: documentFor('codeartifact:B'),
        policyRevision: first?.revision,
      })
    ).policy;
    expect(second?.revision).not.toBe(first?.revision);

    // A writer holding the old revision loses, and changes nothing.
    await expectServiceError(
      put({
        ...target.where,
        policyDocument: documentFor('codeartifact:C'),
        policyRevision: first?.revision,
      }),
      ConflictException,
    );
    await expectServiceError(remove({ ...target.where, policyRevision: first?.revision }), ConflictException);
    expect((await get(target.where)).policy).toEqual(second);

    // Without a revision, put overwrites unconditionally.
    const third = (await put({ ...target.where, policyDocument: documentFor('codeartifact:D') })).policy;
    expect(third?.revision).not.toBe(second?.revision);
    expect((await remove({ ...target.where, policyRevision: third?.revision })).policy).toEqual(third);
  });

  it('refuses a revision when there is no policy yet', async () => {
    await expectServiceError(
      put({ ...target.where, policyDocument: documentFor('codeartifact:*'), policyRevision: 'made-up' }),
      ConflictException,
    );
  });

  it.each([
    ['not JSON', '{ nope', /not JSON/],
    ['an array', '[]', /JSON object/],
    ['without Statement', '{"Version":"2012-10-17"}', /no Statement/],
    ['with an empty Statement list', '{"Statement":[]}', /empty/],
    ['with a bad Effect', '{"Statement":{"Effect":"Maybe","Principal":"*","Action":"x"}}', /Effect/],
    ['without Action', '{"Statement":{"Effect":"Allow","Principal":"*"}}', /Action/],
    ['without Principal', '{"Statement":{"Effect":"Allow","Action":"x"}}', /Principal/],
    [
      'longer than 7168 characters',
      JSON.stringify({ Statement: [], pad: 'x'.repeat(7200) }),
      /maximum is 7168/,
    ],
  ])('refuses a document %s', async (_label, policyDocument, message) => {
    await expectServiceError(put({ ...target.where, policyDocument }), ValidationException, { message });
    await expectServiceError(get(target.where), ResourceNotFoundException);
  });

  it('keeps the policy across a reopen of the store', async () => {
    const { policy } = await put({ ...target.where, policyDocument: documentFor('codeartifact:*') });
    await engine.reopen();
    expect((await get(target.where)).policy).toEqual(policy);
  });
});
