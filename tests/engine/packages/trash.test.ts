// Deleted versions go to the app's trash: gone for every CodeArtifact call, restorable as they were until they expire.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepOrphanBlobs, type ListableBlobStore } from '../../../src/main/engine/assets/asset-blobs';
import {
  ConflictException,
  ResourceNotFoundException,
  ValidationException,
} from '../../../src/main/engine/errors';
import {
  listTrash,
  purgeExpiredTrash,
  purgeTrashed,
  restoreTrashed,
} from '../../../src/main/engine/trash/version-trash';
import type { Store } from '../../../src/main/store/types';
import { expectServiceError, type EngineFixture } from '../engine-fixture';
import {
  assetSizeBytes,
  blobExists,
  domain,
  openPackageEngine,
  publishFormat,
  publishGeneric,
  readAll,
  setTrashRetention,
} from './package-fixture';

const day = 24 * 60 * 60 * 1000;

describe('the trash of deleted package versions', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openPackageEngine('libs', 'apps');
  });
  afterEach(async () => {
    await engine.close();
  });

  const widget = { domain, repository: 'libs', format: 'npm', package: 'widget' } as const;
  const publishWidget = (version: string, content = `widget ${version}`) =>
    publishFormat(engine, {
      repository: 'libs',
      format: 'npm',
      package: 'widget',
      version,
      assets: [{ name: `widget-${version}.tgz`, content }],
      metadata: {
        summary: `widget ${version}`,
        readme: `# widget ${version}`,
        dependencies: [{ package: 'left-pad', dependencyType: 'dependencies', versionRequirement: '^1.0.0' }],
      },
      distTags: ['latest'],
    });
  const versionsOf = async () =>
    (await engine.call('ListPackageVersions', widget)).versions?.map((v) => `${v.version}:${v.status}`);
  const trashIds = () => listTrash(engine.ctx, { domain }).entries.map((entry) => entry.id);

  it('restores deleted versions with their status, revision, files, readme, dependencies and dist-tags', async () => {
    await publishWidget('1.0.0');
    await publishWidget('2.0.0');
    await engine.call('UpdatePackageVersionsStatus', {
      ...widget,
      versions: ['1.0.0'],
      targetStatus: 'Unlisted',
    });
    const before = await engine.call('DescribePackageVersion', { ...widget, packageVersion: '2.0.0' });
    const size = await assetSizeBytes(engine);

    await engine.call('DeletePackageVersions', { ...widget, versions: ['1.0.0', '2.0.0'] });
    expect(await versionsOf(), 'deleted versions are gone for the API').toEqual([]);
    await expectServiceError(
      engine.call('GetPackageVersionAsset', {
        ...widget,
        packageVersion: '2.0.0',
        asset: 'widget-2.0.0.tgz',
      }),
      ResourceNotFoundException,
    );
    expect(await assetSizeBytes(engine), 'DescribeDomain counts only what the API reaches').toBe(0);
    expect(blobExists(engine, 'widget 2.0.0'), 'the trashed file is kept').toBe(true);
    const listing = listTrash(engine.ctx, { domain, repository: 'libs' });
    expect(listing.retentionDays).toBe(7);
    expect(listing.entries.map((e) => [e.version, e.status, e.assetCount, e.replaced])).toEqual([
      ['2.0.0', 'Published', 1, false],
      ['1.0.0', 'Unlisted', 1, false],
    ]);
    expect(listing.entries[0]!.expiresTime.getTime() - listing.entries[0]!.deletedTime.getTime()).toBe(
      7 * day,
    );

    const result = await restoreTrashed(engine.ctx, { domain, ids: trashIds() });
    expect(result.restored.map((entry) => entry.label).sort()).toEqual([
      'npm:widget@1.0.0',
      'npm:widget@2.0.0',
    ]);
    expect(await versionsOf()).toEqual(expect.arrayContaining(['1.0.0:Unlisted', '2.0.0:Published']));
    const after = await engine.call('DescribePackageVersion', { ...widget, packageVersion: '2.0.0' });
    expect(after.packageVersion?.revision).toBe(before.packageVersion?.revision);
    expect(after.packageVersion?.summary).toBe('widget 2.0.0');
    const asset = await engine.call('GetPackageVersionAsset', {
      ...widget,
      packageVersion: '2.0.0',
      asset: 'widget-2.0.0.tgz',
    });
    expect(await readAll(asset.asset as never)).toBe('widget 2.0.0');
    const readme = await engine.call('GetPackageVersionReadme', { ...widget, packageVersion: '2.0.0' });
    expect(readme.readme).toBe('# widget 2.0.0');
    const deps = await engine.call('ListPackageVersionDependencies', { ...widget, packageVersion: '2.0.0' });
    expect(deps.dependencies?.map((d) => `${d.package}@${d.versionRequirement}`)).toEqual([
      'left-pad@^1.0.0',
    ]);
    const tags = engine.store.read((db) => db.all('SELECT tag, version FROM package_dist_tags'));
    expect(tags).toEqual([{ tag: 'latest', version: '2.0.0' }]);
    expect(await assetSizeBytes(engine)).toBe(size);
    expect(trashIds()).toEqual([]);
  });

  it('brings a deleted package back with its origin controls', async () => {
    await publishWidget('1.0.0');
    await engine.call('PutPackageOriginConfiguration', {
      ...widget,
      restrictions: { publish: 'BLOCK', upstream: 'ALLOW' },
    });
    await engine.call('DeletePackage', widget);
    await expectServiceError(engine.call('DescribePackage', widget), ResourceNotFoundException);
    await restoreTrashed(engine.ctx, { domain, ids: trashIds() });
    const pkg = await engine.call('DescribePackage', widget);
    expect(pkg.package?.originConfiguration?.restrictions).toEqual({ publish: 'BLOCK', upstream: 'ALLOW' });
    expect(await versionsOf()).toEqual(['1.0.0:Published']);
  });

  it('lets the same version be published again and refuses to restore over it', async () => {
    await publishWidget('1.0.0', 'first');
    await engine.call('DeletePackageVersions', { ...widget, versions: ['1.0.0'] });
    await publishWidget('1.0.0', 'second');
    const [entry] = listTrash(engine.ctx, { domain }).entries;
    expect(entry?.replaced, 'the listing says the version exists again').toBe(true);
    await expectServiceError(restoreTrashed(engine.ctx, { domain, ids: [entry!.id] }), ConflictException, {
      message: /exists again/,
    });
    const asset = await engine.call('GetPackageVersionAsset', {
      ...widget,
      packageVersion: '1.0.0',
      asset: 'widget-1.0.0.tgz',
    });
    expect(await readAll(asset.asset as never), 'the newer publish is untouched').toBe('second');
    expect(trashIds(), 'the trashed copy stays').toEqual([entry!.id]);
  });

  it('purges expired entries and releases their files, and "delete forever" does the same at once', async () => {
    await publishGeneric(engine, {
      repository: 'libs',
      package: 'a',
      version: '1',
      asset: 'f',
      content: 'old',
    });
    await publishGeneric(engine, {
      repository: 'libs',
      package: 'a',
      version: '2',
      asset: 'f',
      content: 'new',
    });
    const a = { domain, repository: 'libs', format: 'generic', namespace: 'tools', package: 'a' } as const;
    await engine.call('DeletePackageVersions', { ...a, versions: ['1'] });
    engine.advance(3 * day);
    await engine.call('DeletePackageVersions', { ...a, versions: ['2'] });
    engine.advance(4 * day);
    expect(await purgeExpiredTrash(engine.ctx), 'only the entry 7 days old').toBe(1);
    expect(blobExists(engine, 'old')).toBe(false);
    expect(blobExists(engine, 'new')).toBe(true);
    expect(engine.store.read((db) => db.all('SELECT sha256 FROM domain_blobs')).length).toBe(1);
    await purgeTrashed(engine.ctx, { domain, ids: trashIds() });
    expect(blobExists(engine, 'new')).toBe(false);
    expect(await assetSizeBytes(engine)).toBe(0);
    expect(trashIds()).toEqual([]);
  });

  it('never trashes disposed versions, and keeps nothing while the retention is 0', async () => {
    await publishGeneric(engine, {
      repository: 'libs',
      package: 'a',
      version: '1',
      asset: 'f',
      content: 'x',
    });
    await publishGeneric(engine, {
      repository: 'libs',
      package: 'a',
      version: '2',
      asset: 'f',
      content: 'y',
    });
    const a = { domain, repository: 'libs', format: 'generic', namespace: 'tools', package: 'a' } as const;
    await engine.call('DisposePackageVersions', { ...a, versions: ['1'] });
    await engine.call('DeletePackageVersions', { ...a, versions: ['1'] });
    expect(trashIds(), 'a disposed version has no files to restore').toEqual([]);
    setTrashRetention(engine, 0);
    await engine.call('DeletePackageVersions', { ...a, versions: ['2'] });
    expect(trashIds()).toEqual([]);
    expect(blobExists(engine, 'y'), 'released at once').toBe(false);
  });

  it('refuses a retention that is not 0 to 365 whole days', async () => {
    for (const days of [-1, 366, 1.5, '7'])
      await expectServiceError(() => setTrashRetention(engine, days as number), ValidationException, {
        message: /retentionDays must be/,
      });
  });

  it('keeps the trash and its files across a restart and the start-up sweep', async () => {
    await publishWidget('1.0.0');
    await engine.call('DeletePackageVersions', { ...widget, versions: ['1.0.0'] });
    await engine.reopen();
    const store = engine.store as Store & { readonly blobs: ListableBlobStore };
    await sweepOrphanBlobs(store);
    expect(blobExists(engine, 'widget 1.0.0'), 'the sweep leaves trashed files').toBe(true);
    await restoreTrashed(engine.ctx, { domain, ids: trashIds() });
    expect(await versionsOf()).toEqual(['1.0.0:Published']);
  });

  it('releases trashed files with their repository', async () => {
    await publishWidget('1.0.0');
    await engine.call('DeletePackageVersions', { ...widget, versions: ['1.0.0'] });
    await engine.call('DeleteRepository', { domain, repository: 'libs' });
    expect(blobExists(engine, 'widget 1.0.0')).toBe(false);
    expect(await assetSizeBytes(engine)).toBe(0);
  });
});
