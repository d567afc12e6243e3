/**
 * CopyPackageVersions through the real SDK: versions xor versionRevisions, per-version results and
 * failure codes (ALREADY_EXISTS, MISMATCHED_REVISION, MISMATCHED_STATUS, NOT_ALLOWED, NOT_FOUND,
 * SKIPPED),
 * allowOverwrite, the destination's origin controls, and assets shared rather than duplicated.
 * Copies through upstream repositories (includeFromUpstream) are in packages-upstreams.test.ts.
 */
import {
  CopyPackageVersionsCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribePackageCommand,
  DisposePackageVersionsCommand,
  PutPackageOriginConfigurationCommand,
  ResourceNotFoundException,
  UpdatePackageVersionsStatusCommand,
  ValidationException,
  type CodeartifactClient,
  type CopyPackageVersionsCommandInput,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, filesWithContent } from '../helpers/data-dir-files';
import { expectServiceError } from '../helpers/expect-error';
import {
  assetHashes,
  describeVersion,
  domainAssetBytes,
  downloadAsset,
  listAssets,
  publishGeneric,
  sha256Hex,
  uniqueBytes,
  versionStatuses,
  type GenericPackage,
} from '../helpers/packages';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let client: CodeartifactClient;
const domain = 'copying';
const source = 'staging';
const destinations = ['prod', 'mirror', 'guarded', 'overwrite', 'exists', 'partial', 'revisions'];

const namespace = 'acme';
const name = 'app';
const at = (repository: string): GenericPackage => ({ domain, repository, namespace, package: name });
const assets: Record<string, { 'app.tar.gz': Buffer; 'app.sig': Buffer }> = {};

beforeAll(async () => {
  serve = await startServe();
  client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
  for (const repository of [source, ...destinations]) {
    await client.send(new CreateRepositoryCommand({ domain, repository }));
  }
  for (const version of ['0.9.0', '1.0.0', '1.1.0', '1.2.0', '2.0.0']) {
    const files = {
      'app.tar.gz': uniqueBytes(`app-${version}`, 4000),
      'app.sig': uniqueBytes(`sig-${version}`, 64),
    };
    assets[version] = files;
    await publishGeneric(client, at(source), version, 'app.tar.gz', files['app.tar.gz'], {
      unfinished: true,
    });
    await publishGeneric(client, at(source), version, 'app.sig', files['app.sig']);
  }
  await client.send(
    new UpdatePackageVersionsStatusCommand({
      domain,
      repository: source,
      format: 'generic',
      namespace,
      package: name,
      versions: ['1.2.0'],
      targetStatus: 'Unlisted',
    }),
  );
  await client.send(
    new DisposePackageVersionsCommand({
      domain,
      repository: source,
      format: 'generic',
      namespace,
      package: name,
      versions: ['0.9.0'],
    }),
  );
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
}, 30_000);

type CopyInput = Omit<
  CopyPackageVersionsCommandInput,
  'domain' | 'format' | 'namespace' | 'package' | 'sourceRepository'
> &
  Partial<Pick<CopyPackageVersionsCommandInput, 'sourceRepository'>>;

function copy(input: CopyInput) {
  return client.send(
    new CopyPackageVersionsCommand({
      domain,
      sourceRepository: source,
      format: 'generic',
      namespace,
      package: name,
      ...input,
    }),
  );
}

async function expectSameAssets(repository: string, version: string): Promise<void> {
  const files = assets[version] as Record<string, Buffer>;
  const listed = await listAssets(client, at(repository), version);
  expect(listed.map((a) => a.name).sort()).toEqual(Object.keys(files).sort());
  for (const asset of listed) {
    const bytes = files[asset.name as string] as Buffer;
    expect(asset.hashes).toEqual(assetHashes(bytes));
    const downloaded = await downloadAsset(client, at(repository), version, asset.name as string);
    expect(downloaded.bytes.equals(bytes), `${repository} ${version} ${asset.name}`).toBe(true);
  }
}

describe('CopyPackageVersions', () => {
  it('copies versions with their assets; successfulVersions gives each copy its status and revision', async () => {
    const sizeBefore = await domainAssetBytes(client, domain);
    const result = await copy({ destinationRepository: 'prod', versions: ['1.0.0', '1.1.0'] });
    expect(result.failedVersions ?? {}).toEqual({});
    expect(Object.keys(result.successfulVersions ?? {}).sort()).toEqual(['1.0.0', '1.1.0']);
    for (const version of ['1.0.0', '1.1.0']) {
      const copied = await describeVersion(client, at('prod'), version);
      expect(result.successfulVersions?.[version]).toEqual({
        status: 'Published',
        revision: copied.revision,
      });
      expect(copied.status).toBe('Published');
      await expectSameAssets('prod', version);
    }
    expect(await versionStatuses(client, at('prod'))).toEqual({ '1.0.0': 'Published', '1.1.0': 'Published' });
    // Content addressing: a copy references the same blobs, it does not add bytes to the domain.
    expect(await domainAssetBytes(client, domain)).toBe(sizeBefore);
  });

  it('keeps the domain entry point of a copied version: the repository it was first published to', async () => {
    const copied = await describeVersion(client, at('prod'), '1.0.0');
    expect(copied.origin).toEqual({ originType: 'INTERNAL', domainEntryPoint: { repositoryName: source } });
  });

  it('creates the package in the destination repository', async () => {
    const { package: described } = await client.send(
      new DescribePackageCommand({ domain, repository: 'prod', format: 'generic', namespace, package: name }),
    );
    expect(described?.name).toBe(name);
    expect(described?.namespace).toBe(namespace);
  });

  it('copies keep the status they have in the source (an Unlisted version stays Unlisted)', async () => {
    const result = await copy({ destinationRepository: 'mirror', versions: ['1.2.0'] });
    expect(result.successfulVersions?.['1.2.0']?.status).toBe('Unlisted');
    expect((await describeVersion(client, at('mirror'), '1.2.0')).status).toBe('Unlisted');
    await expectSameAssets('mirror', '1.2.0');
  });

  it('refuses versions and versionRevisions together, and neither, with ValidationException', async () => {
    const rev = (await describeVersion(client, at(source), '2.0.0')).revision as string;
    await expectServiceError(
      copy({ destinationRepository: 'mirror', versions: ['2.0.0'], versionRevisions: { '2.0.0': rev } }),
      ValidationException,
      { status: 400 },
    );
    await expectServiceError(copy({ destinationRepository: 'mirror' }), ValidationException, { status: 400 });
    expect(await versionStatuses(client, at('mirror'))).toEqual({ '1.2.0': 'Unlisted' });
  });

  it('copies by versionRevisions when the revisions match and reports MISMATCHED_REVISION when one does not', async () => {
    const rev10 = (await describeVersion(client, at(source), '1.0.0')).revision as string;
    const rev11 = (await describeVersion(client, at(source), '1.1.0')).revision as string;
    const result = await copy({
      destinationRepository: 'revisions',
      versionRevisions: { '1.0.0': rev10, '1.1.0': `${rev11}x` },
    });
    expect(result.successfulVersions?.['1.0.0']?.status).toBe('Published');
    expect(result.failedVersions?.['1.1.0']?.errorCode).toBe('MISMATCHED_REVISION');
    expect(result.failedVersions?.['1.1.0']?.errorMessage).toMatch(/\S/);
    expect(await versionStatuses(client, at('revisions'))).toEqual({ '1.0.0': 'Published' });
  });

  it('reports ALREADY_EXISTS for a version the destination has, without allowOverwrite, and changes nothing there', async () => {
    const own = uniqueBytes('destination-own');
    const published = await publishGeneric(client, at('exists'), '2.0.0', 'app.tar.gz', own);
    const result = await copy({ destinationRepository: 'exists', versions: ['2.0.0'] });
    expect(result.failedVersions?.['2.0.0']?.errorCode).toBe('ALREADY_EXISTS');
    expect(result.successfulVersions?.['2.0.0']).toBeUndefined();
    expect((await describeVersion(client, at('exists'), '2.0.0')).revision).toBe(published.versionRevision);
    expect((await downloadAsset(client, at('exists'), '2.0.0', 'app.tar.gz')).bytes.equals(own)).toBe(true);
  });

  it('reports ALREADY_EXISTS without allowOverwrite even when the destination holds an identical copy', async () => {
    const before = await describeVersion(client, at('prod'), '1.0.0');
    const result = await copy({ destinationRepository: 'prod', versions: ['1.0.0'] });
    expect(
      result.failedVersions?.['1.0.0']?.errorCode,
      'the API reference: without allowOverwrite an existing version is ALREADY_EXISTS',
    ).toBe('ALREADY_EXISTS');
    expect(result.successfulVersions?.['1.0.0']).toBeUndefined();
    expect((await describeVersion(client, at('prod'), '1.0.0')).revision).toBe(before.revision);
  });

  it('reports SKIPPED with allowOverwrite when the destination already holds the identical version, and keeps its revision', async () => {
    const before = await describeVersion(client, at('prod'), '1.0.0');
    const result = await copy({ destinationRepository: 'prod', versions: ['1.0.0'], allowOverwrite: true });
    expect(result.failedVersions?.['1.0.0']?.errorCode).toBe('SKIPPED');
    expect(result.successfulVersions?.['1.0.0']).toBeUndefined();
    expect((await describeVersion(client, at('prod'), '1.0.0')).revision).toBe(before.revision);
  });

  it('replaces the destination version with allowOverwrite and frees the bytes it replaced', async () => {
    const replaced = uniqueBytes('to-be-replaced', 7777);
    await publishGeneric(client, at('overwrite'), '2.0.0', 'app.tar.gz', replaced);
    const result = await copy({
      destinationRepository: 'overwrite',
      versions: ['2.0.0'],
      allowOverwrite: true,
    });
    expect(result.failedVersions ?? {}).toEqual({});
    expect(result.successfulVersions?.['2.0.0']?.status).toBe('Published');
    await expectSameAssets('overwrite', '2.0.0');
    const left = await eventually(
      () => filesWithContent(serve.dataDir, sha256Hex(replaced), replaced.length),
      (files) => files.length === 0,
    );
    expect(left, 'the overwritten asset nothing references any more leaves the data directory').toEqual([]);
  });

  it('reports NOT_FOUND for a version the source does not have, and copies the others', async () => {
    const result = await copy({ destinationRepository: 'partial', versions: ['1.1.0', '8.8.8'] });
    expect(result.successfulVersions?.['1.1.0']?.status).toBe('Published');
    expect(result.failedVersions?.['8.8.8']?.errorCode).toBe('NOT_FOUND');
    expect(await versionStatuses(client, at('partial'))).toEqual({ '1.1.0': 'Published' });
  });

  it('reports MISMATCHED_STATUS for a Disposed source version: it has no assets left to copy', async () => {
    const result = await copy({ destinationRepository: 'partial', versions: ['0.9.0'] });
    expect(result.failedVersions?.['0.9.0']?.errorCode).toBe('MISMATCHED_STATUS');
    expect(result.successfulVersions?.['0.9.0']).toBeUndefined();
    expect(Object.keys(await versionStatuses(client, at('partial')))).not.toContain('0.9.0');
  });

  it('reports NOT_ALLOWED when the destination package blocks publishing (origin control), and copies nothing', async () => {
    await client.send(
      new PutPackageOriginConfigurationCommand({
        domain,
        repository: 'guarded',
        format: 'generic',
        namespace,
        package: name,
        restrictions: { publish: 'BLOCK', upstream: 'ALLOW' },
      }),
    );
    const result = await copy({ destinationRepository: 'guarded', versions: ['1.0.0', '1.1.0'] });
    expect(result.failedVersions?.['1.0.0']?.errorCode).toBe('NOT_ALLOWED');
    expect(result.failedVersions?.['1.1.0']?.errorCode).toBe('NOT_ALLOWED');
    expect(result.successfulVersions ?? {}).toEqual({});
    expect(await versionStatuses(client, at('guarded'))).toEqual({});
  });

  it('refuses more than 100 versions with ValidationException', async () => {
    await expectServiceError(
      copy({ destinationRepository: 'mirror', versions: Array.from({ length: 101 }, (_, i) => `3.0.${i}`) }),
      ValidationException,
      { status: 400 },
    );
  });

  it('answers 404 for a source or destination repository that does not exist', async () => {
    await expectServiceError(
      copy({ destinationRepository: 'nowhere', versions: ['1.0.0'] }),
      ResourceNotFoundException,
      { status: 404, resourceType: 'repository', resourceId: 'nowhere' },
    );
    await expectServiceError(
      copy({ sourceRepository: 'nowhere-src', destinationRepository: 'prod', versions: ['1.0.0'] }),
      ResourceNotFoundException,
      { status: 404, resourceType: 'repository', resourceId: 'nowhere-src' },
    );
  });

  it('answers 404 for a domain that does not exist', async () => {
    await expectServiceError(
      client.send(
        new CopyPackageVersionsCommand({
          domain: 'no-such-domain',
          sourceRepository: source,
          destinationRepository: 'prod',
          format: 'generic',
          namespace,
          package: name,
          versions: ['1.0.0'],
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceType: 'domain' },
    );
  });
});
