/**
 * Package version statuses through the real SDK: one test per row of the status table in
 * semantics.md (how a status is reached, whether the version is listed, whether its assets can be
 * downloaded), then UpdatePackageVersionsStatus in detail: allowed targets, the expectedStatus and
 * versionRevisions preconditions, per-version results, and the 100-version limit.
 */
import {
  ConflictException,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DisposePackageVersionsCommand,
  DeletePackageVersionsCommand,
  ResourceNotFoundException,
  UpdatePackageVersionsStatusCommand,
  ValidationException,
  type CodeartifactClient,
  type PackageVersionStatus,
  type UpdatePackageVersionsStatusCommandInput,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, expectValidationError } from '../helpers/expect-error';
import {
  describeVersion,
  downloadAsset,
  listAssets,
  listVersions,
  publishGeneric,
  uniqueBytes,
  versionStatuses,
  type GenericPackage,
} from '../helpers/packages';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let client: CodeartifactClient;
const domain = 'statuses';
const repository = 'lifecycle';

beforeAll(async () => {
  serve = await startServe();
  client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository }));
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
}, 30_000);

function pkg(name: string): GenericPackage {
  return { domain, repository, namespace: 'acme', package: name };
}

/** Publishes `version` with one asset `asset.bin`; returns the bytes. */
async function publish(target: GenericPackage, version: string, unfinished = false): Promise<Buffer> {
  const bytes = uniqueBytes(`${target.package}-${version}`);
  await publishGeneric(client, target, version, 'asset.bin', bytes, { unfinished });
  return bytes;
}

function updateStatus(
  target: GenericPackage,
  input: Omit<
    UpdatePackageVersionsStatusCommandInput,
    'domain' | 'repository' | 'format' | 'namespace' | 'package'
  >,
) {
  return client.send(
    new UpdatePackageVersionsStatusCommand({
      domain: target.domain,
      repository: target.repository,
      format: 'generic',
      namespace: target.namespace,
      package: target.package,
      ...input,
    }),
  );
}

async function expectDownloadable(target: GenericPackage, version: string, bytes: Buffer): Promise<void> {
  const downloaded = await downloadAsset(client, target, version, 'asset.bin');
  expect(downloaded.bytes.equals(bytes), `assets of ${version} are downloadable`).toBe(true);
}

/**
 * The reference lists both 404 and 409 for GetPackageVersionAsset without saying which a status
 * refusal is. The version and its record exist, so the refusal is a prerequisite not met: 409.
 */
async function expectNotDownloadable(target: GenericPackage, version: string): Promise<void> {
  await expectServiceError(downloadAsset(client, target, version, 'asset.bin'), ConflictException, {
    status: 409,
  });
}

async function listedWithStatus(target: GenericPackage, status: PackageVersionStatus): Promise<string[]> {
  return (await listVersions(client, target, status)).map((v) => v.version as string);
}

describe('the status table, one row each', () => {
  it('Published: reached by publishing; listed; assets downloadable', async () => {
    const target = pkg('row-published');
    const bytes = await publish(target, '1.0.0');
    expect((await describeVersion(client, target, '1.0.0')).status).toBe('Published');
    expect(await listedWithStatus(target, 'Published')).toEqual(['1.0.0']);
    await expectDownloadable(target, '1.0.0', bytes);
  });

  it('Unfinished: reached by publishing with `unfinished`; listed only as Unfinished; assets refused (409)', async () => {
    const target = pkg('row-unfinished');
    await publish(target, '1.0.0', true);
    expect((await describeVersion(client, target, '1.0.0')).status).toBe('Unfinished');
    expect(await versionStatuses(client, target)).toEqual({ '1.0.0': 'Unfinished' });
    expect(await listedWithStatus(target, 'Published')).toEqual([]);
    expect(await listedWithStatus(target, 'Unfinished')).toEqual(['1.0.0']);
    await expectNotDownloadable(target, '1.0.0');
  });

  it('Unlisted: reached by UpdatePackageVersionsStatus; assets still downloadable by exact version', async () => {
    const target = pkg('row-unlisted');
    const bytes = await publish(target, '1.0.0');
    const result = await updateStatus(target, { versions: ['1.0.0'], targetStatus: 'Unlisted' });
    expect(result.successfulVersions?.['1.0.0']?.status).toBe('Unlisted');
    expect((await describeVersion(client, target, '1.0.0')).status).toBe('Unlisted');
    expect(await listedWithStatus(target, 'Unlisted')).toEqual(['1.0.0']);
    expect(await listedWithStatus(target, 'Published')).toEqual([]);
    await expectDownloadable(target, '1.0.0', bytes);
  });

  it('Archived: reached by UpdatePackageVersionsStatus; assets refused (409); restorable to Published', async () => {
    const target = pkg('row-archived');
    const bytes = await publish(target, '1.0.0');
    await updateStatus(target, { versions: ['1.0.0'], targetStatus: 'Archived' });
    expect((await describeVersion(client, target, '1.0.0')).status).toBe('Archived');
    expect(await listedWithStatus(target, 'Archived')).toEqual(['1.0.0']);
    expect(await listedWithStatus(target, 'Published')).toEqual([]);
    await expectNotDownloadable(target, '1.0.0');
    // Archived keeps the assets: restoring the version makes them downloadable again.
    expect((await listAssets(client, target, '1.0.0')).map((a) => a.name)).toEqual(['asset.bin']);
    await updateStatus(target, { versions: ['1.0.0'], targetStatus: 'Published' });
    await expectDownloadable(target, '1.0.0', bytes);
  });

  it('Disposed: reached by DisposePackageVersions; record kept, assets gone and refused (409); terminal', async () => {
    const target = pkg('row-disposed');
    await publish(target, '1.0.0');
    const result = await client.send(
      new DisposePackageVersionsCommand({
        domain,
        repository,
        format: 'generic',
        namespace: 'acme',
        package: target.package,
        versions: ['1.0.0'],
      }),
    );
    expect(result.successfulVersions?.['1.0.0']?.status).toBe('Disposed');
    expect((await describeVersion(client, target, '1.0.0')).status).toBe('Disposed');
    expect(await listedWithStatus(target, 'Disposed')).toEqual(['1.0.0']);
    expect(await listAssets(client, target, '1.0.0')).toEqual([]);
    await expectNotDownloadable(target, '1.0.0');
    // No way back: a disposed version cannot be published, unlisted or archived again.
    for (const targetStatus of ['Published', 'Unlisted', 'Archived'] as const) {
      const update = await updateStatus(target, { versions: ['1.0.0'], targetStatus });
      expect(update.successfulVersions?.['1.0.0'], `Disposed → ${targetStatus}`).toBeUndefined();
      expect(update.failedVersions?.['1.0.0']?.errorCode, `Disposed → ${targetStatus}`).toEqual(
        expect.any(String),
      );
    }
    expect((await describeVersion(client, target, '1.0.0')).status).toBe('Disposed');
  });

  it('Deleted: reached by DeletePackageVersions; gone from every listing; the version can be published again', async () => {
    const target = pkg('row-deleted');
    await publish(target, '1.0.0');
    await publish(target, '1.1.0');
    const result = await client.send(
      new DeletePackageVersionsCommand({
        domain,
        repository,
        format: 'generic',
        namespace: 'acme',
        package: target.package,
        versions: ['1.0.0'],
      }),
    );
    expect(result.successfulVersions?.['1.0.0']?.status).toBe('Deleted');
    expect(await versionStatuses(client, target)).toEqual({ '1.1.0': 'Published' });
    await expectServiceError(describeVersion(client, target, '1.0.0'), ResourceNotFoundException, {
      status: 404,
    });
    await expectServiceError(downloadAsset(client, target, '1.0.0', 'asset.bin'), ResourceNotFoundException, {
      status: 404,
    });
    const again = await publish(target, '1.0.0');
    await expectDownloadable(target, '1.0.0', again);
  });

  it('refuses the status filter Deleted in ListPackageVersions: deleted versions are gone, not listed', async () => {
    await expectValidationError(listVersions(client, pkg('row-published'), 'Deleted'), 'status');
  });
});

describe('UpdatePackageVersionsStatus', () => {
  it('answers a successfulVersions map keyed by version with the new status and the new revision', async () => {
    const target = pkg('batch');
    for (const version of ['1.0.0', '1.1.0', '1.2.0']) await publish(target, version);
    const before = await describeVersion(client, target, '1.1.0');
    const result = await updateStatus(target, { versions: ['1.0.0', '1.1.0'], targetStatus: 'Archived' });
    expect(Object.keys(result.successfulVersions ?? {}).sort()).toEqual(['1.0.0', '1.1.0']);
    expect(result.failedVersions ?? {}).toEqual({});
    for (const version of ['1.0.0', '1.1.0']) {
      const info = result.successfulVersions?.[version];
      const described = await describeVersion(client, target, version);
      expect(info?.status).toBe('Archived');
      expect(info?.revision, `revision reported for ${version}`).toBe(described.revision);
    }
    expect(result.successfulVersions?.['1.1.0']?.revision, 'a status change changes the revision').not.toBe(
      before.revision,
    );
    expect(await versionStatuses(client, target)).toEqual({
      '1.0.0': 'Archived',
      '1.1.0': 'Archived',
      '1.2.0': 'Published',
    });
  });

  it('publishes an Unfinished version, as PublishPackageVersion documents', async () => {
    const target = pkg('finish-later');
    await publish(target, '2.0.0', true);
    const result = await updateStatus(target, { versions: ['2.0.0'], targetStatus: 'Published' });
    expect(result.successfulVersions?.['2.0.0']?.status).toBe('Published');
    expect((await describeVersion(client, target, '2.0.0')).status).toBe('Published');
  });

  it.each(['Unfinished', 'Disposed', 'Deleted'])(
    'refuses targetStatus %s with ValidationException',
    async (targetStatus) => {
      const target = pkg('bad-target');
      await publish(target, `1.0.0-${targetStatus.toLowerCase()}`);
      await expectServiceError(
        updateStatus(target, {
          versions: [`1.0.0-${targetStatus.toLowerCase()}`],
          targetStatus: targetStatus as PackageVersionStatus,
        }),
        ValidationException,
        { status: 400 },
      );
      expect((await describeVersion(client, target, `1.0.0-${targetStatus.toLowerCase()}`)).status).toBe(
        'Published',
      );
    },
  );

  it.each(['Disposed', 'Deleted'])(
    'refuses expectedStatus %s: the reference allows only Archived, Published, Unlisted and Unfinished',
    async (expectedStatus) => {
      const target = pkg('bad-expected');
      await publish(target, `1.0.0-${expectedStatus.toLowerCase()}`);
      await expectValidationError(
        updateStatus(target, {
          versions: [`1.0.0-${expectedStatus.toLowerCase()}`],
          expectedStatus: expectedStatus as PackageVersionStatus,
          targetStatus: 'Archived',
        }),
        'expectedStatus',
      );
    },
  );

  it('puts a version whose status differs from expectedStatus in failedVersions as MISMATCHED_STATUS and leaves it alone', async () => {
    const target = pkg('expected-status');
    await publish(target, '1.0.0');
    await publish(target, '2.0.0', true);
    const result = await updateStatus(target, {
      versions: ['1.0.0', '2.0.0'],
      expectedStatus: 'Unfinished',
      targetStatus: 'Archived',
    });
    expect(result.failedVersions?.['1.0.0']?.errorCode).toBe('MISMATCHED_STATUS');
    expect(result.failedVersions?.['1.0.0']?.errorMessage).toMatch(/\S/);
    expect(result.successfulVersions?.['2.0.0']?.status).toBe('Archived');
    expect(result.successfulVersions?.['1.0.0']).toBeUndefined();
    expect(await versionStatuses(client, target)).toEqual({ '1.0.0': 'Published', '2.0.0': 'Archived' });
  });

  it('puts a version whose revision differs from versionRevisions in failedVersions as MISMATCHED_REVISION', async () => {
    const target = pkg('expected-revision');
    await publish(target, '1.0.0');
    await publish(target, '2.0.0');
    const rev1 = (await describeVersion(client, target, '1.0.0')).revision as string;
    const rev2 = (await describeVersion(client, target, '2.0.0')).revision as string;
    const result = await updateStatus(target, {
      versions: ['1.0.0', '2.0.0'],
      versionRevisions: { '1.0.0': rev1, '2.0.0': `${rev2}-stale` },
      targetStatus: 'Unlisted',
    });
    expect(result.successfulVersions?.['1.0.0']?.status).toBe('Unlisted');
    expect(result.failedVersions?.['2.0.0']?.errorCode).toBe('MISMATCHED_REVISION');
    expect(await versionStatuses(client, target)).toEqual({ '1.0.0': 'Unlisted', '2.0.0': 'Published' });
  });

  it('puts an unknown version in failedVersions as NOT_FOUND while the others succeed', async () => {
    const target = pkg('partly-missing');
    await publish(target, '1.0.0');
    const result = await updateStatus(target, { versions: ['1.0.0', '9.9.9'], targetStatus: 'Archived' });
    expect(result.successfulVersions?.['1.0.0']?.status).toBe('Archived');
    expect(result.failedVersions?.['9.9.9']?.errorCode).toBe('NOT_FOUND');
    expect(Object.keys(result.failedVersions ?? {})).toEqual(['9.9.9']);
  });

  it('accepts 100 versions and refuses 101 with ValidationException', async () => {
    const target = pkg('hundred');
    await publish(target, '1.0.0');
    const hundred = ['1.0.0', ...Array.from({ length: 99 }, (_, i) => `0.0.${i}`)];
    const ok = await updateStatus(target, { versions: hundred, targetStatus: 'Unlisted' });
    expect(ok.successfulVersions?.['1.0.0']?.status).toBe('Unlisted');
    expect(Object.keys(ok.failedVersions ?? {})).toHaveLength(99);
    await expectValidationError(
      updateStatus(target, { versions: [...hundred, '0.0.100'], targetStatus: 'Archived' }),
      'versions',
    );
    expect((await describeVersion(client, target, '1.0.0')).status).toBe('Unlisted');
  });

  it('requires targetStatus and versions', async () => {
    const target = pkg('required');
    await expectServiceError(
      updateStatus(target, {
        versions: ['1.0.0'],
        targetStatus: undefined as unknown as PackageVersionStatus,
      }),
      ValidationException,
      { status: 400 },
    );
    await expectServiceError(
      updateStatus(target, { versions: undefined as unknown as string[], targetStatus: 'Archived' }),
      ValidationException,
      { status: 400 },
    );
  });

  it('answers 404 for a repository that does not exist', async () => {
    await expectServiceError(
      updateStatus(
        { ...pkg('x'), repository: 'ghost-repo' },
        { versions: ['1.0.0'], targetStatus: 'Archived' },
      ),
      ResourceNotFoundException,
      { status: 404, resourceType: 'repository' },
    );
  });
});
