/**
 * The real AWS CLI v1 and v2 against `serve` with --endpoint-url: the commands a user types first,
 * checked through their JSON output, plus how an API error reaches the terminal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliPath, runAwsCli, type AwsCliMajor, type AwsCliResult } from '../helpers/aws-cli';
import { domainArn, expectRecentDate, repositoryArn } from '../helpers/resources';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;

beforeAll(async () => {
  serve = await startServe();
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
}, 120_000);

type Json = Record<string, unknown>;

async function aws(major: AwsCliMajor, ...args: string[]): Promise<Json> {
  const result = await runAwsCli(major, ['codeartifact', ...args], serve);
  expect(result.exitCode, `aws v${major} ${args.join(' ')} failed:\n${result.stderr}`).toBe(0);
  return (result.json ?? {}) as Json;
}

/**
 * CLI v1 prints timestamps as they came off the wire (epoch seconds; its cli_timestamp_format
 * defaults to none) and v2 as ISO 8601 text; either way they must mean the moment the server meant.
 */
function parseCliTime(value: unknown): Date {
  expect(['number', 'string'], `timestamp ${JSON.stringify(value)}`).toContain(typeof value);
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value as string);
  expect(Number.isNaN(date.getTime()), `unparseable timestamp ${String(value)}`).toBe(false);
  return date;
}

describe.each([1, 2] as const)('AWS CLI v%i', (major) => {
  const domain = `cli-v${major}`;
  const repository = 'cli-repo';
  const upstream = 'cli-upstream';

  it('is installed', async () => {
    await expect(awsCliPath(major)).resolves.toEqual(expect.any(String));
  }, 120_000);

  it('create-domain prints the new domain', async () => {
    const { domain: created } = (await aws(major, 'create-domain', '--domain', domain)) as { domain: Json };
    expect(created.name).toBe(domain);
    expect(created.owner).toBe(serve.accountId);
    expect(created.arn).toBe(domainArn(serve, domain));
    expect(created.status).toBe('Active');
    expect(created.repositoryCount).toBe(0);
    expectRecentDate(parseCliTime(created.createdTime));
  }, 120_000);

  it('create-repository with --description and --upstreams prints the repository', async () => {
    await aws(major, 'create-repository', '--domain', domain, '--repository', upstream);
    const { repository: created } = (await aws(
      major,
      'create-repository',
      '--domain',
      domain,
      '--domain-owner',
      serve.accountId,
      '--repository',
      repository,
      '--description',
      'Made with the CLI',
      '--upstreams',
      `repositoryName=${upstream}`,
    )) as { repository: Json };
    expect(created.name).toBe(repository);
    expect(created.administratorAccount).toBe(serve.accountId);
    expect(created.domainName).toBe(domain);
    expect(created.domainOwner).toBe(serve.accountId);
    expect(created.arn).toBe(repositoryArn(serve, domain, repository));
    expect(created.description).toBe('Made with the CLI');
    expect(created.upstreams).toEqual([{ repositoryName: upstream }]);
    // The service model bundled with CLI v2 2.9 predates RepositoryDescription.createdTime and drops it.
    if (major === 1) expectRecentDate(parseCliTime(created.createdTime));
  }, 120_000);

  it('describe-repository and list-repositories show it', async () => {
    const { repository: described } = (await aws(
      major,
      'describe-repository',
      '--domain',
      domain,
      '--repository',
      repository,
    )) as {
      repository: Json;
    };
    expect(described.description).toBe('Made with the CLI');
    expect(described.upstreams).toEqual([{ repositoryName: upstream }]);

    const { repositories } = (await aws(major, 'list-repositories', '--repository-prefix', 'cli-')) as {
      repositories: Json[];
    };
    const mine = repositories.filter((r) => r.domainName === domain).map((r) => r.name);
    expect(mine.sort()).toEqual([repository, upstream].sort());
    const summary = repositories.find((r) => r.domainName === domain && r.name === repository) as Json;
    expect(summary.arn).toBe(repositoryArn(serve, domain, repository));
    expect(summary.administratorAccount).toBe(serve.accountId);
  }, 120_000);

  it('get-authorization-token returns a token and an expiration it can parse', async () => {
    const before = Date.now();
    const token = await aws(
      major,
      'get-authorization-token',
      '--domain',
      domain,
      '--duration-seconds',
      '900',
    );
    expect(token.authorizationToken).toMatch(/^\S{32,}$/);
    expectRecentDate(parseCliTime(token.expiration), 60_000, before + 900_000);
    // The `--query` form that login scripts use prints the bare token.
    const bare = await runAwsCli(
      major,
      ['codeartifact', 'get-authorization-token', '--domain', domain, '--query', 'authorizationToken'],
      serve,
      {
        output: 'text',
      },
    );
    expect(bare.exitCode, bare.stderr).toBe(0);
    expect(bare.stdout.trim()).toMatch(/^[^\s"]{32,}$/);
  }, 120_000);

  it('get-repository-endpoint --format npm returns a loopback URL of this service', async () => {
    const { repositoryEndpoint } = await aws(
      major,
      'get-repository-endpoint',
      '--domain',
      domain,
      '--repository',
      repository,
      '--format',
      'npm',
    );
    const url = new URL(repositoryEndpoint as string);
    expect(url.origin).toBe(new URL(serve.endpoint).origin);
    expect(url.pathname.endsWith(`/npm/${repository}/`), url.pathname).toBe(true);
  }, 120_000);

  it('tag-resource and list-tags-for-resource round-trip tags', async () => {
    const arn = repositoryArn(serve, domain, repository);
    await aws(
      major,
      'tag-resource',
      '--resource-arn',
      arn,
      '--tags',
      'key=team,value=cli',
      'key=tier,value=gold',
    );
    const { tags } = (await aws(major, 'list-tags-for-resource', '--resource-arn', arn)) as { tags: Json[] };
    const byKey = Object.fromEntries(tags.map((t) => [t.key, t.value]));
    expect(byKey).toEqual({ team: 'cli', tier: 'gold' });
  }, 120_000);

  it('describe-domain of a missing domain exits non-zero with ResourceNotFoundException', async () => {
    const result: AwsCliResult = await runAwsCli(
      major,
      ['codeartifact', 'describe-domain', '--domain', `missing-v${major}`],
      serve,
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('ResourceNotFoundException');
  }, 120_000);

  it('delete-repository and delete-domain clean up', async () => {
    const { repository: deleted } = (await aws(
      major,
      'delete-repository',
      '--domain',
      domain,
      '--repository',
      repository,
    )) as {
      repository: Json;
    };
    expect(deleted.name).toBe(repository);
    await aws(major, 'delete-repository', '--domain', domain, '--repository', upstream);
    const { domain: gone } = (await aws(major, 'delete-domain', '--domain', domain)) as { domain: Json };
    expect(gone.name).toBe(domain);
    expect(gone.status).toBe('Deleted');
    const after = await runAwsCli(major, ['codeartifact', 'describe-domain', '--domain', domain], serve);
    expect(after.exitCode).not.toBe(0);
    expect(after.stderr).toContain('ResourceNotFoundException');
  }, 120_000);
});
