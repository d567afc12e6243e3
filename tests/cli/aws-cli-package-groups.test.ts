/**
 * Package groups with the real AWS CLI v1 against `serve` (the Debian AWS CLI v2 has no package
 * group commands): create a group, set its origin configuration with an allowed repository, read it
 * back with describe-package-group and get-associated-package-group, list it, and see an API error
 * reach the terminal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAwsCli } from '../helpers/aws-cli';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;

beforeAll(async () => {
  serve = await startServe();
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
}, 30_000);

type Json = Record<string, unknown>;

async function aws(...args: string[]): Promise<Json> {
  const result = await runAwsCli(1, ['codeartifact', ...args], serve);
  expect(result.exitCode, `aws ${args.join(' ')} failed:\n${result.stderr}`).toBe(0);
  return (result.json ?? {}) as Json;
}

describe('AWS CLI v1: package groups', () => {
  const domain = 'cli-groups';
  const arnOf = (pattern: string) =>
    `arn:aws:codeartifact:${serve.region}:${serve.accountId}:package-group/${domain}${pattern}`;

  beforeAll(async () => {
    await aws('create-domain', '--domain', domain);
    await aws('create-repository', '--domain', domain, '--repository', 'internal');
  }, 60_000);

  it('creates a group, configures its origins and reads them back', async () => {
    const created = (await aws(
      'create-package-group',
      '--domain',
      domain,
      '--package-group',
      '/npm/acme/*',
      '--contact-info',
      'web@acme.test',
      '--description',
      'The acme scope',
    )) as { packageGroup: Json };
    expect(created.packageGroup).toMatchObject({
      pattern: '/npm/acme/*',
      arn: arnOf('/npm/acme/*'),
      domainName: domain,
      domainOwner: serve.accountId,
      contactInfo: 'web@acme.test',
      description: 'The acme scope',
      parent: { pattern: '/*', arn: arnOf('/*') },
    });

    const updated = (await aws(
      'update-package-group-origin-configuration',
      '--domain',
      domain,
      '--package-group',
      '/npm/acme/*',
      '--restrictions',
      'PUBLISH=ALLOW_SPECIFIC_REPOSITORIES,EXTERNAL_UPSTREAM=BLOCK',
      '--add-allowed-repositories',
      'originRestrictionType=PUBLISH,repositoryName=internal',
    )) as { packageGroup: Json; allowedRepositoryUpdates: Json };
    expect(updated.allowedRepositoryUpdates).toEqual({ PUBLISH: { ADDED: ['internal'] } });

    const expectedRestrictions = {
      PUBLISH: {
        mode: 'ALLOW_SPECIFIC_REPOSITORIES',
        effectiveMode: 'ALLOW_SPECIFIC_REPOSITORIES',
        repositoriesCount: 1,
      },
      EXTERNAL_UPSTREAM: { mode: 'BLOCK', effectiveMode: 'BLOCK', repositoriesCount: 0 },
      INTERNAL_UPSTREAM: {
        mode: 'INHERIT',
        effectiveMode: 'ALLOW',
        inheritedFrom: { pattern: '/*', arn: arnOf('/*') },
        repositoriesCount: 0,
      },
    };
    const described = (await aws(
      'describe-package-group',
      '--domain',
      domain,
      '--package-group',
      '/npm/acme/*',
    )) as { packageGroup: { originConfiguration: { restrictions: Json } } };
    expect(described.packageGroup.originConfiguration.restrictions).toEqual(expectedRestrictions);

    const associated = (await aws(
      'get-associated-package-group',
      '--domain',
      domain,
      '--format',
      'npm',
      '--namespace',
      'acme',
      '--package',
      'not-published-yet',
    )) as { packageGroup: Json & { originConfiguration: { restrictions: Json } }; associationType: string };
    expect(associated.associationType).toBe('STRONG');
    expect(associated.packageGroup.pattern).toBe('/npm/acme/*');
    expect(associated.packageGroup.originConfiguration.restrictions).toEqual(expectedRestrictions);

    const allowed = await aws(
      'list-allowed-repositories-for-group',
      '--domain',
      domain,
      '--package-group',
      '/npm/acme/*',
      '--origin-restriction-type',
      'PUBLISH',
    );
    expect(allowed.allowedRepositories).toEqual(['internal']);

    const listed = (await aws('list-package-groups', '--domain', domain)) as { packageGroups: Json[] };
    expect(listed.packageGroups.map((group) => group.pattern)).toEqual(['/*', '/npm/acme/*']);
  }, 120_000);

  it('shows an API error on the terminal with a non-zero exit', async () => {
    const result = await runAwsCli(
      1,
      ['codeartifact', 'delete-package-group', '--domain', domain, '--package-group', '/*'],
      serve,
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/ValidationException/);
    expect(result.stderr).toMatch(/root package group/);
  }, 60_000);
});
