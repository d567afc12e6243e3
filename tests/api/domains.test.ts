/**
 * Domains through the real SDK: CreateDomain, DescribeDomain, DeleteDomain, ListDomains.
 */
import {
  ConflictException,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeleteDomainCommand,
  DeleteRepositoryCommand,
  DescribeDomainCommand,
  ListDomainsCommand,
  ResourceNotFoundException,
  ValidationException,
  type CodeartifactClient,
  type DomainDescription,
  type DomainSummary,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, expectValidationError } from '../helpers/expect-error';
import { collectPages, domainArn, expectRecentDate, numberedNames } from '../helpers/resources';
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

const otherAccount = '210987654321';

function expectDomainDescription(domain: DomainDescription | undefined, name: string): DomainDescription {
  expect(domain).toBeDefined();
  const d = domain as DomainDescription;
  expect(d.name).toBe(name);
  expect(d.owner).toBe(serve.accountId);
  expect(d.arn).toBe(domainArn(serve, name));
  expect(d.status).toBe('Active');
  expectRecentDate(d.createdTime);
  expect(d.encryptionKey, 'every domain has an encryption key ARN').toMatch(/^arn:\S+$/);
  expect(d.s3BucketArn, 'every domain reports the ARN of its asset bucket').toMatch(/^arn:\S+$/);
  expect(d.repositoryCount).toBe(0);
  expect(d.assetSizeBytes).toBe(0);
  return d;
}

describe('CreateDomain', () => {
  it('creates a domain owned by the local account and describes it completely', async () => {
    const before = Date.now();
    const { domain } = await client.send(new CreateDomainCommand({ domain: 'acme' }));
    const d = expectDomainDescription(domain, 'acme');
    expect((d.createdTime as Date).getTime()).toBeGreaterThanOrEqual(before - 2_000);
  });

  it('keeps the KMS key ARN given at creation', async () => {
    const key = `arn:aws:kms:${serve.region}:${serve.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const { domain } = await client.send(new CreateDomainCommand({ domain: 'with-key', encryptionKey: key }));
    expect(domain?.encryptionKey).toBe(key);
    const described = await client.send(new DescribeDomainCommand({ domain: 'with-key' }));
    expect(described.domain?.encryptionKey).toBe(key);
  });

  it('refuses a second domain with the same name (409 ConflictException naming the domain)', async () => {
    await client.send(new CreateDomainCommand({ domain: 'twice' }));
    await expectServiceError(client.send(new CreateDomainCommand({ domain: 'twice' })), ConflictException, {
      status: 409,
      resourceId: 'twice',
      resourceType: 'domain',
    });
  });

  it('accepts names of 2 and 50 characters with digits and hyphens inside', async () => {
    const longest = `d${'a1-'.repeat(16)}z`;
    expect(longest).toHaveLength(50);
    for (const name of ['ab', 'a-1', longest]) {
      const { domain } = await client.send(new CreateDomainCommand({ domain: name }));
      expect(domain?.name).toBe(name);
    }
  });

  it.each([
    ['too short', 'a'],
    ['too long', `a${'b'.repeat(50)}`],
    ['upper case', 'Acme'],
    ['underscore', 'bad_name'],
    ['leading digit', '1acme'],
    ['leading hyphen', '-acme'],
    ['trailing hyphen', 'acme-'],
    ['slash', 'ac/me'],
    ['empty', ''],
  ])('rejects a domain name that is %s with a ValidationException naming domain', async (_, name) => {
    await expectValidationError(client.send(new CreateDomainCommand({ domain: name })), 'domain');
  });

  it('rejects a request without a domain name', async () => {
    await expectValidationError(client.send(new CreateDomainCommand({} as never)), 'domain');
  });

  it.each([
    ['empty', ''],
    ['containing spaces', 'arn:aws:kms:us-east-1:123456789012:key/has space'],
    ['too long', `arn:${'k'.repeat(1008)}`],
  ])('rejects an encryptionKey that is %s', async (_, key) => {
    await expectValidationError(
      client.send(new CreateDomainCommand({ domain: 'bad-key', encryptionKey: key })),
      'encryptionKey',
    );
  });

  it('rejects tags that break the Tag constraints', async () => {
    await expectValidationError(
      client.send(new CreateDomainCommand({ domain: 'bad-tags', tags: [{ key: '', value: 'v' }] })),
      'key',
    );
    await expectValidationError(
      client.send(
        new CreateDomainCommand({ domain: 'bad-tags', tags: [{ key: 'k'.repeat(129), value: 'v' }] }),
      ),
      'key',
    );
    await expectValidationError(
      client.send(
        new CreateDomainCommand({ domain: 'bad-tags', tags: [{ key: 'k', value: 'v'.repeat(257) }] }),
      ),
      'value',
    );
    const tooMany = Array.from({ length: 201 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    await expectValidationError(
      client.send(new CreateDomainCommand({ domain: 'bad-tags', tags: tooMany })),
      'tags',
    );
    // None of the refused requests may have created the domain.
    await expectServiceError(
      client.send(new DescribeDomainCommand({ domain: 'bad-tags' })),
      ResourceNotFoundException,
      {
        status: 404,
      },
    );
  });
});

describe('DescribeDomain', () => {
  it('returns the same description that CreateDomain returned', async () => {
    const created = await client.send(new CreateDomainCommand({ domain: 'described' }));
    const described = await client.send(new DescribeDomainCommand({ domain: 'described' }));
    expect(described.domain).toEqual(created.domain);
    const withOwner = await client.send(
      new DescribeDomainCommand({ domain: 'described', domainOwner: serve.accountId }),
    );
    expect(withOwner.domain).toEqual(created.domain);
  });

  it('answers 404 ResourceNotFoundException for a domain that does not exist', async () => {
    await expectServiceError(
      client.send(new DescribeDomainCommand({ domain: 'no-such-domain' })),
      ResourceNotFoundException,
      {
        status: 404,
        resourceId: 'no-such-domain',
        resourceType: 'domain',
      },
    );
  });

  it('does not find a domain under another account id', async () => {
    await client.send(new CreateDomainCommand({ domain: 'mine' }));
    await expectServiceError(
      client.send(new DescribeDomainCommand({ domain: 'mine', domainOwner: otherAccount })),
      ResourceNotFoundException,
      { status: 404, resourceType: 'domain' },
    );
  });

  it.each([
    ['too short', '12345'],
    ['too long', '1234567890123'],
    ['not digits', 'abcdefghijkl'],
    ['with dashes', '1234-5678-90'],
  ])('rejects a domainOwner that is %s', async (_, owner) => {
    await expectValidationError(
      client.send(new DescribeDomainCommand({ domain: 'acme', domainOwner: owner })),
      ['domainOwner', 'domain-owner'],
    );
  });

  it('rejects an invalid domain name', async () => {
    await expectValidationError(client.send(new DescribeDomainCommand({ domain: 'Not_Valid' })), 'domain');
    await expectValidationError(client.send(new DescribeDomainCommand({ domain: 'x' })), 'domain');
  });
});

describe('DeleteDomain', () => {
  it('deletes an empty domain, returns its description with status Deleted, and frees the name', async () => {
    await client.send(new CreateDomainCommand({ domain: 'short-lived' }));
    const { domain } = await client.send(new DeleteDomainCommand({ domain: 'short-lived' }));
    expect(domain?.name).toBe('short-lived');
    expect(domain?.owner).toBe(serve.accountId);
    expect(domain?.arn).toBe(domainArn(serve, 'short-lived'));
    expect(domain?.status).toBe('Deleted');
    expectRecentDate(domain?.createdTime);
    expect(domain?.repositoryCount).toBe(0);
    await expectServiceError(
      client.send(new DescribeDomainCommand({ domain: 'short-lived' })),
      ResourceNotFoundException,
      {
        status: 404,
        resourceId: 'short-lived',
        resourceType: 'domain',
      },
    );
    const again = await client.send(new CreateDomainCommand({ domain: 'short-lived' }));
    expect(again.domain?.status).toBe('Active');
  });

  it('refuses to delete a domain that still has repositories (409 ConflictException)', async () => {
    await client.send(new CreateDomainCommand({ domain: 'busy' }));
    await client.send(new CreateRepositoryCommand({ domain: 'busy', repository: 'still-here' }));
    await expectServiceError(client.send(new DeleteDomainCommand({ domain: 'busy' })), ConflictException, {
      status: 409,
      resourceId: 'busy',
      resourceType: 'domain',
    });
    const described = await client.send(new DescribeDomainCommand({ domain: 'busy' }));
    expect(described.domain?.status).toBe('Active');
    expect(described.domain?.repositoryCount).toBe(1);
    await client.send(new DeleteRepositoryCommand({ domain: 'busy', repository: 'still-here' }));
    const { domain } = await client.send(new DeleteDomainCommand({ domain: 'busy' }));
    expect(domain?.status).toBe('Deleted');
  });

  it('succeeds without a description for a domain that does not exist (the spec lists no ResourceNotFoundException)', async () => {
    const result = await client.send(new DeleteDomainCommand({ domain: 'never-existed' }));
    expect(result.$metadata.httpStatusCode).toBe(200);
    expect(result.domain).toBeUndefined();
  });

  it('validates its parameters', async () => {
    await expectValidationError(client.send(new DeleteDomainCommand({ domain: 'B' })), 'domain');
    await expectValidationError(client.send(new DeleteDomainCommand({ domain: 'acme', domainOwner: '1' })), [
      'domainOwner',
      'domain-owner',
    ]);
  });
});

describe('ListDomains', () => {
  async function listAll(): Promise<DomainSummary[]> {
    const { domains } = await client.send(new ListDomainsCommand({ maxResults: 1000 }));
    return domains ?? [];
  }

  it('lists every domain with the summary fields of the spec', async () => {
    await client.send(new CreateDomainCommand({ domain: 'listed' }));
    const listed = (await listAll()).find((d) => d.name === 'listed');
    expect(listed).toBeDefined();
    expect(listed?.owner).toBe(serve.accountId);
    expect(listed?.arn).toBe(domainArn(serve, 'listed'));
    expect(listed?.status).toBe('Active');
    expectRecentDate(listed?.createdTime);
    expect(listed?.encryptionKey).toMatch(/^arn:\S+$/);
  });

  it('does not list deleted domains', async () => {
    await client.send(new CreateDomainCommand({ domain: 'gone-soon' }));
    await client.send(new DeleteDomainCommand({ domain: 'gone-soon' }));
    expect((await listAll()).map((d) => d.name)).not.toContain('gone-soon');
  });

  it('pages through 25 domains 10 at a time without repeats or gaps', async () => {
    const names = numberedNames('page', 25);
    for (const name of names) await client.send(new CreateDomainCommand({ domain: name }));
    const all = (await listAll()).map((d) => d.name);
    expect(all).toEqual(expect.arrayContaining(names));

    const pages = await collectPages(async (nextToken) => {
      const page = await client.send(new ListDomainsCommand({ maxResults: 10, nextToken }));
      return { items: (page.domains ?? []).map((d) => d.name as string), nextToken: page.nextToken };
    }, 10);
    const seen = pages.flat();
    expect(pages.length).toBe(Math.ceil(all.length / 10));
    expect(new Set(seen).size, 'no domain is listed twice').toBe(seen.length);
    expect([...seen].sort()).toEqual([...all].sort());
  });

  it('keeps paging consistent when a domain is created between pages', async () => {
    const first = await client.send(new ListDomainsCommand({ maxResults: 5 }));
    expect(first.nextToken).toBeDefined();
    const before = new Set((await listAll()).map((d) => d.name as string));
    await client.send(new CreateDomainCommand({ domain: 'aaa-late-arrival' }));
    const rest = await collectPages(async (nextToken) => {
      const page = await client.send(
        new ListDomainsCommand({ maxResults: 5, nextToken: nextToken ?? first.nextToken }),
      );
      return { items: (page.domains ?? []).map((d) => d.name as string), nextToken: page.nextToken };
    }, 5);
    const seen = [...(first.domains ?? []).map((d) => d.name as string), ...rest.flat()];
    expect(new Set(seen).size, 'no domain is listed twice').toBe(seen.length);
    for (const name of before) expect(seen, `${name} existed before paging began`).toContain(name);
  });

  it('rejects a nextToken it never issued', async () => {
    await expectServiceError(
      client.send(new ListDomainsCommand({ nextToken: 'this-token-was-never-issued' })),
      ValidationException,
      { status: 400 },
    );
  });

  it('accepts maxResults 1 and 1000', async () => {
    const one = await client.send(new ListDomainsCommand({ maxResults: 1 }));
    expect(one.domains).toHaveLength(1);
    expect(one.nextToken).toEqual(expect.any(String));
    const many = await client.send(new ListDomainsCommand({ maxResults: 1000 }));
    expect(many.domains?.length).toBeGreaterThan(25);
    expect(many.nextToken).toBeUndefined();
  });

  it.each([0, 1001, -1])('rejects maxResults %i', async (maxResults) => {
    await expectValidationError(client.send(new ListDomainsCommand({ maxResults })), 'maxResults');
  });

  it('rejects a malformed nextToken', async () => {
    await expectValidationError(client.send(new ListDomainsCommand({ nextToken: 'has space' })), 'nextToken');
    await expectValidationError(
      client.send(new ListDomainsCommand({ nextToken: 't'.repeat(2001) })),
      'nextToken',
    );
  });
});
