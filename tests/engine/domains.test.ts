// Domains: CreateDomain, DescribeDomain, DeleteDomain and their counters, keys and clean-up.
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuthorizationToken } from '../../src/main/engine';
import { ConflictException, ResourceNotFoundException } from '../../src/main/engine/errors';
import {
  accountId,
  expectServiceError,
  openEngine,
  otherAccountId,
  region,
  type EngineFixture,
} from './engine-fixture';

const policy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'codeartifact:*' },
  ],
});

describe('domains', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openEngine();
  });
  afterEach(async () => {
    await engine.close();
  });

  it('creates a domain and describes it with the response shape CodeArtifact uses', async () => {
    const created = await engine.call('CreateDomain', { domain: 'acme' });
    expect(created.domain).toEqual({
      name: 'acme',
      owner: accountId,
      arn: `arn:aws:codeartifact:${region}:${accountId}:domain/acme`,
      status: 'Active',
      createdTime: engine.now(),
      encryptionKey: expect.stringMatching(
        new RegExp(`^arn:aws:kms:${region}:${accountId}:key/[0-9a-f-]{36}$`),
      ),
      repositoryCount: 0,
      assetSizeBytes: 0,
      s3BucketArn: expect.stringMatching(/^arn:aws:s3:::/),
    });
    expect(created.domain?.createdTime).toBeInstanceOf(Date);
    const described = await engine.call('DescribeDomain', { domain: 'acme', domainOwner: accountId });
    expect(described.domain).toEqual(created.domain);
  });

  it('gives every domain the same default key, and remembers it across a reopen', async () => {
    const first = await engine.call('CreateDomain', { domain: 'one' });
    await engine.reopen();
    const second = await engine.call('CreateDomain', { domain: 'two' });
    expect(second.domain?.encryptionKey).toBe(first.domain?.encryptionKey);
  });

  it('reports a given key as an ARN', async () => {
    const byId = await engine.call('CreateDomain', {
      domain: 'by-id',
      encryptionKey: '1234abcd-12ab-34cd-56ef-1234567890ab',
    });
    expect(byId.domain?.encryptionKey).toBe(
      `arn:aws:kms:${region}:${accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    );
    const byAlias = await engine.call('CreateDomain', { domain: 'by-alias', encryptionKey: 'alias/build' });
    expect(byAlias.domain?.encryptionKey).toBe(`arn:aws:kms:${region}:${accountId}:alias/build`);
    const arn = 'arn:aws:kms:us-east-1:999988887777:key/abc';
    const byArn = await engine.call('CreateDomain', { domain: 'by-arn', encryptionKey: arn });
    expect(byArn.domain?.encryptionKey).toBe(arn);
  });

  it('refuses a second domain with the same name', async () => {
    await engine.call('CreateDomain', { domain: 'acme' });
    await expectServiceError(engine.call('CreateDomain', { domain: 'acme' }), ConflictException, {
      resourceId: 'acme',
      resourceType: 'domain',
    });
  });

  it('does not find a domain that does not exist or belongs to another account', async () => {
    await engine.call('CreateDomain', { domain: 'acme' });
    await expectServiceError(engine.call('DescribeDomain', { domain: 'nope' }), ResourceNotFoundException, {
      resourceId: 'nope',
      resourceType: 'domain',
    });
    await expectServiceError(
      engine.call('DescribeDomain', { domain: 'acme', domainOwner: otherAccountId }),
      ResourceNotFoundException,
      { resourceId: 'acme', resourceType: 'domain' },
    );
  });

  it('counts repositories and the bytes of distinct assets stored in the domain', async () => {
    await engine.call('CreateDomain', { domain: 'acme' });
    await engine.call('CreateRepository', { domain: 'acme', repository: 'one' });
    await engine.call('CreateRepository', { domain: 'acme', repository: 'two' });
    const domainId = engine.store.read((db) =>
      db.get<{ id: number }>('SELECT id FROM domains WHERE name = ?', ['acme']),
    )?.id;
    engine.store.write((db) => {
      for (const [sha256, size] of [
        ['a'.repeat(64), 1000],
        ['b'.repeat(64), 234],
      ] as const) {
        db.run(
          'INSERT INTO domain_blobs (domain_id, sha256, size, md5, sha1, sha512, created_time) VALUES (?, unhex(?), ?, ?, ?, ?, ?)',
          [domainId ?? -1, sha256, size, 'm', 's', 'x', 0],
        );
      }
    });
    let described = await engine.call('DescribeDomain', { domain: 'acme' });
    expect(described.domain).toMatchObject({ repositoryCount: 2, assetSizeBytes: 1234 });
    await engine.call('DeleteRepository', { domain: 'acme', repository: 'one' });
    described = await engine.call('DescribeDomain', { domain: 'acme' });
    expect(described.domain).toMatchObject({ repositoryCount: 1, assetSizeBytes: 1234 });
  });

  it('refuses to delete a domain that still has repositories', async () => {
    await engine.call('CreateDomain', { domain: 'acme' });
    await engine.call('CreateRepository', { domain: 'acme', repository: 'libs' });
    await expectServiceError(engine.call('DeleteDomain', { domain: 'acme' }), ConflictException, {
      resourceId: 'acme',
      resourceType: 'domain',
    });
    expect((await engine.call('DescribeDomain', { domain: 'acme' })).domain?.status).toBe('Active');
  });

  it('deletes an empty domain, answering its description with status Deleted', async () => {
    const created = await engine.call('CreateDomain', { domain: 'acme' });
    const deleted = await engine.call('DeleteDomain', { domain: 'acme', domainOwner: accountId });
    expect(deleted.domain).toEqual({ ...created.domain, status: 'Deleted' });
    await expectServiceError(engine.call('DescribeDomain', { domain: 'acme' }), ResourceNotFoundException);
  });

  it('treats deleting a domain that does not exist as done (the operation has no not-found error)', async () => {
    expect(await engine.call('DeleteDomain', { domain: 'never-was' })).toEqual({});
    expect(await engine.call('DeleteDomain', { domain: 'never-was', domainOwner: otherAccountId })).toEqual(
      {},
    );
  });

  it('deletes the policy, tags, tokens and blob files with the domain; a new domain of that name starts clean', async () => {
    await engine.call('CreateDomain', { domain: 'acme', tags: [{ key: 'team', value: 'platform' }] });
    await engine.call('PutDomainPermissionsPolicy', { domain: 'acme', policyDocument: policy });
    const { authorizationToken } = await engine.call('GetAuthorizationToken', { domain: 'acme' });
    const hashes = await engine.store.blobs.put('acme', Readable.from([Buffer.from('asset bytes')]));
    expect(engine.store.blobs.has('acme', hashes.sha256)).toBe(true);

    await engine.call('DeleteDomain', { domain: 'acme' });
    expect(engine.store.blobs.has('acme', hashes.sha256)).toBe(false);
    const leftovers = engine.store.read((db) =>
      ['resource_policies', 'resource_tags', 'authorization_tokens', 'package_groups', 'domain_blobs'].map(
        (table) => db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`)?.n,
      ),
    );
    expect(leftovers).toEqual([0, 0, 0, 0, 0]);

    const again = await engine.call('CreateDomain', { domain: 'acme' });
    expect(again.domain?.repositoryCount).toBe(0);
    const arn = again.domain?.arn ?? '';
    expect((await engine.call('ListTagsForResource', { resourceArn: arn })).tags).toEqual([]);
    await expectServiceError(
      engine.call('GetDomainPermissionsPolicy', { domain: 'acme' }),
      ResourceNotFoundException,
    );
    expect(verifyAuthorizationToken(engine.ctx, authorizationToken ?? '')).toBeUndefined();
  });

  it('creates the root package group /* with every domain', async () => {
    await engine.call('CreateDomain', { domain: 'acme' });
    const patterns = engine.store.read((db) =>
      db.all<{ pattern: string }>('SELECT pattern FROM package_groups'),
    );
    expect(patterns).toEqual([{ pattern: '/*' }]);
  });

  it('keeps domains across a reopen of the store', async () => {
    const created = await engine.call('CreateDomain', { domain: 'acme', tags: [{ key: 'k', value: 'v' }] });
    await engine.call('CreateRepository', { domain: 'acme', repository: 'libs' });
    await engine.reopen();
    const described = await engine.call('DescribeDomain', { domain: 'acme' });
    expect(described.domain).toEqual({ ...created.domain, repositoryCount: 1 });
    const tags = await engine.call('ListTagsForResource', { resourceArn: created.domain?.arn });
    expect(tags.tags).toEqual([{ key: 'k', value: 'v' }]);
  });
});
