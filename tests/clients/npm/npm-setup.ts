/** Domains, repositories, tokens and package sources for the npm client tests. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';

export async function createRepositories(
  client: CodeartifactClient,
  domain: string,
  repositories: readonly { name: string; upstreams?: string[]; external?: string }[],
): Promise<{ token: string; endpoint: (repository: string) => Promise<string> }> {
  await client.send(new CreateDomainCommand({ domain }));
  for (const repository of repositories) {
    await client.send(
      new CreateRepositoryCommand({
        domain,
        repository: repository.name,
        upstreams: (repository.upstreams ?? []).map((repositoryName) => ({ repositoryName })),
      }),
    );
    if (repository.external) {
      await client.send(
        new AssociateExternalConnectionCommand({
          domain,
          repository: repository.name,
          externalConnection: repository.external,
        }),
      );
    }
  }
  const { authorizationToken } = await client.send(new GetAuthorizationTokenCommand({ domain }));
  if (!authorizationToken) throw new Error('no token');
  return {
    token: authorizationToken,
    async endpoint(repository) {
      const { repositoryEndpoint } = await client.send(
        new GetRepositoryEndpointCommand({ domain, repository, format: 'npm' }),
      );
      if (!repositoryEndpoint) throw new Error('no endpoint');
      return repositoryEndpoint;
    },
  };
}

/** A package source directory ready for `npm publish`; index.js exports `marker`. */
export async function packageSource(
  root: string,
  name: string,
  version: string,
  marker: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const dir = path.join(root, 'sources', `${name.replace('/', '__')}-${version}`);
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify(
      { name, version, description: `${name} used in tests`, main: 'index.js', license: 'MIT', ...extra },
      null,
      2,
    ),
  );
  await writeFile(path.join(dir, 'index.js'), `module.exports = ${JSON.stringify(marker)};\n`);
  await writeFile(path.join(dir, 'README.md'), `# ${name}\n\n${marker}\n`);
  return dir;
}
