/**
 * What the mirror tests copy: a domain with a repository `main` (external connection public:npmjs)
 * and `team` (upstream main) holding npm, PyPI, Maven and generic versions published through their
 * own protocols, some Unlisted. Published with plain HTTP and the SDK, as the clients send them.
 */
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
  type PackageFormat,
} from '@aws-sdk/client-codeartifact';
import { deployMaven, uploadWheel } from '../helpers/format-uploads';
import { npmPublish } from '../clients/npm/npm-http-publish';
import { npmFixture } from '../clients/npm/tarball-writer';
import { publishGeneric } from '../helpers/packages';

export const fixtureDomain = 'team-domain';

async function endpoint(client: CodeartifactClient, repository: string, format: PackageFormat) {
  const out = await client.send(
    new GetRepositoryEndpointCommand({ domain: fixtureDomain, repository, format }),
  );
  return out.repositoryEndpoint ?? '';
}

export interface FixtureVersion {
  readonly repository: string;
  readonly format: PackageFormat;
  readonly namespace?: string;
  readonly package: string;
  readonly version: string;
  readonly status: 'Published' | 'Unlisted';
}

/** Creates the domain and repositories and publishes the versions; returns what was published. */
export async function publishFixtures(client: CodeartifactClient): Promise<FixtureVersion[]> {
  await client.send(new CreateDomainCommand({ domain: fixtureDomain }));
  await client.send(
    new CreateRepositoryCommand({
      domain: fixtureDomain,
      repository: 'main',
      description: 'what the team uses',
    }),
  );
  await client.send(
    new AssociateExternalConnectionCommand({
      domain: fixtureDomain,
      repository: 'main',
      externalConnection: 'public:npmjs',
    }),
  );
  await client.send(
    new CreateRepositoryCommand({
      domain: fixtureDomain,
      repository: 'team',
      upstreams: [{ repositoryName: 'main' }],
    }),
  );
  const token =
    (await client.send(new GetAuthorizationTokenCommand({ domain: fixtureDomain }))).authorizationToken ?? '';
  const npm = await endpoint(client, 'team', 'npm');
  await npmPublish(npm, token, npmFixture('mirror-left-pad', '1.0.0', 'one'), 'latest');
  await npmPublish(npm, token, npmFixture('mirror-left-pad', '1.1.0', 'two'), 'latest');
  await npmPublish(npm, token, npmFixture('@team/mirror-util', '2.0.0', 'scoped'), 'latest');
  await uploadWheel(await endpoint(client, 'team', 'pypi'), token, 'mirror_tool', '0.3.0');
  await deployMaven(await endpoint(client, 'team', 'maven'), token, 'com.example.mirror', 'core', '4.2.0');
  const generic = { domain: fixtureDomain, repository: 'team', namespace: 'tools', package: 'cli' };
  await publishGeneric(client, generic, '1.0', 'cli-linux.tar', 'linux build', { unfinished: true });
  await publishGeneric(client, generic, '1.0', 'cli-mac.tar', 'mac build');
  await client.send(
    new UpdatePackageVersionsStatusCommand({
      domain: fixtureDomain,
      repository: 'team',
      format: 'npm',
      package: 'mirror-left-pad',
      versions: ['1.0.0'],
      targetStatus: 'Unlisted',
    }),
  );
  return [
    { repository: 'team', format: 'npm', package: 'mirror-left-pad', version: '1.0.0', status: 'Unlisted' },
    { repository: 'team', format: 'npm', package: 'mirror-left-pad', version: '1.1.0', status: 'Published' },
    {
      repository: 'team',
      format: 'npm',
      namespace: 'team',
      package: 'mirror-util',
      version: '2.0.0',
      status: 'Published',
    },
    { repository: 'team', format: 'pypi', package: 'mirror-tool', version: '0.3.0', status: 'Published' },
    {
      repository: 'team',
      format: 'maven',
      namespace: 'com.example.mirror',
      package: 'core',
      version: '4.2.0',
      status: 'Published',
    },
    {
      repository: 'team',
      format: 'generic',
      namespace: 'tools',
      package: 'cli',
      version: '1.0',
      status: 'Published',
    },
  ];
}
