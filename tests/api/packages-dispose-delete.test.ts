/**
 * Retiring versions and packages through the real SDK: DisposePackageVersions (assets deleted,
 * record kept as Disposed, preconditions), DeletePackageVersions (gone, republishable), DeletePackage
 * (every version, the deleted package's summary, then 404), and the blobs nothing references any
 * more leaving the data directory.
 */
import {
  ConflictException,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeletePackageCommand,
  DeletePackageVersionsCommand,
  DeleteRepositoryCommand,
  DescribePackageCommand,
  DisposePackageVersionsCommand,
  ListPackageVersionsCommand,
  ListPackagesCommand,
  PutPackageOriginConfigurationCommand,
  ResourceNotFoundException,
  UpdatePackageVersionsStatusCommand,
  ValidationException,
  type CodeartifactClient,
  type DeletePackageVersionsCommandInput,
  type DisposePackageVersionsCommandInput,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, filesWithContent } from '../helpers/data-dir-files';
import { expectServiceError, expectValidationError } from '../helpers/expect-error';
import {
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
const domain = 'retiring';
const repository = 'attic';
const neighbour = 'neighbour';

beforeAll(async () => {
  serve = await startServe();
  client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository }));
  await client.send(new CreateRepositoryCommand({ domain, repository: neighbour }));
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
}, 30_000);

function pkg(name: string, repo = repository): GenericPackage {
  return { domain, repository: repo, namespace: 'acme', package: name };
}

async function publish(
  target: GenericPackage,
  version: string,
  bytes = uniqueBytes(`${target.package}-${version}`),
) {
  const result = await publishGeneric(client, target, version, 'asset.bin', bytes);
  return { bytes, revision: result.versionRevision as string };
}

type BatchInput<T> = Omit<T, 'domain' | 'repository' | 'format' | 'namespace' | 'package'>;

function dispose(target: GenericPackage, input: BatchInput<DisposePackageVersionsCommandInput>) {
  return client.send(
    new DisposePackageVersionsCommand({
      domain: target.domain,
      repository: target.repository,
      format: 'generic',
      namespace: target.namespace,
      package: target.package,
      ...input,
    }),
  );
}

function deleteVersions(target: GenericPackage, input: BatchInput<DeletePackageVersionsCommandInput>) {
  return client.send(
    new DeletePackageVersionsCommand({
      domain: target.domain,
      repository: target.repository,
      format: 'generic',
      namespace: target.namespace,
      package: target.package,
      ...input,
    }),
  );
}

function deletePackage(target: GenericPackage) {
  return client.send(
    new DeletePackageCommand({
      domain: target.domain,
      repository: target.repository,
      format: 'generic',
      namespace: target.namespace,
      package: target.package,
    }),
  );
}

/** Files in the data directory holding exactly these bytes (whatever the store's layout). */
function copiesOnDisk(bytes: Buffer): Promise<string[]> {
  return filesWithContent(serve.dataDir, sha256Hex(bytes), bytes.length);
}

async function expectGoneFromDisk(bytes: Buffer): Promise<void> {
  const left = await eventually(
    () => copiesOnDisk(bytes),
    (files) => files.length === 0,
  );
  expect(left, 'asset files nothing references any more are removed from the data directory').toEqual([]);
}

/** A deleted version's file stays while the app's trash keeps the version restorable (7 days by default). */
async function expectKeptInTrash(bytes: Buffer): Promise<void> {
  expect(await copiesOnDisk(bytes), 'a deleted version’s file is kept for the trash').toHaveLength(1);
}

describe('DisposePackageVersions', () => {
  it('deletes the assets, keeps the record as Disposed with a new revision, and reports it per version', async () => {
    const target = pkg('disposable');
    const { revision } = await publish(target, '1.0.0');
    await publish(target, '2.0.0');
    const result = await dispose(target, { versions: ['1.0.0'] });
    expect(result.failedVersions ?? {}).toEqual({});
    const info = result.successfulVersions?.['1.0.0'];
    expect(info?.status).toBe('Disposed');
    expect(info?.revision, 'disposing changes the revision').not.toBe(revision);

    const described = await describeVersion(client, target, '1.0.0');
    expect(described.status).toBe('Disposed');
    expect(described.revision).toBe(info?.revision);
    expect(await listAssets(client, target, '1.0.0')).toEqual([]);
    // The record is still there, so the download is refused as a prerequisite not met (409).
    await expectServiceError(downloadAsset(client, target, '1.0.0', 'asset.bin'), ConflictException, {
      status: 409,
    });
    expect(await versionStatuses(client, target)).toEqual({ '1.0.0': 'Disposed', '2.0.0': 'Published' });
  });

  it('frees the asset bytes: the domain size shrinks and the file leaves the data directory', async () => {
    const target = pkg('freed');
    const bytes = uniqueBytes('freed', 40_000);
    await publish(target, '1.0.0', bytes);
    expect(await copiesOnDisk(bytes), 'the published asset is on disk').not.toEqual([]);
    const before = await domainAssetBytes(client, domain);
    await dispose(target, { versions: ['1.0.0'] });
    expect(await domainAssetBytes(client, domain)).toBe(before - bytes.length);
    await expectGoneFromDisk(bytes);
  });

  it('keeps bytes that another repository still holds', async () => {
    const bytes = uniqueBytes('shared', 30_000);
    await publish(pkg('shared'), '1.0.0', bytes);
    await publish(pkg('shared', neighbour), '1.0.0', bytes);
    const before = await domainAssetBytes(client, domain);
    await dispose(pkg('shared'), { versions: ['1.0.0'] });
    expect(await domainAssetBytes(client, domain)).toBe(before);
    const downloaded = await downloadAsset(client, pkg('shared', neighbour), '1.0.0', 'asset.bin');
    expect(downloaded.bytes.equals(bytes)).toBe(true);
  });

  it('disposes Unfinished, Unlisted and Archived versions too', async () => {
    const target = pkg('any-status');
    await publishGeneric(client, target, 'unfinished', 'asset.bin', uniqueBytes('u'), { unfinished: true });
    await publish(target, 'unlisted');
    await publish(target, 'archived');
    for (const [version, targetStatus] of [
      ['unlisted', 'Unlisted'],
      ['archived', 'Archived'],
    ] as const) {
      await client.send(
        new UpdatePackageVersionsStatusCommand({
          domain,
          repository,
          format: 'generic',
          namespace: 'acme',
          package: target.package,
          versions: [version],
          targetStatus,
        }),
      );
    }
    const result = await dispose(target, { versions: ['unfinished', 'unlisted', 'archived'] });
    expect(result.failedVersions ?? {}).toEqual({});
    expect(await versionStatuses(client, target)).toEqual({
      unfinished: 'Disposed',
      unlisted: 'Disposed',
      archived: 'Disposed',
    });
  });

  it('honours expectedStatus (MISMATCHED_STATUS) and versionRevisions (MISMATCHED_REVISION); unknown versions are NOT_FOUND', async () => {
    const target = pkg('preconditions');
    const a = await publish(target, 'a');
    await publish(target, 'b');
    await publish(target, 'c');
    const result = await dispose(target, {
      versions: ['a', 'b', 'c', 'zzz'],
      expectedStatus: 'Published',
      versionRevisions: { a: a.revision, b: 'not-the-revision' },
    });
    expect(result.successfulVersions?.a?.status).toBe('Disposed');
    expect(result.successfulVersions?.c?.status).toBe('Disposed');
    expect(result.failedVersions?.b?.errorCode).toBe('MISMATCHED_REVISION');
    expect(result.failedVersions?.zzz?.errorCode).toBe('NOT_FOUND');

    const again = await dispose(target, { versions: ['b'], expectedStatus: 'Archived' });
    expect(again.failedVersions?.b?.errorCode).toBe('MISMATCHED_STATUS');
    expect(await versionStatuses(client, target)).toEqual({ a: 'Disposed', b: 'Published', c: 'Disposed' });
  });

  it('refuses more than 100 versions with ValidationException', async () => {
    await expectValidationError(
      dispose(pkg('many'), { versions: Array.from({ length: 101 }, (_, i) => `1.0.${i}`) }),
      'versions',
    );
  });
});

describe('DeletePackageVersions', () => {
  it('removes versions entirely, reports them Deleted, and lets the same version be published again with new content', async () => {
    const target = pkg('deletable');
    const first = await publish(target, '1.0.0');
    await publish(target, '2.0.0');
    const result = await deleteVersions(target, { versions: ['1.0.0'] });
    expect(result.successfulVersions?.['1.0.0']?.status).toBe('Deleted');
    expect(result.failedVersions ?? {}).toEqual({});
    expect(await versionStatuses(client, target)).toEqual({ '2.0.0': 'Published' });
    await expectServiceError(describeVersion(client, target, '1.0.0'), ResourceNotFoundException, {
      status: 404,
      resourceType: 'package-version',
    });
    await expectKeptInTrash(first.bytes);

    const replacement = uniqueBytes('replacement');
    await publish(target, '1.0.0', replacement);
    expect((await downloadAsset(client, target, '1.0.0', 'asset.bin')).bytes.equals(replacement)).toBe(true);
  });

  it('deletes a Disposed version; expectedStatus mismatches are MISMATCHED_STATUS; unknown versions NOT_FOUND', async () => {
    const target = pkg('delete-preconditions');
    await publish(target, '1.0.0');
    await publish(target, '2.0.0');
    await dispose(target, { versions: ['1.0.0'] });
    const result = await deleteVersions(target, {
      versions: ['1.0.0', '2.0.0', '3.0.0'],
      expectedStatus: 'Disposed',
    });
    expect(result.successfulVersions?.['1.0.0']?.status).toBe('Deleted');
    expect(result.failedVersions?.['2.0.0']?.errorCode).toBe('MISMATCHED_STATUS');
    expect(result.failedVersions?.['3.0.0']?.errorCode).toBe('NOT_FOUND');
    expect(await versionStatuses(client, target)).toEqual({ '2.0.0': 'Published' });
  });

  it('refuses expectedStatus Deleted in DisposePackageVersions and DeletePackageVersions (not a valid value there)', async () => {
    const target = pkg('deleted-expected');
    await publish(target, '1.0.0');
    await expectValidationError(
      dispose(target, { versions: ['1.0.0'], expectedStatus: 'Deleted' }),
      'expectedStatus',
    );
    await expectValidationError(
      deleteVersions(target, { versions: ['1.0.0'], expectedStatus: 'Deleted' }),
      'expectedStatus',
    );
    expect(await versionStatuses(client, target)).toEqual({ '1.0.0': 'Published' });
  });

  it('refuses more than 100 versions with ValidationException', async () => {
    await expectValidationError(
      deleteVersions(pkg('many'), { versions: Array.from({ length: 101 }, (_, i) => `1.0.${i}`) }),
      'versions',
    );
  });

  it('answers 404 for a repository that does not exist', async () => {
    await expectServiceError(
      deleteVersions(pkg('x', 'ghost-repo'), { versions: ['1.0.0'] }),
      ResourceNotFoundException,
      { status: 404, resourceType: 'repository' },
    );
  });
});

describe('DeleteRepository with packages in it', () => {
  it('frees the assets only that repository held: the domain size shrinks and the files leave the data directory', async () => {
    await client.send(new CreateRepositoryCommand({ domain, repository: 'short-lived' }));
    const own = uniqueBytes('short-lived-own', 20_000);
    const shared = uniqueBytes('short-lived-shared', 10_000);
    await publish(pkg('temp', 'short-lived'), '1.0.0', own);
    await publish(pkg('temp', 'short-lived'), '2.0.0', shared);
    await publish(pkg('temp-kept', neighbour), '1.0.0', shared);
    const before = await domainAssetBytes(client, domain);
    await client.send(new DeleteRepositoryCommand({ domain, repository: 'short-lived' }));
    expect(await domainAssetBytes(client, domain)).toBe(before - own.length);
    await expectGoneFromDisk(own);
    const kept = await downloadAsset(client, pkg('temp-kept', neighbour), '1.0.0', 'asset.bin');
    expect(kept.bytes.equals(shared)).toBe(true);
  });
});

describe('DeletePackage', () => {
  it('deletes every version and answers with the deleted package summary; the package is then 404', async () => {
    const target = pkg('doomed');
    const v1 = await publish(target, '1.0.0');
    const v2 = await publish(target, '2.0.0');
    const v3 = uniqueBytes('doomed-3');
    await publishGeneric(client, target, '3.0.0', 'asset.bin', v3, { unfinished: true });
    const before = await domainAssetBytes(client, domain);

    const { deletedPackage } = await deletePackage(target);
    expect(deletedPackage).toEqual({
      format: 'generic',
      namespace: 'acme',
      package: 'doomed',
      originConfiguration: { restrictions: { publish: 'ALLOW', upstream: 'BLOCK' } },
    });

    await expectServiceError(
      client.send(
        new DescribePackageCommand({
          domain,
          repository,
          format: 'generic',
          namespace: 'acme',
          package: 'doomed',
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceType: 'package' },
    );
    await expectServiceError(describeVersion(client, target, '1.0.0'), ResourceNotFoundException, {
      status: 404,
    });
    await expectServiceError(
      client.send(
        new ListPackageVersionsCommand({
          domain,
          repository,
          format: 'generic',
          namespace: 'acme',
          package: 'doomed',
        }),
      ),
      ResourceNotFoundException,
      { status: 404 },
    );
    const { packages } = await client.send(
      new ListPackagesCommand({ domain, repository, packagePrefix: 'doomed' }),
    );
    expect(packages ?? []).toEqual([]);
    expect(await domainAssetBytes(client, domain)).toBe(
      before - v1.bytes.length - v2.bytes.length - v3.length,
    );
    await expectKeptInTrash(v1.bytes);
    await expectKeptInTrash(v2.bytes);
  });

  it('lets the package be published again from scratch after it was deleted', async () => {
    const target = pkg('phoenix');
    await publish(target, '1.0.0');
    await deletePackage(target);
    const reborn = uniqueBytes('reborn');
    await publish(target, '1.0.0', reborn);
    expect(await versionStatuses(client, target)).toEqual({ '1.0.0': 'Published' });
    expect((await downloadAsset(client, target, '1.0.0', 'asset.bin')).bytes.equals(reborn)).toBe(true);
  });

  it('deletes a package that exists only through its origin configuration and reports that configuration', async () => {
    await client.send(
      new PutPackageOriginConfigurationCommand({
        domain,
        repository,
        format: 'generic',
        namespace: 'acme',
        package: 'placeholder',
        restrictions: { publish: 'BLOCK', upstream: 'ALLOW' },
      }),
    );
    const { deletedPackage } = await deletePackage(pkg('placeholder'));
    expect(deletedPackage).toEqual({
      format: 'generic',
      namespace: 'acme',
      package: 'placeholder',
      originConfiguration: { restrictions: { publish: 'BLOCK', upstream: 'ALLOW' } },
    });
  });

  it('leaves the same package in another repository untouched', async () => {
    const here = pkg('twin');
    const there = pkg('twin', neighbour);
    await publish(here, '1.0.0');
    const kept = await publish(there, '1.0.0');
    await deletePackage(here);
    expect(await versionStatuses(client, there)).toEqual({ '1.0.0': 'Published' });
    expect((await downloadAsset(client, there, '1.0.0', 'asset.bin')).bytes.equals(kept.bytes)).toBe(true);
  });

  it('answers 404 ResourceNotFoundException for a package that does not exist', async () => {
    await expectServiceError(deletePackage(pkg('never-existed')), ResourceNotFoundException, {
      status: 404,
      resourceType: 'package',
    });
  });

  it('requires a namespace for generic packages', async () => {
    await expectServiceError(
      client.send(new DeletePackageCommand({ domain, repository, format: 'generic', package: 'twin' })),
      ValidationException,
      { status: 400 },
    );
  });
});
