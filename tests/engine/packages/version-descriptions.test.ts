// A version's display name, summary, home page, source repository and licences are kept once per
// distinct combination and shared by the versions that carry it; every read shows each version its own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listTrash, restoreTrashed } from '../../../src/main/engine/trash/version-trash';
import type { EngineFixture } from '../engine-fixture';
import { domain, openPackageEngine, publishFormat } from './package-fixture';

describe('version descriptions stored once', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openPackageEngine('libs', 'apps');
  });
  afterEach(async () => {
    await engine.close();
  });

  const widget = { domain, format: 'npm', package: 'widget' } as const;
  const shared = {
    homePage: 'https://widget.example/',
    sourceCodeRepository: 'https://git.example/widget.git',
    licenses: [{ name: 'MIT' }],
  };
  const publish = (version: string, summary: string) =>
    publishFormat(engine, {
      repository: 'libs',
      format: 'npm',
      package: 'widget',
      version,
      metadata: { summary, ...shared },
    });
  const describeIn = async (repository: string, packageVersion: string) => {
    const { packageVersion: described } = await engine.call('DescribePackageVersion', {
      ...widget,
      repository,
      packageVersion,
    });
    return {
      summary: described?.summary,
      homePage: described?.homePage,
      sourceCodeRepository: described?.sourceCodeRepository,
      licenses: described?.licenses,
      displayName: described?.displayName,
    };
  };
  const expected = (summary: string) => ({
    summary,
    ...shared,
    licenses: [{ name: 'MIT', url: undefined }],
    displayName: 'widget',
  });
  const descriptionRows = () =>
    engine.store.read((db) =>
      db.all<{ summary: string; uses: number }>(
        'SELECT summary, uses FROM version_descriptions ORDER BY summary',
      ),
    );

  it('shares one description between equal versions and keeps a changed summary apart', async () => {
    await publish('1.0.0', 'Makes widgets');
    await publish('1.1.0', 'Makes widgets');
    await publish('2.0.0', 'Makes better widgets');
    expect(descriptionRows(), 'two distinct descriptions, counted by their versions').toEqual([
      { summary: 'Makes better widgets', uses: 1 },
      { summary: 'Makes widgets', uses: 2 },
    ]);
    expect(await describeIn('libs', '1.0.0')).toEqual(expected('Makes widgets'));
    expect(await describeIn('libs', '1.1.0')).toEqual(expected('Makes widgets'));
    expect(await describeIn('libs', '2.0.0')).toEqual(expected('Makes better widgets'));
  });

  it('keeps a description while any version uses it, through deletion, trash and restore', async () => {
    await publish('1.0.0', 'Makes widgets');
    await publish('1.1.0', 'Makes widgets');
    await engine.call('DeletePackageVersions', { ...widget, repository: 'libs', versions: ['1.0.0'] });
    expect(await describeIn('libs', '1.1.0'), 'the later version keeps the shared description').toEqual(
      expected('Makes widgets'),
    );
    expect(descriptionRows(), 'the first user is gone, the row stays').toEqual([
      { summary: 'Makes widgets', uses: 1 },
    ]);
    await engine.call('DeletePackageVersions', { ...widget, repository: 'libs', versions: ['1.1.0'] });
    expect(descriptionRows(), 'a description goes with its last version').toEqual([]);

    const ids = listTrash(engine.ctx, { domain }).entries.map((entry) => entry.id);
    await restoreTrashed(engine.ctx, { domain, ids });
    await engine.store.flush();
    expect(await describeIn('libs', '1.0.0'), 'a restored version reads as before').toEqual(
      expected('Makes widgets'),
    );
    expect(await describeIn('libs', '1.1.0')).toEqual(expected('Makes widgets'));
    expect(descriptionRows(), 'restored versions share one description again').toEqual([
      { summary: 'Makes widgets', uses: 2 },
    ]);
  });

  it('copies share the description and outlive the source', async () => {
    await publish('1.0.0', 'Makes widgets');
    await engine.call('CopyPackageVersions', {
      ...widget,
      sourceRepository: 'libs',
      destinationRepository: 'apps',
      versions: ['1.0.0'],
    });
    expect(await describeIn('apps', '1.0.0')).toEqual(expected('Makes widgets'));
    expect(descriptionRows()).toEqual([{ summary: 'Makes widgets', uses: 2 }]);
    await engine.call('DeletePackageVersions', { ...widget, repository: 'libs', versions: ['1.0.0'] });
    expect(await describeIn('apps', '1.0.0'), 'the copy keeps its description').toEqual(
      expected('Makes widgets'),
    );
    expect(descriptionRows()).toEqual([{ summary: 'Makes widgets', uses: 1 }]);
  });
});
