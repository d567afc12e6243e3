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
import { startServe, type ServeHandle } from '../../helpers/serve';
import { createNpmEnv, type NpmEnv } from './npm-env';

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

export interface LocalAndApp {
  readonly serve: ServeHandle;
  readonly client: CodeartifactClient;
  readonly env: NpmEnv;
  readonly token: string;
  /** A repository holding the published versions. */
  readonly localRegistry: string;
  /** A repository with `local` as its only upstream. */
  readonly appRegistry: string;
  dispose(): Promise<void>;
}

/**
 * A fresh `serve` with repositories `local` and `app` (upstream `local`) in `domain`, an isolated npm
 * configured for `local`, and `name` published there at each of `versions` (index.js exports
 * `${markerPrefix}-${version}`).
 */
export async function publishToLocalWithApp(
  domain: string,
  name: string,
  versions: readonly string[],
  markerPrefix: string = name,
): Promise<LocalAndApp> {
  const serve = await startServe({ args: ['--no-client-config'] });
  const client = serve.client();
  const env = await createNpmEnv();
  const setup = await createRepositories(client, domain, [
    { name: 'local' },
    { name: 'app', upstreams: ['local'] },
  ]);
  const localRegistry = await setup.endpoint('local');
  const appRegistry = await setup.endpoint('app');
  await env.configure(localRegistry, setup.token);
  for (const version of versions) {
    const dir = await packageSource(env.home, name, version, `${markerPrefix}-${version}`);
    const result = await env.npm(['publish'], dir);
    if (result.exitCode !== 0) throw new Error(`npm publish ${name}@${version} failed: ${result.stderr}`);
  }
  return {
    serve,
    client,
    env,
    token: setup.token,
    localRegistry,
    appRegistry,
    async dispose() {
      await env.dispose();
      await serve.dispose();
    },
  };
}
