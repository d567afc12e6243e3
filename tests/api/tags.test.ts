/**
 * Tags through the real SDK: tags given at creation, TagResource, UntagResource,
 * ListTagsForResource, the 50-tag quota, and tags disappearing with their resource.
 */
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeleteDomainCommand,
  DeleteRepositoryCommand,
  DescribeDomainCommand,
  DescribeRepositoryCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  TagResourceCommand,
  UntagResourceCommand,
  ValidationException,
  type CodeartifactClient,
  type Tag,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, expectValidationError } from '../helpers/expect-error';
import { domainArn, repositoryArn } from '../helpers/resources';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let client: CodeartifactClient;
const domain = 'tagged';

beforeAll(async () => {
  serve = await startServe();
  client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
}, 30_000);

async function tagsOf(resourceArn: string): Promise<Record<string, string>> {
  const { tags } = await client.send(new ListTagsForResourceCommand({ resourceArn }));
  const byKey: Record<string, string> = {};
  for (const tag of tags ?? []) {
    expect(byKey[tag.key as string], `tag ${tag.key} is listed twice`).toBeUndefined();
    byKey[tag.key as string] = tag.value as string;
  }
  return byKey;
}

function manyTags(count: number, prefix = 'k'): Tag[] {
  return Array.from({ length: count }, (_, i) => ({ key: `${prefix}${i}`, value: `v${i}` }));
}

describe('tags given at creation', () => {
  it('CreateDomain tags are listed for the domain ARN', async () => {
    await client.send(
      new CreateDomainCommand({
        domain: 'born-tagged',
        tags: [
          { key: 'team', value: 'platform' },
          { key: 'env', value: '' },
        ],
      }),
    );
    expect(await tagsOf(domainArn(serve, 'born-tagged'))).toEqual({ team: 'platform', env: '' });
  });

  it('CreateRepository tags are listed for the repository ARN', async () => {
    await client.send(
      new CreateRepositoryCommand({
        domain,
        repository: 'born-tagged',
        tags: [
          { key: 'owner', value: 'web' },
          { key: 'tier', value: 'gold' },
        ],
      }),
    );
    expect(await tagsOf(repositoryArn(serve, domain, 'born-tagged'))).toEqual({ owner: 'web', tier: 'gold' });
  });

  it('a resource created without tags lists none', async () => {
    await client.send(new CreateRepositoryCommand({ domain, repository: 'untagged' }));
    expect(await tagsOf(repositoryArn(serve, domain, 'untagged'))).toEqual({});
  });

  it('more than 50 tags at creation are refused with 402 ServiceQuotaExceededException and nothing is created', async () => {
    await expectServiceError(
      client.send(new CreateRepositoryCommand({ domain, repository: 'too-many-tags', tags: manyTags(51) })),
      ServiceQuotaExceededException,
      { status: 402 },
    );
    await expectServiceError(
      client.send(new DescribeRepositoryCommand({ domain, repository: 'too-many-tags' })),
      ResourceNotFoundException,
      { status: 404 },
    );
    await expectServiceError(
      client.send(new CreateDomainCommand({ domain: 'too-many-tags', tags: manyTags(51) })),
      ServiceQuotaExceededException,
      {
        status: 402,
      },
    );
    await expectServiceError(
      client.send(new DescribeDomainCommand({ domain: 'too-many-tags' })),
      ResourceNotFoundException,
      { status: 404 },
    );
  });
});

describe('TagResource, UntagResource and ListTagsForResource', () => {
  it('adds tags and updates the value of an existing key', async () => {
    await client.send(
      new CreateRepositoryCommand({ domain, repository: 'retagged', tags: [{ key: 'stage', value: 'dev' }] }),
    );
    const arn = repositoryArn(serve, domain, 'retagged');
    const result = await client.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: 'stage', value: 'prod' },
          { key: 'cost-center', value: '42' },
        ],
      }),
    );
    expect(result.$metadata.httpStatusCode).toBe(200);
    expect(await tagsOf(arn)).toEqual({ stage: 'prod', 'cost-center': '42' });
  });

  it('tags a domain by its ARN', async () => {
    const arn = domainArn(serve, domain);
    await client.send(
      new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'purpose', value: 'tests' }] }),
    );
    expect(await tagsOf(arn)).toEqual({ purpose: 'tests' });
  });

  it('keeps unicode keys and values and the longest allowed ones intact', async () => {
    await client.send(new CreateRepositoryCommand({ domain, repository: 'unicode-tags' }));
    const arn = repositoryArn(serve, domain, 'unicode-tags');
    const longKey = 'k'.repeat(128);
    const longValue = 'v'.repeat(256);
    await client.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: 'équipe', value: 'données ✓' },
          { key: longKey, value: longValue },
        ],
      }),
    );
    expect(await tagsOf(arn)).toEqual({ équipe: 'données ✓', [longKey]: longValue });
  });

  it('removes the given keys and ignores keys that are not there', async () => {
    await client.send(
      new CreateRepositoryCommand({
        domain,
        repository: 'untagging',
        tags: [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
          { key: 'c', value: '3' },
        ],
      }),
    );
    const arn = repositoryArn(serve, domain, 'untagging');
    const result = await client.send(
      new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a', 'c', 'not-there'] }),
    );
    expect(result.$metadata.httpStatusCode).toBe(200);
    expect(await tagsOf(arn)).toEqual({ b: '2' });
    await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: [] }));
    expect(await tagsOf(arn)).toEqual({ b: '2' });
  });

  it('allows 50 tags on a resource and refuses the 51st with 402, counting existing tags', async () => {
    await client.send(new CreateRepositoryCommand({ domain, repository: 'quota', tags: manyTags(30) }));
    const arn = repositoryArn(serve, domain, 'quota');
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: manyTags(20, 'extra') }));
    expect(Object.keys(await tagsOf(arn))).toHaveLength(50);
    // Updating existing keys does not add tags.
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'k0', value: 'changed' }] }));
    await expectServiceError(
      client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'one-too-many', value: 'x' }] })),
      ServiceQuotaExceededException,
      { status: 402 },
    );
    const tags = await tagsOf(arn);
    expect(Object.keys(tags)).toHaveLength(50);
    expect(tags.k0).toBe('changed');
    expect(tags['one-too-many']).toBeUndefined();
  });

  it('refuses 51 tags in one call', async () => {
    await client.send(new CreateRepositoryCommand({ domain, repository: 'quota-once' }));
    const arn = repositoryArn(serve, domain, 'quota-once');
    await expectServiceError(
      client.send(new TagResourceCommand({ resourceArn: arn, tags: manyTags(51) })),
      ServiceQuotaExceededException,
      {
        status: 402,
      },
    );
    expect(await tagsOf(arn)).toEqual({});
  });

  it('answers 404 for well-formed ARNs of resources that do not exist', async () => {
    const missing = [
      domainArn(serve, 'no-such-domain'),
      repositoryArn(serve, domain, 'no-such-repo'),
      repositoryArn(serve, 'no-such-domain', 'no-such-repo'),
      `arn:aws:codeartifact:${serve.region}:210987654321:domain/${domain}`,
      `arn:aws:codeartifact:${serve.region === 'ap-south-1' ? 'eu-north-1' : 'ap-south-1'}:${serve.accountId}:domain/${domain}`,
    ];
    for (const resourceArn of missing) {
      await expectServiceError(
        client.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'k', value: 'v' }] })),
        ResourceNotFoundException,
        {
          status: 404,
        },
      );
      await expectServiceError(
        client.send(new UntagResourceCommand({ resourceArn, tagKeys: ['k'] })),
        ResourceNotFoundException,
        {
          status: 404,
        },
      );
      await expectServiceError(
        client.send(new ListTagsForResourceCommand({ resourceArn })),
        ResourceNotFoundException,
        { status: 404 },
      );
    }
  });

  it('refuses malformed ARNs with a ValidationException', async () => {
    const malformed = [
      'not-an-arn',
      'arn:aws:s3:::some-bucket',
      `arn:aws:codeartifact:${serve.region}:${serve.accountId}:widget/${domain}`,
      `arn:aws:codeartifact:${serve.region}:${serve.accountId}:repository/${domain}`,
    ];
    for (const resourceArn of malformed) {
      await expectServiceError(
        client.send(new ListTagsForResourceCommand({ resourceArn })),
        ValidationException,
        { status: 400 },
      );
      await expectServiceError(
        client.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'k', value: 'v' }] })),
        ValidationException,
        {
          status: 400,
        },
      );
      await expectServiceError(
        client.send(new UntagResourceCommand({ resourceArn, tagKeys: ['k'] })),
        ValidationException,
        { status: 400 },
      );
    }
  });

  it('validates the ARN, the tags and the tag keys against the model', async () => {
    await client.send(new CreateRepositoryCommand({ domain, repository: 'tag-params' }));
    const arn = repositoryArn(serve, domain, 'tag-params');
    await expectValidationError(
      client.send(new ListTagsForResourceCommand({ resourceArn: 'arn with spaces' })),
      'resourceArn',
    );
    await expectValidationError(
      client.send(new ListTagsForResourceCommand({ resourceArn: `arn:${'x'.repeat(1008)}` })),
      'resourceArn',
    );
    await expectValidationError(
      client.send(
        new TagResourceCommand({ resourceArn: 'arn with spaces', tags: [{ key: 'k', value: 'v' }] }),
      ),
      'resourceArn',
    );
    await expectValidationError(
      client.send(new UntagResourceCommand({ resourceArn: 'arn with spaces', tagKeys: ['k'] })),
      'resourceArn',
    );
    await expectValidationError(
      client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: '', value: 'v' }] })),
      'key',
    );
    await expectValidationError(
      client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'k'.repeat(129), value: 'v' }] })),
      'key',
    );
    await expectValidationError(
      client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'k', value: 'v'.repeat(257) }] })),
      'value',
    );
    await expectValidationError(
      client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'tab\tkey', value: 'v' }] })),
      'key',
    );
    await expectValidationError(
      client.send(new TagResourceCommand({ resourceArn: arn, tags: manyTags(201) })),
      'tags',
    );
    await expectValidationError(client.send(new TagResourceCommand({ resourceArn: arn } as never)), 'tags');
    await expectValidationError(
      client.send(
        new UntagResourceCommand({
          resourceArn: arn,
          tagKeys: Array.from({ length: 201 }, (_, i) => `k${i}`),
        }),
      ),
      'tagKeys',
    );
    await expectValidationError(
      client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: [''] })),
      'tagKeys',
    );
    await expectValidationError(
      client.send(new UntagResourceCommand({ resourceArn: arn } as never)),
      'tagKeys',
    );
    expect(await tagsOf(arn)).toEqual({});
  });
});

describe('tags go away with their resource', () => {
  it('deleting a repository removes its tags; a new repository of the same name starts untagged', async () => {
    await client.send(
      new CreateRepositoryCommand({ domain, repository: 'recycled', tags: [{ key: 'old', value: 'yes' }] }),
    );
    const arn = repositoryArn(serve, domain, 'recycled');
    await client.send(new DeleteRepositoryCommand({ domain, repository: 'recycled' }));
    await expectServiceError(
      client.send(new ListTagsForResourceCommand({ resourceArn: arn })),
      ResourceNotFoundException,
      { status: 404 },
    );
    await client.send(new CreateRepositoryCommand({ domain, repository: 'recycled' }));
    expect(await tagsOf(arn)).toEqual({});
  });

  it('deleting a domain removes its tags', async () => {
    await client.send(
      new CreateDomainCommand({ domain: 'recycled-domain', tags: [{ key: 'old', value: 'yes' }] }),
    );
    await client.send(new DeleteDomainCommand({ domain: 'recycled-domain' }));
    await client.send(new CreateDomainCommand({ domain: 'recycled-domain' }));
    expect(await tagsOf(domainArn(serve, 'recycled-domain'))).toEqual({});
  });
});
