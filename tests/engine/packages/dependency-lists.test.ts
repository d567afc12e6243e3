// A version's dependency list is kept once per distinct list and shared by the versions that carry
// it; ListPackageVersionDependencies shows each version its own list, in order and in pages, through
// deletion, disposal, the trash and copies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DependencyEntry } from '../../../src/main/engine/packages/package-records';
import { listTrash, restoreTrashed } from '../../../src/main/engine/trash/version-trash';
import type { EngineFixture } from '../engine-fixture';
import { domain, openPackageEngine, publishFormat } from './package-fixture';

const small: DependencyEntry[] = [
  { namespace: 'scope', package: 'left-pad', dependencyType: 'regular', versionRequirement: '^1.2.3' },
  { package: 'bare' },
  { package: 'quoted', dependencyType: 'dev', versionRequirement: '>= "2" <3 \u00e9\\n' },
];
// More than one page (the service's page is 100).
const long: DependencyEntry[] = Array.from({ length: 130 }, (_, i) => ({
  package: `dep-${String(i).padStart(3, '0')}`,
  dependencyType: i % 2 === 0 ? 'regular' : 'peer',
  versionRequirement: `^${i}.0.0`,
}));
const other: DependencyEntry[] = [{ namespace: 'scope', package: 'left-pad', versionRequirement: '^2.0.0' }];

const lists: Record<string, DependencyEntry[]> = {
  '1.0.0': small,
  '1.1.0': small,
  '1.2.0': small,
  '2.0.0': long,
  '2.1.0': long,
  '3.0.0': [],
  '4.0.0': other,
};

describe('dependency lists stored once', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openPackageEngine('libs', 'apps');
  });
  afterEach(async () => {
    await engine.close();
  });

  const widget = { domain, format: 'npm', package: 'widget' } as const;

  /** Every dependency ListPackageVersionDependencies answers for the version, page after page. */
  const dependenciesOf = async (repository: string, packageVersion: string) => {
    const all: DependencyEntry[] = [];
    let nextToken: string | undefined;
    do {
      const page = await engine.call('ListPackageVersionDependencies', {
        ...widget,
        repository,
        packageVersion,
        nextToken,
      });
      for (const dependency of page.dependencies ?? [])
        all.push({
          ...(dependency.namespace !== undefined ? { namespace: dependency.namespace } : {}),
          package: dependency.package ?? '',
          ...(dependency.dependencyType !== undefined ? { dependencyType: dependency.dependencyType } : {}),
          ...(dependency.versionRequirement !== undefined
            ? { versionRequirement: dependency.versionRequirement }
            : {}),
        });
      nextToken = page.nextToken;
    } while (nextToken);
    return all;
  };
  const expectLists = async (repository: string, versions: readonly string[]) => {
    for (const version of versions)
      expect(
        await dependenciesOf(repository, version),
        `${repository} ${version} lists its own dependencies`,
      ).toEqual(lists[version]);
  };
  /** The stored lists as the number of dependencies in each and its count of uses. */
  const storedLists = () =>
    engine.store.read((db) =>
      db.all<{ length: number; uses: number }>(
        'SELECT json_array_length(entries) AS length, uses FROM dependency_lists ORDER BY length',
      ),
    );
  const versions = (repository: string, names: string[]) => ({ ...widget, repository, versions: names });

  it('shares one row between equal lists and reads each version’s list back through every change', async () => {
    for (const [version, dependencies] of Object.entries(lists))
      await publishFormat(engine, {
        repository: 'libs',
        format: 'npm',
        package: 'widget',
        version,
        metadata: { dependencies },
      });
    expect(
      storedLists(),
      'three distinct lists, counted by their versions; none for no dependencies',
    ).toEqual([
      { length: 1, uses: 1 },
      { length: 3, uses: 3 },
      { length: 130, uses: 2 },
    ]);
    await expectLists('libs', Object.keys(lists));

    const first = await engine.call('ListPackageVersionDependencies', {
      ...widget,
      repository: 'libs',
      packageVersion: '2.0.0',
    });
    expect(first.dependencies, 'a long list comes in pages of 100').toHaveLength(100);
    expect(first.nextToken, 'and the first page names the next').toBeDefined();

    await engine.call('DisposePackageVersions', versions('libs', ['1.1.0']));
    await expectLists('libs', ['1.1.0']);
    await engine.call('DeletePackageVersions', versions('libs', ['1.0.0', '2.0.0', '2.1.0']));
    expect(storedLists(), 'a list goes with its last version, and stays while any uses it').toEqual([
      { length: 1, uses: 1 },
      { length: 3, uses: 2 },
    ]);

    await engine.call('CopyPackageVersions', {
      ...widget,
      sourceRepository: 'libs',
      destinationRepository: 'apps',
      versions: ['1.2.0', '3.0.0', '4.0.0'],
    });
    await engine.call('DeletePackageVersions', versions('libs', ['1.1.0', '1.2.0', '4.0.0']));
    await expectLists('apps', ['1.2.0', '3.0.0', '4.0.0']);
    expect(storedLists(), 'copies keep the lists after their sources are gone').toEqual([
      { length: 1, uses: 1 },
      { length: 3, uses: 1 },
    ]);

    const trashed = listTrash(engine.ctx, { domain }).entries;
    expect(
      trashed.map((entry) => entry.version).sort(),
      'a disposed version is not kept in the trash',
    ).toEqual(['1.0.0', '1.2.0', '2.0.0', '2.1.0', '4.0.0']);
    await restoreTrashed(engine.ctx, { domain, ids: trashed.map((entry) => entry.id) });
    await engine.store.flush();
    await expectLists('libs', ['1.0.0', '1.2.0', '2.0.0', '2.1.0', '3.0.0', '4.0.0']);
    await expectLists('apps', ['1.2.0', '3.0.0', '4.0.0']);
    expect(storedLists(), 'restored versions share the lists again').toEqual([
      { length: 1, uses: 2 },
      { length: 3, uses: 3 },
      { length: 130, uses: 2 },
    ]);
  });

  it('gives a version a new list when its metadata changes, and keeps the old one for the others', async () => {
    for (const version of ['1.0.0', '1.1.0'])
      await publishFormat(engine, {
        repository: 'libs',
        format: 'npm',
        package: 'widget',
        version,
        ...(version === '1.1.0' ? { status: 'Unfinished' as const, assets: [] } : {}),
        metadata: { dependencies: small },
      });
    // The publish that finishes a version and carries other dependencies replaces its list.
    await publishFormat(engine, {
      repository: 'libs',
      format: 'npm',
      package: 'widget',
      version: '1.1.0',
      assets: [{ name: 'widget-1.1.0-more.bin', content: 'more' }],
      metadata: { dependencies: other },
    });
    expect(await dependenciesOf('libs', '1.0.0')).toEqual(small);
    expect(await dependenciesOf('libs', '1.1.0')).toEqual(other);
    expect(storedLists()).toEqual([
      { length: 1, uses: 1 },
      { length: 3, uses: 1 },
    ]);
  });
});
