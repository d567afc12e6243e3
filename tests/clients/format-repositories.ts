/**
 * The setup the Cargo, RubyGems, NuGet and Swift client tests share: a fresh `serve`, a domain with
 * `local` (where versions are published), `app` (with `local` as its upstream) and `guarded` (for
 * origin-control refusals), a token, and each repository's endpoint for the format.
 */
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  type CodeartifactClient,
  type PackageFormat,
} from '@aws-sdk/client-codeartifact';
import { startServe, type ServeHandle } from '../helpers/serve';

export interface FormatRepositories {
  readonly serve: ServeHandle;
  readonly client: CodeartifactClient;
  readonly token: string;
  /** Repository name → endpoint URL (ending in `/`). */
  readonly endpoints: Record<string, string>;
}

export async function serveFormatRepositories(
  domain: string,
  format: PackageFormat,
): Promise<FormatRepositories> {
  const serve = await startServe({ args: ['--no-client-config'] });
  const client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository: 'local' }));
  await client.send(
    new CreateRepositoryCommand({ domain, repository: 'app', upstreams: [{ repositoryName: 'local' }] }),
  );
  await client.send(new CreateRepositoryCommand({ domain, repository: 'guarded' }));
  const token = (await client.send(new GetAuthorizationTokenCommand({ domain }))).authorizationToken ?? '';
  const endpoints: Record<string, string> = {};
  for (const repository of ['local', 'app', 'guarded']) {
    const answer = await client.send(new GetRepositoryEndpointCommand({ domain, repository, format }));
    endpoints[repository] = answer.repositoryEndpoint ?? '';
  }
  return { serve, client, token, endpoints };
}

/**
 * The setup of the external-connection tests: a `serve` whose `connection` fetches from `upstream`
 * (a local fake), a domain with `store` (holding the connection) and `app` (with `store` as its
 * upstream), a token, and both endpoints for the format.
 */
export async function serveExternalRepositories(
  domain: string,
  format: PackageFormat,
  connection: string,
  upstream: string,
  /** A data directory to keep after the service stops (a temporary one by default). */
  dataDir?: string,
): Promise<FormatRepositories> {
  const serve = await startServe({
    ...(dataDir !== undefined ? { dataDir } : {}),
    args: ['--no-client-config', '--external-upstream', `${connection}=${upstream}`],
  });
  const client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository: 'store' }));
  await client.send(
    new AssociateExternalConnectionCommand({ domain, repository: 'store', externalConnection: connection }),
  );
  await client.send(
    new CreateRepositoryCommand({ domain, repository: 'app', upstreams: [{ repositoryName: 'store' }] }),
  );
  const token = (await client.send(new GetAuthorizationTokenCommand({ domain }))).authorizationToken ?? '';
  const endpoints: Record<string, string> = {};
  for (const repository of ['store', 'app']) {
    const answer = await client.send(new GetRepositoryEndpointCommand({ domain, repository, format }));
    endpoints[repository] = answer.repositoryEndpoint ?? '';
  }
  return { serve, client, token, endpoints };
}
