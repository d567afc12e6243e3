/**
 * Repository diff and promotion: the diff lists versions only in one repository and versions whose
 * assets differ, narrowed by a package group pattern; promotion copies with CopyPackageVersions'
 * rules, and its dry run answers per version what the copy would without writing anything.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffRepositories, promoteVersions } from '../../../src/main/engine/package-versions/repository-diff';
import type { EngineFixture } from '../engine-fixture';
import { domain, openPackageEngine, publishFormat } from './package-fixture';

let engine: EngineFixture;
const pair = { domain, sourceRepository: 'staging', destinationRepository: 'release' };

function lines(entries: readonly { package: string; version: string; outcome?: string }[]): string[] {
  return entries.map(
    (entry) => `${entry.package}@${entry.version}${entry.outcome ? `:${entry.outcome}` : ''}`,
  );
}

beforeEach(async () => {
  engine = await openPackageEngine('staging', 'release');
  for (const version of ['1.0.0', '1.1.0'])
    await publishFormat(engine, { repository: 'staging', format: 'npm', package: 'widget', version });
  await publishFormat(engine, { repository: 'staging', format: 'npm', package: 'gadget', version: '2.0.0' });
  await publishFormat(engine, { repository: 'release', format: 'npm', package: 'widget', version: '1.0.0' });
  await publishFormat(engine, {
    repository: 'release',
    format: 'npm',
    package: 'gadget',
    version: '2.0.0',
    assets: [{ name: 'gadget-2.0.0.bin', content: 'other bytes' }],
  });
  await publishFormat(engine, { repository: 'release', format: 'npm', package: 'old', version: '0.1.0' });
});
afterEach(async () => engine.close());

describe('repository diff', () => {
  it('lists versions only in each repository and versions with different assets', () => {
    const diff = diffRepositories(engine.ctx, pair);
    expect(lines(diff.onlyInSource)).toEqual(['widget@1.1.0']);
    expect(lines(diff.onlyInDestination)).toEqual(['old@0.1.0']);
    expect(lines(diff.differing)).toEqual(['gadget@2.0.0']);
  });

  it('narrows to the packages a package group pattern matches', () => {
    const diff = diffRepositories(engine.ctx, { ...pair, packageGroup: '/npm//gadget$' });
    expect(diff.onlyInSource).toEqual([]);
    expect(lines(diff.differing)).toEqual(['gadget@2.0.0']);
  });
});

describe('promotion', () => {
  it('previews with CopyPackageVersions semantics and writes nothing in a dry run', async () => {
    const preview = await promoteVersions(engine.ctx, {
      ...pair,
      dryRun: true,
      versions: [
        { format: 'npm', package: 'widget', version: '1.0.0' },
        { format: 'npm', package: 'widget', version: '1.1.0' },
        { format: 'npm', package: 'widget', version: '9.9.9' },
      ],
    });
    expect(lines(preview.outcomes)).toEqual([
      'widget@1.0.0:ALREADY_EXISTS',
      'widget@1.1.0:WOULD_COPY',
      'widget@9.9.9:NOT_FOUND',
    ]);
    expect(lines(diffRepositories(engine.ctx, pair).onlyInSource), 'a dry run writes nothing').toEqual([
      'widget@1.1.0',
    ]);
  });

  it('promotes everything only in the source when no versions are named, then the diff is empty of them', async () => {
    const done = await promoteVersions(engine.ctx, pair);
    expect(lines(done.outcomes)).toEqual(['widget@1.1.0:COPIED']);
    const after = diffRepositories(engine.ctx, pair);
    expect(after.onlyInSource).toEqual([]);
    const overwrite = await promoteVersions(engine.ctx, {
      ...pair,
      allowOverwrite: true,
      dryRun: true,
      versions: [
        { format: 'npm', package: 'gadget', version: '2.0.0' },
        { format: 'npm', package: 'widget', version: '1.1.0' },
      ],
    });
    expect(lines(overwrite.outcomes)).toEqual(['gadget@2.0.0:WOULD_COPY', 'widget@1.1.0:SKIPPED']);
  });
});
