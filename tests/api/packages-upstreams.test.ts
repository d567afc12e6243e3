/**
 * Upstream repositories as the API shows them: the read operations look only at the repository
 * named in the request (404 even when an upstream holds the version), while CopyPackageVersions with
 * includeFromUpstream resolves through the source repository's upstreams in the documented order:
 * the repository itself, then its upstreams depth-first in their listed order, each once.
 */
import {
  CopyPackageVersionsCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribePackageCommand,
  ListPackageVersionAssetsCommand,
  ListPackageVersionsCommand,
  ListPackagesCommand,
  PutPackageOriginConfigurationCommand,
  ResourceNotFoundException,
  UpdateRepositoryCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError } from '../helpers/expect-error';
import {
  describeVersion,
  domainAssetBytes,
  downloadAsset,
  publishGeneric,
  uniqueBytes,
  versionStatuses,
  type GenericPackage,
} from '../helpers/packages';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let client: CodeartifactClient;
const domain = 'upstreaming';
const namespace = 'acme';
const name = 'lib';
const at = (repository: string): GenericPackage => ({ domain, repository, namespace, package: name });
const bytes: Record<string, Buffer> = {};

/**
 * app → [team, shared]; team → [base]; shared → [base]; base holds 1.0.0 and 2.0.0; shared holds its
 * own 2.0.0 and 3.0.0; app holds 4.0.0. Depth-first in listed order from app visits app, team, base,
 * shared, so app's 2.0.0 comes from base (via team), not from shared. A package published directly
 * to a repository blocks upstream versions there by default (origin control), so app's package is
 * configured with upstream=ALLOW before its first publish.
 */
async function createRepository(repository: string, upstreams: string[] = []): Promise<void> {
  await client.send(
    new CreateRepositoryCommand({
      domain,
      repository,
      upstreams: upstreams.map((repositoryName) => ({ repositoryName })),
    }),
  );
}

async function publish(repository: string, version: string): Promise<void> {
  const content = uniqueBytes(`${repository}-${version}`);
  bytes[`${repository}/${version}`] = content;
  await publishGeneric(client, at(repository), version, 'lib.bin', content);
}

beforeAll(async () => {
  serve = await startServe();
  client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
  await createRepository('base');
  await createRepository('team', ['base']);
  await createRepository('shared', ['base']);
  await createRepository('app', ['team', 'shared']);
  for (const destination of [
    'dest-direct',
    'dest-up',
    'dest-order',
    'dest-own',
    'dest-cycle',
    'dest-blocked',
  ]) {
    await createRepository(destination);
  }
  await client.send(
    new PutPackageOriginConfigurationCommand({
      domain,
      repository: 'app',
      format: 'generic',
      namespace,
      package: name,
      restrictions: { publish: 'ALLOW', upstream: 'ALLOW' },
    }),
  );
  await publish('base', '1.0.0');
  await publish('base', '2.0.0');
  await publish('shared', '2.0.0');
  await publish('shared', '3.0.0');
  await publish('app', '4.0.0');
  await publish('base', '4.0.0');
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
}, 30_000);

function copyFromApp(destinationRepository: string, versions: string[], includeFromUpstream?: boolean) {
  return client.send(
    new CopyPackageVersionsCommand({
      domain,
      sourceRepository: 'app',
      destinationRepository,
      format: 'generic',
      namespace,
      package: name,
      versions,
      includeFromUpstream,
    }),
  );
}

async function expectBytes(repository: string, version: string, from: string): Promise<void> {
  const downloaded = await downloadAsset(client, at(repository), version, 'lib.bin');
  expect(
    downloaded.bytes.equals(bytes[`${from}/${version}`] as Buffer),
    `${repository} ${version} came from ${from}`,
  ).toBe(true);
}

describe('the API reads one repository, never its upstreams', () => {
  it('DescribePackageVersion answers 404 for a version only an upstream holds', async () => {
    expect((await describeVersion(client, at('base'), '1.0.0')).status).toBe('Published');
    await expectServiceError(describeVersion(client, at('app'), '1.0.0'), ResourceNotFoundException, {
      status: 404,
    });
    await expectServiceError(describeVersion(client, at('team'), '1.0.0'), ResourceNotFoundException, {
      status: 404,
    });
  });

  it('GetPackageVersionAsset and ListPackageVersionAssets answer 404 for a version only an upstream holds', async () => {
    await expectServiceError(
      downloadAsset(client, at('app'), '3.0.0', 'lib.bin'),
      ResourceNotFoundException,
      {
        status: 404,
      },
    );
    await expectServiceError(
      client.send(
        new ListPackageVersionAssetsCommand({
          domain,
          repository: 'app',
          format: 'generic',
          namespace,
          package: name,
          packageVersion: '3.0.0',
        }),
      ),
      ResourceNotFoundException,
      { status: 404 },
    );
  });

  it('ListPackageVersions lists only the versions the repository itself holds', async () => {
    expect(await versionStatuses(client, at('app'))).toEqual({ '4.0.0': 'Published' });
    const result = await client.send(
      new ListPackageVersionsCommand({
        domain,
        repository: 'app',
        format: 'generic',
        namespace,
        package: name,
      }),
    );
    expect(result.defaultDisplayVersion).toBe('4.0.0');
  });

  it('DescribePackage and ListPackages do not show packages only an upstream holds', async () => {
    await publishGeneric(
      client,
      { ...at('base'), package: 'base-only' },
      '1.0.0',
      'x.bin',
      uniqueBytes('base-only'),
    );
    await expectServiceError(
      client.send(
        new DescribePackageCommand({
          domain,
          repository: 'app',
          format: 'generic',
          namespace,
          package: 'base-only',
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceType: 'package' },
    );
    const { packages } = await client.send(new ListPackagesCommand({ domain, repository: 'app' }));
    expect((packages ?? []).map((p) => p.package)).not.toContain('base-only');
    expect((packages ?? []).map((p) => p.package)).toContain(name);
  });
});

describe('CopyPackageVersions with includeFromUpstream', () => {
  it('without includeFromUpstream, versions only upstreams hold are NOT_FOUND', async () => {
    const result = await copyFromApp('dest-direct', ['1.0.0', '3.0.0', '4.0.0']);
    expect(result.successfulVersions?.['4.0.0']?.status).toBe('Published');
    expect(result.failedVersions?.['1.0.0']?.errorCode).toBe('NOT_FOUND');
    expect(result.failedVersions?.['3.0.0']?.errorCode).toBe('NOT_FOUND');
    expect(await versionStatuses(client, at('dest-direct'))).toEqual({ '4.0.0': 'Published' });
  });

  it('with includeFromUpstream, finds versions two levels up and copies their bytes without adding to the domain', async () => {
    const sizeBefore = await domainAssetBytes(client, domain);
    const result = await copyFromApp('dest-up', ['1.0.0', '3.0.0'], true);
    expect(result.failedVersions ?? {}).toEqual({});
    expect(result.successfulVersions?.['1.0.0']?.status).toBe('Published');
    expect(result.successfulVersions?.['3.0.0']?.status).toBe('Published');
    await expectBytes('dest-up', '1.0.0', 'base');
    await expectBytes('dest-up', '3.0.0', 'shared');
    expect(await domainAssetBytes(client, domain)).toBe(sizeBefore);
  });

  it('resolves depth-first in the listed order: app → team → base before shared', async () => {
    const result = await copyFromApp('dest-order', ['2.0.0'], true);
    expect(result.successfulVersions?.['2.0.0']?.status).toBe('Published');
    await expectBytes('dest-order', '2.0.0', 'base');
  });

  it("prefers the source repository's own version over an upstream's", async () => {
    const result = await copyFromApp('dest-own', ['4.0.0'], true);
    expect(result.successfulVersions?.['4.0.0']?.status).toBe('Published');
    await expectBytes('dest-own', '4.0.0', 'app');
  });

  it('does not look past a source package whose origin configuration blocks upstreams (upstream=BLOCK)', async () => {
    const guarded = { ...at('app'), package: 'guarded-lib' };
    // Published directly to app: upstream=BLOCK by default; base has a version app does not.
    await publishGeneric(client, guarded, '1.0.0', 'g.bin', uniqueBytes('guarded-app'));
    await publishGeneric(
      client,
      { ...guarded, repository: 'base' },
      '2.0.0',
      'g.bin',
      uniqueBytes('guarded-base'),
    );
    const result = await client.send(
      new CopyPackageVersionsCommand({
        domain,
        sourceRepository: 'app',
        destinationRepository: 'dest-blocked',
        format: 'generic',
        namespace,
        package: 'guarded-lib',
        versions: ['1.0.0', '2.0.0'],
        includeFromUpstream: true,
      }),
    );
    expect(result.successfulVersions?.['1.0.0']?.status).toBe('Published');
    expect(result.failedVersions?.['2.0.0']?.errorCode).toBe('NOT_FOUND');
  });

  it('a version no repository in the graph holds is NOT_FOUND, also when upstreams form a cycle', async () => {
    // base → app closes the cycle app → team → base → app.
    await client.send(
      new UpdateRepositoryCommand({ domain, repository: 'base', upstreams: [{ repositoryName: 'app' }] }),
    );
    try {
      const result = await copyFromApp('dest-cycle', ['5.0.0', '3.0.0'], true);
      expect(result.failedVersions?.['5.0.0']?.errorCode).toBe('NOT_FOUND');
      expect(result.successfulVersions?.['3.0.0']?.status).toBe('Published');
      await expectBytes('dest-cycle', '3.0.0', 'shared');
    } finally {
      await client.send(new UpdateRepositoryCommand({ domain, repository: 'base', upstreams: [] }));
    }
  });
});
