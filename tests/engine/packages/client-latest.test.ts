/**
 * What a package's own client resolves as latest from a repository (the package header's "Latest"):
 * only Published versions count, the npm `latest` tag wins while it names one, pre-releases and
 * snapshots are passed over, upstream versions count through the search order, and a tag naming a
 * version clients cannot see is reported with that version's status.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { resolveClientLatest } from '../../../src/main/engine/upstreams/client-latest';
import type { EngineFixture } from '../engine-fixture';
import { domain, openPackageEngine, publishFormat } from './package-fixture';

let engine: EngineFixture;
afterEach(async () => engine.close());

function setStatus(
  repository: string,
  format: 'npm' | 'pypi',
  name: string,
  version: string,
  target: 'Archived' | 'Unlisted',
) {
  return engine.call('UpdatePackageVersionsStatus', {
    domain,
    repository,
    format,
    package: name,
    versions: [version],
    targetStatus: target,
  });
}

describe('client latest', () => {
  it('npm follows the latest tag while it names a Published version, then warns when it does not', async () => {
    engine = await openPackageEngine('app');
    for (const version of ['1.0.0', '1.1.0', '2.0.0-beta.1'])
      await publishFormat(engine, {
        repository: 'app',
        format: 'npm',
        package: 'widget',
        version,
        distTags: version.includes('beta') ? ['next'] : ['latest'],
      });
    const target = { domain, repository: 'app', format: 'npm', package: 'widget' };
    expect(resolveClientLatest(engine.ctx, target)).toEqual({
      latest: '1.1.0',
      listedCount: 3,
      hiddenTags: [],
    });

    await setStatus('app', 'npm', 'widget', '1.1.0', 'Archived');
    // npm drops the tag and takes the highest release it can list; the tag is reported.
    expect(resolveClientLatest(engine.ctx, target)).toEqual({
      latest: '1.0.0',
      listedCount: 2,
      hiddenTags: [{ tag: 'latest', version: '1.1.0', status: 'Archived' }],
    });

    await engine.call('DisposePackageVersions', {
      ...target,
      format: 'npm',
      versions: ['1.0.0', '2.0.0-beta.1'],
    });
    const none = resolveClientLatest(engine.ctx, target);
    expect(none.latest, 'nothing Published: npm sees no version at all').toBeUndefined();
    expect(none.listedCount).toBe(0);
    expect(
      none.hiddenTags.map((hidden) => `${hidden.tag}=${hidden.version}:${hidden.status}`).sort(),
    ).toEqual(['latest=1.1.0:Archived', 'next=2.0.0-beta.1:Disposed']);
  });

  it('pypi skips pre-releases and Unlisted versions; upstream versions count', async () => {
    engine = await openPackageEngine('store', 'app');
    await engine.call('UpdateRepository', {
      domain,
      repository: 'app',
      upstreams: [{ repositoryName: 'store' }],
    });
    for (const version of ['1.0', '1.1', '2.0rc1'])
      await publishFormat(engine, { repository: 'store', format: 'pypi', package: 'toolbox', version });
    const target = { domain, repository: 'app', format: 'pypi', package: 'toolbox' };
    expect(resolveClientLatest(engine.ctx, target).latest).toBe('1.1');
    await setStatus('store', 'pypi', 'toolbox', '1.1', 'Unlisted');
    expect(resolveClientLatest(engine.ctx, target).latest).toBe('1.0');
  });

  it('maven takes the highest release over a newer snapshot; an unknown package lists nothing', async () => {
    engine = await openPackageEngine('app');
    for (const version of ['1.0', '1.2-SNAPSHOT'])
      await publishFormat(engine, {
        repository: 'app',
        format: 'maven',
        namespace: 'org.acme',
        package: 'core',
        version,
      });
    expect(
      resolveClientLatest(engine.ctx, {
        domain,
        repository: 'app',
        format: 'maven',
        namespace: 'org.acme',
        package: 'core',
      }).latest,
    ).toBe('1.0');
    expect(
      resolveClientLatest(engine.ctx, { domain, repository: 'app', format: 'npm', package: 'absent' }),
    ).toEqual({ listedCount: 0, hiddenTags: [] });
  });
});
