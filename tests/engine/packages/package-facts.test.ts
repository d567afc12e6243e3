/**
 * A package page's facts read from the store: each version's asset bytes and publish time, the
 * packages of the repository that depend on it, and where each dependency is held through the
 * upstreams (or nowhere).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readPackageFacts } from '../../../src/main/engine/packages/package-facts';
import type { EngineFixture } from '../engine-fixture';
import { domain, openPackageEngine, publishFormat } from './package-fixture';

let engine: EngineFixture;
afterEach(async () => engine.close());

describe('package facts', () => {
  it('sizes, publish times, used by and dependency holders', async () => {
    engine = await openPackageEngine('store', 'app');
    await engine.call('UpdateRepository', {
      domain,
      repository: 'app',
      upstreams: [{ repositoryName: 'store' }],
    });
    await publishFormat(engine, {
      repository: 'store',
      format: 'npm',
      package: 'left',
      version: '1.0.0',
      assets: [{ name: 'left-1.0.0.tgz', content: 'x'.repeat(300) }],
    });
    engine.advance(60_000);
    await publishFormat(engine, {
      repository: 'app',
      format: 'npm',
      package: 'kit',
      version: '2.0.0',
      assets: [{ name: 'kit-2.0.0.tgz', content: 'y'.repeat(120) }],
      metadata: {
        dependencies: [{ package: 'left', versionRequirement: '^1.0.0', dependencyType: 'regular' }],
      },
    });
    await publishFormat(engine, {
      repository: 'app',
      format: 'npm',
      package: 'left',
      version: '0.9.0',
      assets: [{ name: 'left-0.9.0.tgz', content: 'z' }],
    });

    const kit = readPackageFacts(engine.ctx, {
      domain,
      repository: 'app',
      format: 'npm',
      package: 'kit',
      dependencies: [{ package: 'left' }, { package: 'absent' }],
    });
    expect(kit.sizes).toEqual({ '2.0.0': 120 });
    expect(kit.publishedTimes['2.0.0']).toBe(engine.now().getTime());
    expect(kit.dependencies, 'app holds a left of its own, found before the upstream').toEqual([
      { repository: 'app', package: 'left' },
      null,
    ]);

    const left = readPackageFacts(engine.ctx, { domain, repository: 'app', format: 'npm', package: 'left' });
    expect(left.usedBy).toEqual([{ package: 'kit' }]);
    const upstreamOnly = readPackageFacts(engine.ctx, {
      domain,
      repository: 'app',
      format: 'npm',
      package: 'kit',
      dependencies: [{ package: 'left' }],
    });
    expect(upstreamOnly.dependencies[0]?.package).toBe('left');
    const viaStore = readPackageFacts(engine.ctx, {
      domain,
      repository: 'store',
      format: 'npm',
      package: 'left',
    });
    expect(viaStore.sizes).toEqual({ '1.0.0': 300 });
    expect(viaStore.usedBy, 'used by counts only the same repository').toEqual([]);
  });
});
