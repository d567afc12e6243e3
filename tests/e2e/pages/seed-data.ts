/**
 * Data the e2e tests put into the service through the real SDK before looking at it in the UI:
 * generic package versions with known bytes, and many packages at once for the list benchmark.
 */
import { createHash } from 'node:crypto';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  PublishPackageVersionCommand,
  PutPackageOriginConfigurationCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function createDomainWithRepositories(
  client: CodeartifactClient,
  domain: string,
  repositories: string[],
): Promise<void> {
  await client.send(new CreateDomainCommand({ domain }));
  for (const repository of repositories)
    await client.send(new CreateRepositoryCommand({ domain, repository }));
}

export interface GenericVersion {
  readonly domain: string;
  readonly repository: string;
  readonly namespace: string;
  readonly package: string;
  readonly version: string;
  readonly assetName: string;
  readonly content: Buffer;
}

export async function publishGeneric(client: CodeartifactClient, item: GenericVersion): Promise<void> {
  await client.send(
    new PublishPackageVersionCommand({
      domain: item.domain,
      repository: item.repository,
      format: 'generic',
      namespace: item.namespace,
      package: item.package,
      packageVersion: item.version,
      assetName: item.assetName,
      assetContent: item.content,
      assetSHA256: sha256Hex(item.content),
    }),
  );
}

/**
 * Creates `count` packages quickly: PutPackageOriginConfiguration makes a package without a version
 * (no asset to store), several requests in flight at once so the journal groups their commits.
 */
export async function seedPackages(
  client: CodeartifactClient,
  target: { domain: string; repository: string },
  count: number,
  concurrency = 24,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      await client.send(
        new PutPackageOriginConfigurationCommand({
          ...target,
          format: 'generic',
          namespace: `bench${String(index % 50).padStart(2, '0')}`,
          package: `package-${String(index).padStart(5, '0')}`,
          restrictions: { publish: 'ALLOW', upstream: index % 3 === 0 ? 'ALLOW' : 'BLOCK' },
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
