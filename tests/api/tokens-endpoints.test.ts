/**
 * GetAuthorizationToken and GetRepositoryEndpoint through the real SDK: token lifetimes, and one
 * loopback URL per package format that real package managers can be pointed at.
 */
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ResourceNotFoundException,
  type CodeartifactClient,
  type PackageFormat,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, expectValidationError } from '../helpers/expect-error';
import { expectRecentDate } from '../helpers/resources';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let client: CodeartifactClient;
const domain = 'tokens';
const repository = 'app-repo';

beforeAll(async () => {
  serve = await startServe();
  client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository }));
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
}, 30_000);

const twelveHours = 43_200;

describe('GetAuthorizationToken', () => {
  it('issues a token valid for 12 hours by default', async () => {
    const { authorizationToken, expiration } = await client.send(
      new GetAuthorizationTokenCommand({ domain }),
    );
    expect(typeof authorizationToken).toBe('string');
    expect(
      (authorizationToken as string).length,
      'a token must be long enough not to be guessed',
    ).toBeGreaterThanOrEqual(32);
    expect(authorizationToken).toMatch(/^\S+$/);
    expectRecentDate(expiration, 60_000, Date.now() + twelveHours * 1000);
  });

  it.each([900, 3_600, twelveHours])('sets the expiration to now + %i seconds', async (durationSeconds) => {
    const { expiration } = await client.send(new GetAuthorizationTokenCommand({ domain, durationSeconds }));
    expectRecentDate(expiration, 60_000, Date.now() + durationSeconds * 1000);
  });

  it('accepts duration 0 and returns a token that expires in the future', async () => {
    const { authorizationToken, expiration } = await client.send(
      new GetAuthorizationTokenCommand({ domain, durationSeconds: 0 }),
    );
    expect(authorizationToken).toMatch(/^\S{32,}$/);
    expect(expiration).toBeInstanceOf(Date);
    expect((expiration as Date).getTime()).toBeGreaterThan(Date.now());
    expect((expiration as Date).getTime()).toBeLessThanOrEqual(Date.now() + twelveHours * 1000 + 60_000);
  });

  it('issues a different token on every call', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const { authorizationToken } = await client.send(
        new GetAuthorizationTokenCommand({ domain, domainOwner: serve.accountId }),
      );
      tokens.add(authorizationToken as string);
    }
    expect(tokens.size).toBe(5);
  });

  it('answers 404 naming the domain when it does not exist', async () => {
    await expectServiceError(
      client.send(new GetAuthorizationTokenCommand({ domain: 'no-such-domain' })),
      ResourceNotFoundException,
      {
        status: 404,
        resourceId: 'no-such-domain',
        resourceType: 'domain',
      },
    );
  });

  it.each([1, 60, 899, twelveHours + 1, 86_400, -1])(
    'refuses durationSeconds %i with a ValidationException',
    async (durationSeconds) => {
      await expectValidationError(
        client.send(new GetAuthorizationTokenCommand({ domain, durationSeconds })),
        ['durationSeconds', 'duration'],
      );
    },
  );

  it('validates the domain and domainOwner', async () => {
    await expectValidationError(client.send(new GetAuthorizationTokenCommand({ domain: 'T' })), 'domain');
    await expectValidationError(
      client.send(new GetAuthorizationTokenCommand({ domain: 'Tokens' })),
      'domain',
    );
    await expectValidationError(
      client.send(new GetAuthorizationTokenCommand({ domain, domainOwner: '12345678901' })),
      ['domainOwner', 'domain-owner'],
    );
  });
});

describe('GetRepositoryEndpoint', () => {
  const formats: PackageFormat[] = ['npm', 'pypi', 'maven', 'nuget', 'generic', 'ruby', 'swift', 'cargo'];

  it.each(formats)('returns a loopback URL for %s ending in /<format>/<repository>/', async (format) => {
    const { repositoryEndpoint } = await client.send(
      new GetRepositoryEndpointCommand({ domain, repository, format }),
    );
    expect(typeof repositoryEndpoint).toBe('string');
    const url = new URL(repositoryEndpoint as string);
    expect(url.origin, 'the endpoint is served by this service').toBe(new URL(serve.endpoint).origin);
    expect(url.pathname.endsWith(`/${format}/${repository}/`), url.pathname).toBe(true);
    expect(url.pathname, 'the URL identifies the domain and its owner').toContain(
      `${domain}-${serve.accountId}`,
    );
    expect(url.search).toBe('');
  });

  it('gives each format its own URL', async () => {
    const urls = new Set<string>();
    for (const format of formats) {
      const { repositoryEndpoint } = await client.send(
        new GetRepositoryEndpointCommand({ domain, repository, format }),
      );
      urls.add(repositoryEndpoint as string);
    }
    expect(urls.size).toBe(formats.length);
  });

  it('accepts both endpoint types', async () => {
    const plain = await client.send(new GetRepositoryEndpointCommand({ domain, repository, format: 'npm' }));
    for (const endpointType of ['ipv4', 'dualstack'] as const) {
      const typed = await client.send(
        new GetRepositoryEndpointCommand({
          domain,
          domainOwner: serve.accountId,
          repository,
          format: 'npm',
          endpointType,
        }),
      );
      expect(new URL(typed.repositoryEndpoint as string).pathname).toBe(
        new URL(plain.repositoryEndpoint as string).pathname,
      );
    }
  });

  it('answers 404 for a repository or domain that does not exist', async () => {
    await expectServiceError(
      client.send(new GetRepositoryEndpointCommand({ domain, repository: 'ghost', format: 'npm' })),
      ResourceNotFoundException,
      { status: 404, resourceId: 'ghost', resourceType: 'repository' },
    );
    await expectServiceError(
      client.send(new GetRepositoryEndpointCommand({ domain: 'nowhere', repository, format: 'npm' })),
      ResourceNotFoundException,
      { status: 404, resourceId: 'nowhere', resourceType: 'domain' },
    );
  });

  it('validates every parameter', async () => {
    await expectValidationError(
      client.send(
        new GetRepositoryEndpointCommand({ domain, repository, format: 'rubygems' as PackageFormat }),
      ),
      'format',
    );
    await expectValidationError(
      client.send(new GetRepositoryEndpointCommand({ domain, repository } as never)),
      'format',
    );
    await expectValidationError(
      client.send(
        new GetRepositoryEndpointCommand({
          domain,
          repository,
          format: 'npm',
          endpointType: 'ipv6' as 'ipv4',
        }),
      ),
      'endpointType',
    );
    await expectValidationError(
      client.send(new GetRepositoryEndpointCommand({ domain, repository: 'r', format: 'npm' })),
      'repository',
    );
    await expectValidationError(
      client.send(new GetRepositoryEndpointCommand({ domain: 'd', repository, format: 'npm' })),
      'domain',
    );
    await expectValidationError(
      client.send(new GetRepositoryEndpointCommand({ domain, domainOwner: '', repository, format: 'npm' })),
      ['domainOwner', 'domain-owner'],
    );
  });
});
