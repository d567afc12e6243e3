// Resolving a version through the upstream graph: order, cycles, the 25-repository bound, retention and origin controls.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findPackage } from '../../../src/main/engine/packages/package-records';
import { requireRepository, requireDomain } from '../../../src/main/engine/lookups';
import { resolvePackageVersion } from '../../../src/main/engine/upstreams/resolve-package-version';
import { searchOrder } from '../../../src/main/engine/upstreams/search-order';
import { listPackageVersionsThroughUpstreams } from '../../../src/main/engine/upstreams/versions-through-upstreams';
import { accountId, type EngineFixture } from '../engine-fixture';
import { blobExists, domain, openPackageEngine, publishFormat } from './package-fixture';

const upstreams = (...names: string[]) => names.map((repositoryName) => ({ repositoryName }));
const lib = { format: 'npm', package: 'lib' } as const;

describe('upstream resolution', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openPackageEngine();
  });
  afterEach(async () => {
    await engine.close();
  });

  /** Creates repositories bottom-up, then wires the upstream lists (cycles included). */
  async function graph(edges: Record<string, string[]>): Promise<void> {
    for (const name of Object.keys(edges))
      await engine.call('CreateRepository', { domain, repository: name });
    for (const [name, ups] of Object.entries(edges)) {
      if (ups.length > 0)
        await engine.call('UpdateRepository', { domain, repository: name, upstreams: upstreams(...ups) });
    }
  }
  const publish = (repository: string, version: string, content = `${repository}:${version}`) =>
    publishFormat(engine, { repository, ...lib, version, assets: [{ name: `lib-${version}.tgz`, content }] });
  /** Publishing to a repository blocks upstream versions of the package there; some tests open it again. */
  const allowUpstream = (repository: string) =>
    engine.call('PutPackageOriginConfiguration', {
      domain,
      repository,
      ...lib,
      restrictions: { publish: 'ALLOW', upstream: 'ALLOW' },
    });
  const resolve = (repository: string, version: string) =>
    resolvePackageVersion(engine.ctx, { domain, repository, ...lib, version });
  const order = (repository: string) =>
    engine.ctx.store.read((db) => {
      const start = requireRepository(db, requireDomain(db, domain, accountId), repository);
      return searchOrder(db, start, { format: 'npm', namespace: '', name: 'lib' }).map(
        (step) => step.repository.name,
      );
    });
  const versionsIn = async (repository: string) => {
    try {
      return ((await engine.call('ListPackageVersions', { domain, repository, ...lib })).versions ?? []).map(
        (v) => v.version,
      );
    } catch {
      return [];
    }
  };

  describe('A → B → C → A (a cycle)', () => {
    beforeEach(async () => {
      await graph({ A: ['B'], B: ['C'], C: ['A'] });
    });

    it('searches each repository once, in order', () => {
      expect(order('A')).toEqual(['A', 'B', 'C']);
      expect(order('C')).toEqual(['C', 'A', 'B']);
    });

    it('takes the first repository that has the version', async () => {
      await publish('B', '1.0.0');
      await publish('C', '1.0.0');
      const found = resolve('A', '1.0.0');
      expect(found?.foundIn).toBe('B');
      expect(found?.origin).toEqual({ domainEntryPoint: { repositoryName: 'B' }, originType: 'INTERNAL' });
    });

    it('answers undefined for a version nobody has, without looping', () => {
      expect(resolve('A', '9.9.9')).toBeUndefined();
    });

    it('retains a version found upstream in the requesting and intermediate repositories', async () => {
      const published = await publish('C', '1.0.0', 'tarball bytes');
      const found = resolve('A', '1.0.0');
      expect(found).toMatchObject({
        foundIn: 'C',
        retainedIn: ['A', 'B'],
        status: 'Published',
        revision: published.revision,
        assets: [{ name: 'lib-1.0.0.tgz', size: 13 }],
      });
      expect(await versionsIn('A')).toEqual(['1.0.0']);
      expect(await versionsIn('B')).toEqual(['1.0.0']);
      const described = await engine.call('DescribePackageVersion', {
        domain,
        repository: 'A',
        ...lib,
        packageVersion: '1.0.0',
      });
      expect(described.packageVersion?.origin).toEqual({
        domainEntryPoint: { repositoryName: 'C' },
        originType: 'INTERNAL',
      });
      // A package that arrived from an upstream gets the ingested defaults.
      const pkg = await engine.call('DescribePackage', { domain, repository: 'A', ...lib });
      expect(pkg.package?.originConfiguration).toEqual({
        restrictions: { publish: 'BLOCK', upstream: 'ALLOW' },
      });

      // The retained copies stay when the upstream loses the version, and share its blob.
      await engine.call('DeletePackageVersions', { domain, repository: 'C', ...lib, versions: ['1.0.0'] });
      expect(blobExists(engine, 'tarball bytes')).toBe(true);
      expect(resolve('A', '1.0.0')).toMatchObject({ foundIn: 'A', retainedIn: [] });
      expect(resolve('B', '1.0.0')?.foundIn).toBe('B');
      const asset = await engine.call('GetPackageVersionAsset', {
        domain,
        repository: 'A',
        ...lib,
        packageVersion: '1.0.0',
        asset: 'lib-1.0.0.tgz',
      });
      expect(asset.packageVersionRevision).toBe(published.revision);
    });

    it('can look without retaining', async () => {
      await publish('C', '1.0.0');
      expect(
        resolvePackageVersion(
          engine.ctx,
          { domain, repository: 'A', ...lib, version: '1.0.0' },
          { retain: false },
        ),
      ).toMatchObject({
        foundIn: 'C',
        retainedIn: [],
      });
      expect(await versionsIn('A')).toEqual([]);
    });

    it('skips upstream versions clients cannot download, but answers the requesting repository’s own record', async () => {
      await publish('B', '1.0.0', 'archived in B');
      await publish('C', '1.0.0', 'published in C');
      await engine.call('UpdatePackageVersionsStatus', {
        domain,
        repository: 'B',
        ...lib,
        versions: ['1.0.0'],
        targetStatus: 'Archived',
      });
      await allowUpstream('B');
      expect(resolve('A', '1.0.0')?.foundIn).toBe('C');
      // B keeps its own (Archived) record rather than taking C's.
      expect(resolve('B', '1.0.0')).toMatchObject({ foundIn: 'B', status: 'Archived' });
    });
  });

  it('walks a diamond depth-first, each repository once: A → [B, C], B → [D], C → [D]', async () => {
    await graph({ D: [], B: ['D'], C: ['D'], A: ['B', 'C'] });
    expect(order('A')).toEqual(['A', 'B', 'D', 'C']);
    await publish('C', '1.0.0');
    await publish('D', '1.0.0');
    expect(resolve('A', '1.0.0')).toMatchObject({ foundIn: 'D', retainedIn: ['A', 'B'] });
    expect(await versionsIn('C')).toEqual(['1.0.0']);
  });

  it('searches at most 25 repositories', async () => {
    const chain: Record<string, string[]> = {};
    for (let i = 29; i >= 0; i--)
      chain[`r${String(i).padStart(2, '0')}`] = i < 29 ? [`r${String(i + 1).padStart(2, '0')}`] : [];
    await graph(chain);
    expect(order('r00')).toHaveLength(25);
    await publish('r24', '1.0.0');
    await publish('r25', '2.0.0');
    expect(resolve('r00', '1.0.0')?.foundIn).toBe('r24');
    expect(resolve('r00', '2.0.0')).toBeUndefined();
  });

  describe('origin controls', () => {
    beforeEach(async () => {
      await graph({ A: ['B'], B: ['C'], C: [] });
      await publish('B', '1.0.0');
      await publish('C', '2.0.0');
    });

    it('a package whose upstream is BLOCKed in the requesting repository takes nothing from upstreams', async () => {
      await engine.call('PutPackageOriginConfiguration', {
        domain,
        repository: 'A',
        ...lib,
        restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
      });
      expect(resolve('A', '1.0.0')).toBeUndefined();
      expect(
        listPackageVersionsThroughUpstreams(engine.ctx, { domain, repository: 'A', ...lib })?.versions,
      ).toEqual([]);
    });

    it('an intermediate repository that BLOCKs upstreams ends the search there', async () => {
      await engine.call('PutPackageOriginConfiguration', {
        domain,
        repository: 'B',
        ...lib,
        restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
      });
      expect(resolve('A', '1.0.0')?.foundIn).toBe('B');
      expect(resolve('A', '2.0.0')).toBeUndefined();
    });

    it('a package first published to a repository blocks upstream versions by default', async () => {
      await publish('A', '0.1.0');
      expect(resolve('A', '1.0.0')).toBeUndefined();
    });
  });

  it('lists the union of versions through the upstreams with dist-tags merged, most recent tag winning', async () => {
    await graph({ A: ['B'], B: ['C'], C: [] });
    await publishFormat(engine, { repository: 'C', ...lib, version: '1.0.0', distTags: ['latest'] });
    engine.advance(1000);
    await publishFormat(engine, { repository: 'C', ...lib, version: '1.1.0', distTags: ['latest'] });
    engine.advance(1000);
    await publishFormat(engine, { repository: 'B', ...lib, version: '2.0.0-beta.1', distTags: ['beta'] });
    await publishFormat(engine, { repository: 'B', ...lib, version: '1.0.0' });
    await allowUpstream('B');
    const listed = listPackageVersionsThroughUpstreams(engine.ctx, { domain, repository: 'A', ...lib });
    expect(listed?.versions.map((v) => [v.version, v.repository])).toEqual([
      ['1.0.0', 'B'],
      ['1.1.0', 'C'],
      ['2.0.0-beta.1', 'B'],
    ]);
    expect(listed?.distTags).toEqual({ latest: '1.1.0', beta: '2.0.0-beta.1' });
    expect(
      listPackageVersionsThroughUpstreams(engine.ctx, {
        domain,
        repository: 'A',
        format: 'npm',
        package: 'ghost',
      }),
    ).toBeUndefined();
    // Listing never retains anything.
    expect(
      engine.ctx.store.read((db) =>
        findPackage(db, requireRepository(db, requireDomain(db, domain, accountId), 'A').id, {
          format: 'npm',
          namespace: '',
          name: 'lib',
        }),
      ),
    ).toBeUndefined();
  });
});
