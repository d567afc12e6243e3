/**
 * `diff` and `promote` on a stopped service's data directory: the diff in text and JSON, a dry run
 * that previews with CopyPackageVersions' answers and writes nothing, then the promotion itself, and
 * a version argument that is not FORMAT:NAME@VERSION refused with the usage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PromotionResult, RepositoryDiff } from '../../src/shared/app-operations';
import { accountId, type EngineFixture } from '../engine/engine-fixture';
import { domain, openPackageEngine, publishFormat } from '../engine/packages/package-fixture';
import { runCli } from '../helpers/cli-run';
import { removeDir } from '../helpers/temp-dir';

let engine: EngineFixture;
let dataDir: string;

const cli = runCli;

const pair = (): string[] => [
  '--data-dir',
  dataDir,
  '--domain',
  domain,
  '--domain-owner',
  accountId,
  '--source',
  'staging',
  '--destination',
  'release',
];

beforeAll(async () => {
  engine = await openPackageEngine('staging', 'release');
  dataDir = engine.dataDir;
  for (const version of ['1.0.0', '1.1.0'])
    await publishFormat(engine, { repository: 'staging', format: 'npm', package: 'widget', version });
  await publishFormat(engine, { repository: 'release', format: 'npm', package: 'widget', version: '1.0.0' });
  await publishFormat(engine, {
    repository: 'staging',
    format: 'npm',
    namespace: 'acme',
    package: 'gadget',
    version: '2.0.0',
  });
  await publishFormat(engine, {
    repository: 'release',
    format: 'npm',
    namespace: 'acme',
    package: 'gadget',
    version: '2.0.0',
    assets: [{ name: 'gadget-2.0.0.bin', content: 'other bytes' }],
  });
  await engine.store.close();
}, 60_000);

afterAll(async () => {
  if (dataDir) await removeDir(dataDir);
});

describe('artifact-desk diff and promote', () => {
  it('diff names versions only in the source and versions with different assets, in text and JSON', async () => {
    const text = await cli(['diff', ...pair()]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Only in staging (1):\n  npm:widget@1.1.0 (Published)');
    expect(text.stdout).toContain('Only in release (0):');
    expect(text.stdout).toContain('In both with different assets (1):\n  npm:@acme/gadget@2.0.0 (Published)');
    const json = await cli(['diff', ...pair(), '--json', '--package-group', '/npm/acme/*']);
    expect(json.code, json.stderr).toBe(0);
    const diff = JSON.parse(json.stdout) as RepositoryDiff;
    expect(diff.onlyInSource, 'the package group leaves widget out').toEqual([]);
    expect(diff.differing.map((v) => `${v.namespace}/${v.package}@${v.version}`)).toEqual([
      'acme/gadget@2.0.0',
    ]);
  }, 240_000);

  it('promote --dry-run previews per version and writes nothing; promote then copies', async () => {
    const preview = await cli([
      'promote',
      ...pair(),
      '--dry-run',
      '--json',
      '--version',
      'npm:widget@1.1.0',
      '--version',
      'npm:@acme/gadget@2.0.0',
    ]);
    expect(preview.code, 'a preview with a version that would not be copied exits 1').toBe(1);
    const result = JSON.parse(preview.stdout) as PromotionResult;
    expect(result.dryRun).toBe(true);
    expect(result.outcomes.map((o) => `${o.package}@${o.version}:${o.outcome}`)).toEqual([
      'widget@1.1.0:WOULD_COPY',
      'gadget@2.0.0:ALREADY_EXISTS',
    ]);
    const promoted = await cli(['promote', ...pair()]);
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(promoted.stdout).toContain('Copied 1 of 1 version(s) from staging to release.');
    expect(promoted.stdout).toMatch(/COPIED +npm:widget@1\.1\.0/);
    const after = await cli(['diff', ...pair(), '--json']);
    expect(
      (JSON.parse(after.stdout) as RepositoryDiff).onlyInSource,
      'promoted versions are in both',
    ).toEqual([]);
  }, 360_000);

  it('refuses a --version that is not FORMAT:NAME@VERSION, with the usage', async () => {
    const result = await cli(['promote', ...pair(), '--version', 'widget-1.1.0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--version 'widget-1.1.0' is not FORMAT:[NAMESPACE/]NAME@VERSION");
    expect(result.stderr).toContain('Usage: artifact-desk promote');
  }, 120_000);
});
