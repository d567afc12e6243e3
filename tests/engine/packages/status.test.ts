// The package version status table: what each status means for listing, downloading and moving on.
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictException, ValidationException } from '../../../src/main/engine/errors';
import { listPackageVersionsThroughUpstreams } from '../../../src/main/engine/upstreams/versions-through-upstreams';
import { expectServiceError, type EngineFixture } from '../engine-fixture';
import { domain, openPackageEngine, publishGeneric, readAll } from './package-fixture';

const pkg = { domain, repository: 'libs', format: 'generic', namespace: 'tools', package: 'cli' } as const;

describe('package version status', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openPackageEngine('libs');
  });
  afterEach(async () => {
    await engine.close();
  });

  const publish = (version: string, unfinished = false) =>
    publishGeneric(engine, {
      repository: 'libs',
      package: 'cli',
      version,
      asset: 'cli.bin',
      content: `cli ${version}`,
      unfinished,
    });
  const setStatus = (
    versions: string[],
    targetStatus: 'Archived' | 'Published' | 'Unlisted',
    extra: object = {},
  ) => engine.call('UpdatePackageVersionsStatus', { ...pkg, versions, targetStatus, ...extra });
  const download = (version: string) =>
    engine.call('GetPackageVersionAsset', { ...pkg, packageVersion: version, asset: 'cli.bin' });
  const statusOf = async (version: string) =>
    (await engine.call('DescribePackageVersion', { ...pkg, packageVersion: version })).packageVersion?.status;
  /** What a format endpoint lists to clients: only Published versions. */
  const listedToClients = () =>
    (listPackageVersionsThroughUpstreams(engine.ctx, pkg)?.versions ?? [])
      .filter((v) => v.status === 'Published')
      .map((v) => v.version);

  it('Published: listed to clients and downloadable', async () => {
    await publish('1.0');
    expect(listedToClients()).toEqual(['1.0']);
    expect(await readAll((await download('1.0')).asset as Readable)).toBe('cli 1.0');
  });

  it('Unfinished: not listed, not downloadable, and published by its last asset or by a status update', async () => {
    await publish('1.0', true);
    expect(listedToClients()).toEqual([]);
    await expectServiceError(download('1.0'), ConflictException, { message: /Unfinished/ });
    const updated = await setStatus(['1.0'], 'Published');
    expect(updated.successfulVersions?.['1.0']?.status).toBe('Published');
    expect(listedToClients()).toEqual(['1.0']);
  });

  it('Unlisted: not listed to clients, but downloadable by exact version', async () => {
    await publish('1.0');
    await setStatus(['1.0'], 'Unlisted');
    expect(await statusOf('1.0')).toBe('Unlisted');
    expect(listedToClients()).toEqual([]);
    expect(await readAll((await download('1.0')).asset as Readable)).toBe('cli 1.0');
  });

  it('Archived: neither listed nor downloadable, and restorable with UpdatePackageVersionsStatus', async () => {
    await publish('1.0');
    await setStatus(['1.0'], 'Archived');
    expect(listedToClients()).toEqual([]);
    await expectServiceError(download('1.0'), ConflictException, {
      resourceType: 'package-version',
      message: /Archived/,
    });
    await setStatus(['1.0'], 'Published');
    expect(await readAll((await download('1.0')).asset as Readable)).toBe('cli 1.0');
  });

  it('Disposed: assets deleted, the record kept, and terminal', async () => {
    await publish('1.0');
    const disposed = await engine.call('DisposePackageVersions', { ...pkg, versions: ['1.0'] });
    expect(disposed.successfulVersions?.['1.0']?.status).toBe('Disposed');
    expect(await statusOf('1.0')).toBe('Disposed');
    const assets = await engine.call('ListPackageVersionAssets', { ...pkg, packageVersion: '1.0' });
    expect(assets.assets).toEqual([]);
    await expectServiceError(download('1.0'), ConflictException, { message: /Disposed/ });
    const back = await setStatus(['1.0'], 'Published');
    expect(back.failedVersions?.['1.0']?.errorCode).toBe('NOT_ALLOWED');
    expect(await statusOf('1.0')).toBe('Disposed');
    // A disposed version cannot be filled again either.
    await expectServiceError(publish('1.0'), ConflictException);
  });

  it('Deleted: gone, and the same version can be published again', async () => {
    await publish('1.0');
    const deleted = await engine.call('DeletePackageVersions', { ...pkg, versions: ['1.0'] });
    expect(deleted.successfulVersions?.['1.0']?.status).toBe('Deleted');
    const listed = await engine.call('ListPackageVersions', pkg);
    expect(listed.versions).toEqual([]);
    const again = await publishGeneric(engine, {
      repository: 'libs',
      package: 'cli',
      version: '1.0',
      asset: 'cli.bin',
      content: 'different bytes this time',
    });
    expect(again.status).toBe('Published');
  });

  it('only targets Archived, Published or Unlisted, and never takes a Published version back to Unfinished', async () => {
    await publish('1.0');
    for (const targetStatus of ['Unfinished', 'Disposed', 'Deleted'] as const) {
      await expectServiceError(
        engine.call('UpdatePackageVersionsStatus', { ...pkg, versions: ['1.0'], targetStatus }),
        ValidationException,
        { message: /targetStatus/ },
      );
    }
    const republishUnfinished = await publishGeneric(engine, {
      repository: 'libs',
      package: 'cli',
      version: '1.0',
      asset: 'cli.bin',
      content: 'cli 1.0',
      unfinished: true,
    });
    expect(republishUnfinished.status).toBe('Published');
  });

  it('gives a changed status a new revision and keeps the revision when nothing changes', async () => {
    const published = await publish('1.0');
    const same = await setStatus(['1.0'], 'Published');
    expect(same.successfulVersions?.['1.0']).toEqual({
      revision: published.versionRevision,
      status: 'Published',
    });
    const archived = await setStatus(['1.0'], 'Archived');
    expect(archived.successfulVersions?.['1.0']?.revision).not.toBe(published.versionRevision);
  });

  it('reports preconditions per version: NOT_FOUND, MISMATCHED_STATUS, MISMATCHED_REVISION', async () => {
    const one = await publish('1');
    await publish('2');
    await publish('3');
    const result = await setStatus(['1', '2', '3', '4'], 'Archived', {
      expectedStatus: 'Published',
      versionRevisions: { '1': one.versionRevision, '2': 'stale-revision' },
    });
    expect(Object.keys(result.successfulVersions ?? {}).sort()).toEqual(['1', '3']);
    expect(result.failedVersions).toEqual({
      '2': { errorCode: 'MISMATCHED_REVISION', errorMessage: expect.stringContaining('stale-revision') },
      '4': { errorCode: 'NOT_FOUND', errorMessage: expect.any(String) },
    });
    const again = await setStatus(['1'], 'Unlisted', { expectedStatus: 'Published' });
    expect(again.failedVersions?.['1']?.errorCode).toBe('MISMATCHED_STATUS');
    expect(await statusOf('1')).toBe('Archived');
  });

  it('accepts only the expectedStatus values and status filters the API reference lists', async () => {
    await publish('1');
    for (const expectedStatus of ['Disposed', 'Deleted'] as const) {
      await expectServiceError(setStatus(['1'], 'Archived', { expectedStatus }), ValidationException, {
        message: /expectedStatus/,
      });
    }
    await expectServiceError(
      engine.call('DisposePackageVersions', { ...pkg, versions: ['1'], expectedStatus: 'Deleted' }),
      ValidationException,
    );
    await expectServiceError(
      engine.call('DeletePackageVersions', { ...pkg, versions: ['1'], expectedStatus: 'Deleted' }),
      ValidationException,
    );
    await expectServiceError(
      engine.call('ListPackageVersions', { ...pkg, status: 'Deleted' }),
      ValidationException,
      {
        message: /status/,
      },
    );
    expect(await statusOf('1')).toBe('Published');
  });

  it('takes at most 100 versions at once', async () => {
    await publish('1');
    const versions = Array.from({ length: 101 }, (_, i) => `v${i}`);
    await expectServiceError(setStatus(versions, 'Archived'), ValidationException, { message: /100/ });
  });
});
