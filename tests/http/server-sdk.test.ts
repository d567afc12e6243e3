/**
 * The endpoint driven by the real @aws-sdk/client-codeartifact: what the SDK sends arrives at
 * `invoke` bound member by member, what `invoke` answers comes back typed (Dates, headers, streams),
 * and every error class reaches the SDK as the right exception with its fields.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AccessDeniedException,
  CodeartifactServiceException,
  ConflictException,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribeDomainCommand,
  GetAuthorizationTokenCommand,
  GetPackageVersionAssetCommand,
  InternalServerException,
  ListDomainsCommand,
  ListPackageVersionsCommand,
  ListRepositoriesCommand,
  PublishPackageVersionCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  UntagResourceCommand,
  ValidationException,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as engineErrors from '../../src/main/engine/errors';
import { startHarness, type Harness } from './harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  harness.calls.length = 0;
  harness.logged.length = 0;
});

async function captureError(action: Promise<unknown>): Promise<CodeartifactServiceException> {
  try {
    await action;
  } catch (error) {
    if (error instanceof CodeartifactServiceException) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function lastCall() {
  const call = harness.calls.at(-1);
  if (!call) throw new Error('invoke was not called');
  return call;
}

describe('binding requests the SDK sends', () => {
  it('CreateDomain: domain from the query, tags from the body; createdTime comes back as a Date', async () => {
    const createdTime = new Date('2024-05-06T07:08:09.250Z');
    harness.answer('CreateDomain', (input) => ({
      domain: {
        name: input.domain,
        owner: '111122223333',
        status: 'Active',
        createdTime,
        repositoryCount: 0,
        assetSizeBytes: 0,
      },
    }));
    const result = await harness.client().send(
      new CreateDomainCommand({
        domain: 'my-domain',
        tags: [
          { key: 'team', value: 'platform' },
          { key: 'cost', value: '' },
        ],
      }),
    );
    expect(lastCall()).toEqual({
      operation: 'CreateDomain',
      input: {
        domain: 'my-domain',
        tags: [
          { key: 'team', value: 'platform' },
          { key: 'cost', value: '' },
        ],
      },
    });
    expect(result.domain?.createdTime).toBeInstanceOf(Date);
    expect(result.domain?.createdTime?.toISOString()).toBe('2024-05-06T07:08:09.250Z');
    expect(result.domain).toMatchObject({
      name: 'my-domain',
      owner: '111122223333',
      status: 'Active',
      repositoryCount: 0,
    });
  });

  it('CreateRepository: owner and names from the query, description and upstreams from the body', async () => {
    await harness.client().send(
      new CreateRepositoryCommand({
        domain: 'my-domain',
        domainOwner: '111122223333',
        repository: 'app.release_1',
        description: 'Releases — ünïcode',
        upstreams: [{ repositoryName: 'npm-store' }, { repositoryName: 'pypi-store' }],
      }),
    );
    expect(lastCall()).toEqual({
      operation: 'CreateRepository',
      input: {
        domain: 'my-domain',
        domainOwner: '111122223333',
        repository: 'app.release_1',
        description: 'Releases — ünïcode',
        upstreams: [{ repositoryName: 'npm-store' }, { repositoryName: 'pypi-store' }],
      },
    });
  });

  it('ListRepositories: max-results becomes a number, next-token and prefix stay strings', async () => {
    harness.answer('ListRepositories', () => ({
      repositories: [{ name: 'repo-a', createdTime: new Date(1_700_000_000_000) }],
      nextToken: 'page 2/+&=',
    }));
    const result = await harness.client().send(
      new ListRepositoriesCommand({
        repositoryPrefix: 'rep',
        maxResults: 25,
        nextToken: 'opaque token+/=',
      }),
    );
    expect(lastCall()).toEqual({
      operation: 'ListRepositories',
      input: { repositoryPrefix: 'rep', maxResults: 25, nextToken: 'opaque token+/=' },
    });
    expect(result.nextToken).toBe('page 2/+&=');
    expect(result.repositories?.[0]?.createdTime?.getTime()).toBe(1_700_000_000_000);
  });

  it('ListDomains: paging members from the JSON body', async () => {
    await harness.client().send(new ListDomainsCommand({ maxResults: 3, nextToken: 'abc' }));
    expect(lastCall()).toEqual({ operation: 'ListDomains', input: { maxResults: 3, nextToken: 'abc' } });
  });

  it('UntagResource: the ARN from the query, the tag keys from the body', async () => {
    const resourceArn = 'arn:aws:codeartifact:us-east-1:111122223333:repository/my-domain/repo';
    await harness.client().send(new UntagResourceCommand({ resourceArn, tagKeys: ['team', 'cost center'] }));
    expect(lastCall()).toEqual({
      operation: 'UntagResource',
      input: { resourceArn, tagKeys: ['team', 'cost center'] },
    });
  });

  it('GetAuthorizationToken: duration becomes a number; the expiration comes back as a Date', async () => {
    harness.answer('GetAuthorizationToken', () => ({
      authorizationToken: 'tok',
      expiration: new Date('2030-01-01T00:15:00Z'),
    }));
    const result = await harness.client().send(
      new GetAuthorizationTokenCommand({
        domain: 'my-domain',
        domainOwner: '111122223333',
        durationSeconds: 900,
      }),
    );
    expect(lastCall()).toEqual({
      operation: 'GetAuthorizationToken',
      input: { domain: 'my-domain', domainOwner: '111122223333', durationSeconds: 900 },
    });
    expect(result.expiration).toEqual(new Date('2030-01-01T00:15:00Z'));
    expect(result.authorizationToken).toBe('tok');
  });

  it('ListPackageVersions: enum query members and omitted optional members', async () => {
    harness.answer('ListPackageVersions', () => ({
      format: 'npm',
      package: 'left-pad',
      namespace: undefined,
      versions: [{ version: '1.0.0', status: 'Published', revision: 'r1' }],
    }));
    const result = await harness.client().send(
      new ListPackageVersionsCommand({
        domain: 'my-domain',
        repository: 'repo',
        format: 'npm',
        package: 'left-pad',
        status: 'Published',
        sortBy: 'PUBLISHED_TIME',
      }),
    );
    expect(lastCall().input).toEqual({
      domain: 'my-domain',
      repository: 'repo',
      format: 'npm',
      package: 'left-pad',
      status: 'Published',
      sortBy: 'PUBLISHED_TIME',
    });
    expect(result.namespace).toBeUndefined();
    expect(result.versions).toEqual([{ version: '1.0.0', status: 'Published', revision: 'r1' }]);
  });

  it('PublishPackageVersion: the asset arrives as a stream, unbuffered, with the signed SHA-256', async () => {
    // 3 MiB: larger than the JSON body limit, so it only gets through because it is streamed.
    const chunk = Buffer.alloc(256 * 1024);
    for (let i = 0; i < chunk.length; i += 1) chunk[i] = (i * 7) % 251;
    const chunks = Array.from({ length: 12 }, () => chunk);
    const whole = Buffer.concat(chunks);
    const sha256 = createHash('sha256').update(whole).digest('hex');
    let received: { isStream: boolean; bytes: number; sha256: string } | undefined;
    harness.answer('PublishPackageVersion', async (input) => {
      const content = input.assetContent;
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const piece of content as AsyncIterable<Buffer>) {
        hash.update(piece);
        bytes += piece.length;
      }
      received = { isStream: content instanceof Readable, bytes, sha256: hash.digest('hex') };
      return {
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        version: '2.0.0',
        versionRevision: 'rev-1',
        status: 'Published',
        asset: { name: 'cli.tar.gz', size: bytes, hashes: { 'SHA-256': sha256 } },
      };
    });
    const result = await harness.client().send(
      new PublishPackageVersionCommand({
        domain: 'my-domain',
        repository: 'repo',
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        packageVersion: '2.0.0',
        assetName: 'cli.tar.gz',
        assetSHA256: sha256,
        unfinished: true,
        assetContent: Readable.from(chunks),
      }),
    );
    expect(received).toEqual({ isStream: true, bytes: whole.length, sha256 });
    const { assetContent, ...bound } = lastCall().input;
    expect(assetContent).toBeInstanceOf(Readable);
    expect(bound).toEqual({
      domain: 'my-domain',
      repository: 'repo',
      format: 'generic',
      namespace: 'tools',
      package: 'cli',
      packageVersion: '2.0.0',
      assetName: 'cli.tar.gz',
      assetSHA256: sha256,
      unfinished: true,
    });
    expect(result.asset).toEqual({ name: 'cli.tar.gz', size: whole.length, hashes: { 'SHA-256': sha256 } });
    expect(result.status).toBe('Published');
  });

  it('PublishPackageVersion: an error raised before the stream is read still reaches the SDK', async () => {
    harness.answer('PublishPackageVersion', () => {
      throw new engineErrors.ConflictException(
        'Asset big.bin already exists with different content',
        'big.bin',
        'asset',
      );
    });
    const big = Buffer.alloc(8 * 1024 * 1024, 1);
    const error = await captureError(
      harness.client().send(
        new PublishPackageVersionCommand({
          domain: 'my-domain',
          repository: 'repo',
          format: 'generic',
          namespace: 'tools',
          package: 'big',
          packageVersion: '1.0.0',
          assetName: 'big.bin',
          assetSHA256: createHash('sha256').update(big).digest('hex'),
          assetContent: Readable.from([big]),
        }),
      ),
    );
    expect(error).toBeInstanceOf(ConflictException);
    expect((error as ConflictException).resourceId).toBe('big.bin');
  });

  it('GetPackageVersionAsset: headers become output members and the stream becomes the body', async () => {
    const parts = [Buffer.from('first part, '), Buffer.from('second part')];
    harness.answer('GetPackageVersionAsset', (input) => ({
      asset: Readable.from(parts),
      assetName: input.asset,
      packageVersion: input.packageVersion,
      packageVersionRevision: 'rev-42',
    }));
    const result = await harness.client().send(
      new GetPackageVersionAssetCommand({
        domain: 'my-domain',
        repository: 'repo',
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        packageVersion: '2.0.0',
        asset: 'cli.tar.gz',
        packageVersionRevision: 'rev-42',
      }),
    );
    expect(lastCall().input).toMatchObject({
      asset: 'cli.tar.gz',
      packageVersion: '2.0.0',
      packageVersionRevision: 'rev-42',
    });
    expect(result.assetName).toBe('cli.tar.gz');
    expect(result.packageVersion).toBe('2.0.0');
    expect(result.packageVersionRevision).toBe('rev-42');
    const bytes = await result.asset?.transformToByteArray();
    expect(Buffer.from(bytes ?? []).toString()).toBe('first part, second part');
  });
});

describe('errors as the SDK sees them', () => {
  function failWith(error: Error): void {
    harness.answer('DescribeDomain', () => {
      throw error;
    });
  }
  const describeDomain = () => harness.client().send(new DescribeDomainCommand({ domain: 'my-domain' }));

  it('ValidationException with its reason', async () => {
    failWith(
      new engineErrors.ValidationException('1 validation error detected: bad', 'FIELD_VALIDATION_FAILED'),
    );
    const error = await captureError(describeDomain());
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toBe('1 validation error detected: bad');
    expect((error as ValidationException).reason).toBe('FIELD_VALIDATION_FAILED');
  });

  it('ResourceNotFoundException, ConflictException, ServiceQuotaExceededException with resourceId and resourceType', async () => {
    const cases = [
      [
        new engineErrors.ResourceNotFoundException('Domain my-domain not found', 'my-domain', 'domain'),
        ResourceNotFoundException,
        404,
      ],
      [
        new engineErrors.ConflictException('Repository repo exists', 'repo', 'repository'),
        ConflictException,
        409,
      ],
      [
        new engineErrors.ServiceQuotaExceededException('Too many', 'my-domain', 'domain'),
        ServiceQuotaExceededException,
        402,
      ],
    ] as const;
    for (const [thrown, expectedClass, status] of cases) {
      failWith(thrown);
      const error = await captureError(describeDomain());
      expect(error, thrown.name).toBeInstanceOf(expectedClass);
      expect(error.$metadata.httpStatusCode).toBe(status);
      expect(error.message).toBe(thrown.message);
      expect((error as ResourceNotFoundException).resourceId).toBe(thrown.resourceId);
      expect((error as ResourceNotFoundException).resourceType).toBe(thrown.resourceType);
    }
  });

  it('AccessDeniedException, ThrottlingException (with Retry-After) and InternalServerException', async () => {
    failWith(new engineErrors.AccessDeniedException('not yours'));
    const denied = await captureError(describeDomain());
    expect(denied).toBeInstanceOf(AccessDeniedException);
    expect(denied.$metadata.httpStatusCode).toBe(403);
    expect(denied.message).toBe('not yours');

    failWith(new engineErrors.ThrottlingException('slow down', 7));
    const throttled = await captureError(describeDomain());
    expect(throttled).toBeInstanceOf(ThrottlingException);
    expect(throttled.$metadata.httpStatusCode).toBe(429);
    expect((throttled as ThrottlingException).retryAfterSeconds).toBe(7);

    failWith(new engineErrors.InternalServerException('store unavailable'));
    const internal = await captureError(describeDomain());
    expect(internal).toBeInstanceOf(InternalServerException);
    expect(internal.$metadata.httpStatusCode).toBe(500);
    expect(internal.message).toBe('store unavailable');
  });

  it('an unexpected failure is a generic InternalServerException, logged but not revealed', async () => {
    failWith(new TypeError('secret detail: cannot read x of undefined'));
    const error = await captureError(describeDomain());
    expect(error).toBeInstanceOf(InternalServerException);
    expect(error.message).not.toContain('secret detail');
    expect(harness.logged).toHaveLength(1);
    expect(String(harness.logged[0]?.error)).toContain('secret detail');
  });

  it('a query value that cannot be a number is a ValidationException before invoke', async () => {
    const error = await captureError(
      harness.client().send(new ListRepositoriesCommand({ maxResults: Number.NaN })),
    );
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toBe(
      "1 validation error detected: Value 'NaN' at 'maxResults' failed to satisfy constraint: Member must be of type integer",
    );
    expect(harness.calls).toHaveLength(0);
  });
});

describe('SigV4 through the SDK', () => {
  it('a wrong secret is InvalidSignatureException', async () => {
    const error = await captureError(
      harness.client({ secretAccessKey: 'not-the-secret' }).send(new ListDomainsCommand({})),
    );
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
    expect(harness.calls).toHaveLength(0);
  });

  it('an unknown access key is UnrecognizedClientException', async () => {
    const error = await captureError(
      harness.client({ accessKeyId: 'AKIAUNKNOWNKEY000000' }).send(new ListDomainsCommand({})),
    );
    expect(error.name).toBe('UnrecognizedClientException');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toBe('The security token included in the request is invalid.');
  });

  it('a request signed for another region is refused, naming the region served', async () => {
    const error = await captureError(
      harness.client({ region: 'eu-west-3' }).send(new ListDomainsCommand({})),
    );
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.message).toMatch(/not 'eu-west-3'.*'us-east-1'/);
  });

  it('accepts credentials from a lookup function', async () => {
    const other = await startHarness({
      credentials: (id) =>
        id === 'AKIALOOKEDUP00000000' ? { accessKeyId: id, secretAccessKey: 'looked-up' } : undefined,
    });
    try {
      await other
        .client({ accessKeyId: 'AKIALOOKEDUP00000000', secretAccessKey: 'looked-up' })
        .send(new ListDomainsCommand({}));
      expect(other.calls.map((call) => call.operation)).toEqual(['ListDomains']);
    } finally {
      await other.close();
    }
  });
});
