/**
 * Package search across domains and repositories (the search screen and command palette): a name
 * fragment matches anywhere in the name or `namespace/name`, case-insensitively; exact and prefix
 * matches come first; format and domain narrow it; more matches than asked for say so; bad input is
 * refused with a plain message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { searchPackages } from '../../../src/main/engine/packages/search-packages';
import type { EngineFixture } from '../engine-fixture';
import { domain, openPackageEngine, publishFormat, publishGeneric } from './package-fixture';

let engine: EngineFixture;
afterEach(async () => engine.close());

const names = (result: ReturnType<typeof searchPackages>): string[] =>
  result.packages.map(
    (hit) =>
      `${hit.domain}/${hit.repository}/${hit.format}/${hit.namespace ? `${hit.namespace}/` : ''}${hit.package}`,
  );

describe('searchPackages', () => {
  it('finds a name fragment in every repository and domain, best matches first', async () => {
    engine = await openPackageEngine('store', 'app');
    await engine.call('CreateDomain', { domain: 'other' });
    await engine.call('CreateRepository', { domain: 'other', repository: 'mirror' });
    await publishFormat(engine, {
      repository: 'store',
      format: 'npm',
      package: 'left-pad',
      version: '1.0.0',
    });
    await publishFormat(engine, { repository: 'app', format: 'npm', package: 'pad', version: '1.0.0' });
    await publishFormat(engine, { repository: 'app', format: 'npm', package: 'pad', version: '1.1.0' });
    await publishFormat(engine, { repository: 'app', format: 'pypi', package: 'padding', version: '2.0' });
    await publishFormat(engine, {
      repository: 'app',
      format: 'npm',
      namespace: 'acme',
      package: 'ui-kit',
      version: '1.0.0',
    });
    await publishGeneric(engine, {
      repository: 'app',
      package: 'unrelated',
      version: '1',
      asset: 'a',
      content: 'a',
    });
    await engine.call('PutPackageOriginConfiguration', {
      domain: 'other',
      repository: 'mirror',
      format: 'npm',
      package: 'PAD-tools',
      restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
    });

    const all = searchPackages(engine.ctx, { query: '  PAD ' });
    expect(names(all), 'exact name first, then prefixes, then the rest').toEqual([
      `${domain}/app/npm/pad`,
      'other/mirror/npm/PAD-tools',
      `${domain}/app/pypi/padding`,
      `${domain}/store/npm/left-pad`,
    ]);
    expect(all.packages[0]?.versionCount).toBe(2);
    expect(all.packages[1]?.versionCount, 'a package with no version yet is found too').toBe(0);
    expect(all.truncated).toBe(false);

    expect(names(searchPackages(engine.ctx, { query: 'pad', format: 'pypi' }))).toEqual([
      `${domain}/app/pypi/padding`,
    ]);
    expect(names(searchPackages(engine.ctx, { query: 'pad', domain: 'other' }))).toEqual([
      'other/mirror/npm/PAD-tools',
    ]);
    expect(
      names(searchPackages(engine.ctx, { query: '@acme/ui' })),
      'an npm scope as people write it',
    ).toEqual([`${domain}/app/npm/acme/ui-kit`]);
    const two = searchPackages(engine.ctx, { query: 'pad', maxResults: 2 });
    expect(two.packages).toHaveLength(2);
    expect(two.truncated).toBe(true);
    expect(searchPackages(engine.ctx, { query: 'nothing-like-it' })).toEqual({
      packages: [],
      truncated: false,
    });
  });

  it('refuses an empty query, an unknown format and a bad limit with plain messages', async () => {
    engine = await openPackageEngine('app');
    expect(() => searchPackages(engine.ctx, { query: '   ' })).toThrow(/Type part of a package name/);
    expect(() => searchPackages(engine.ctx, { query: 'x', format: 'rpm' })).toThrow(
      /'rpm' is not a package format/,
    );
    expect(() => searchPackages(engine.ctx, { query: 'x', maxResults: 0 })).toThrow(/from 1 to 200/);
    expect(() => searchPackages(engine.ctx, { query: 'x'.repeat(256) })).toThrow(/at most 255/);
  });
});
