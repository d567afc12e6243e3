/**
 * The console's package list reads each package's latest version with the page itself: the same
 * packages, order and tokens as ListPackages, and per package the version its row shows (the
 * `latest` dist-tag for npm, else the last published, else the newest of any status, else none).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { listPackagesWithLatest } from '../../../src/main/engine/packages/list-packages-with-latest';
import type { EngineFixture } from '../engine-fixture';
import { domain, openPackageEngine, publishFormat, publishGeneric } from './package-fixture';

let engine: EngineFixture;
afterEach(async () => engine.close());

describe('listPackagesWithLatest', () => {
  it('gives every package of a page the version its row shows, in ListPackages order and pages', async () => {
    engine = await openPackageEngine('app');
    await publishFormat(engine, { repository: 'app', format: 'npm', package: 'pad', version: '1.0.0' });
    await publishFormat(engine, { repository: 'app', format: 'npm', package: 'pad', version: '1.1.0' });
    await publishFormat(engine, { repository: 'app', format: 'pypi', package: 'requests', version: '2.0' });
    await publishGeneric(engine, {
      repository: 'app',
      package: 'tool',
      version: '1',
      asset: 'a',
      content: 'a',
    });
    await publishGeneric(engine, {
      repository: 'app',
      package: 'draft',
      version: '0.1',
      asset: 'a',
      content: 'a',
      unfinished: true,
    });
    await engine.call('PutPackageOriginConfiguration', {
      domain,
      repository: 'app',
      format: 'npm',
      package: 'empty',
      restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
    });

    const first = listPackagesWithLatest(engine.ctx, { domain, repository: 'app', maxResults: 3 });
    const second = listPackagesWithLatest(engine.ctx, {
      domain,
      repository: 'app',
      maxResults: 3,
      nextToken: first.nextToken,
    });
    const listed = await engine.call('ListPackages', { domain, repository: 'app', maxResults: 3 });
    expect(first.packages.map(({ latestVersion: _latest, ...summary }) => summary)).toEqual(listed.packages);
    expect(second.nextToken).toBeUndefined();
    const rows = Object.fromEntries(
      [...first.packages, ...second.packages].map((entry) => [entry.package, entry.latestVersion]),
    );
    expect(rows).toEqual({
      pad: '1.1.0',
      empty: null,
      requests: '2.0',
      tool: '1',
      // Unfinished only: not a default display version, yet the newest version the package has.
      draft: '0.1',
    });
  });

  it('follows the latest dist-tag and status changes', async () => {
    engine = await openPackageEngine('app');
    for (const version of ['1.0.0', '2.0.0'])
      await publishGeneric(engine, {
        repository: 'app',
        package: 'cli',
        version,
        asset: 'a',
        content: version,
      });
    await engine.call('UpdatePackageVersionsStatus', {
      domain,
      repository: 'app',
      format: 'generic',
      namespace: 'tools',
      package: 'cli',
      versions: ['2.0.0'],
      targetStatus: 'Archived',
    });
    const page = listPackagesWithLatest(engine.ctx, { domain, repository: 'app' });
    expect(page.packages.map((entry) => entry.latestVersion)).toEqual(['1.0.0']);
  });

  it('refuses what ListPackages refuses, with its message', async () => {
    engine = await openPackageEngine('app');
    expect(() => listPackagesWithLatest(engine.ctx, { domain, repository: 'nope' })).toThrow(/nope/);
    expect(() => listPackagesWithLatest(engine.ctx, { domain, repository: 'app', maxResults: 0 })).toThrow(
      'maxResults must be an integer from 1 to 1000.',
    );
  });
});
