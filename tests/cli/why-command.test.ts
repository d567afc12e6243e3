/**
 * The `why` command prints the resolution trace as JSON for a data directory whose service is
 * stopped: here an Unlisted upstream version that a range passes over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolutionTrace } from '../../src/shared/app-operations';
import { accountId, openEngine, type EngineFixture } from '../engine/engine-fixture';
import { publishFormat } from '../engine/packages/package-fixture';
import { runCli, type CliRun } from '../helpers/cli-run';
import { removeDir } from '../helpers/temp-dir';

let engine: EngineFixture;
let dataDir: string;

function why(args: string[]): Promise<CliRun> {
  return runCli(['why', '--data-dir', dataDir, ...args]);
}

beforeAll(async () => {
  engine = await openEngine();
  dataDir = engine.dataDir;
  await engine.call('CreateDomain', { domain: 'acme' });
  await engine.call('CreateRepository', { domain: 'acme', repository: 'store' });
  await engine.call('CreateRepository', {
    domain: 'acme',
    repository: 'app',
    upstreams: [{ repositoryName: 'store' }],
  });
  for (const version of ['1.0.0', '1.5.0'])
    await publishFormat(engine, { repository: 'store', format: 'npm', package: 'widget', version });
  await engine.call('UpdatePackageVersionsStatus', {
    domain: 'acme',
    repository: 'store',
    format: 'npm',
    package: 'widget',
    versions: ['1.5.0'],
    targetStatus: 'Unlisted',
  });
  await engine.store.close();
}, 60_000);

afterAll(async () => {
  if (dataDir) await removeDir(dataDir);
});

describe('artifact-desk why', () => {
  it('prints the trace as JSON', async () => {
    const result = await why([
      '--domain',
      'acme',
      '--domain-owner',
      accountId,
      '--repository',
      'app',
      '--format',
      'npm',
      '--package',
      'widget',
      '--version',
      '^1.0.0',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const trace = JSON.parse(result.stdout) as ResolutionTrace;
    expect(trace.answer).toMatchObject({ version: '1.0.0', repository: 'store', source: 'upstream' });
    expect(trace.candidates.find((candidate) => candidate.version === '1.5.0')?.reason).toMatch(
      /^Unlisted: not listed/,
    );
  }, 120_000);

  it('names a repository that does not exist, with exit status 1', async () => {
    const result = await why([
      '--domain',
      'acme',
      '--domain-owner',
      accountId,
      '--repository',
      'nope',
      '--format',
      'npm',
      '--package',
      'widget',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ResourceNotFoundException: .*nope/);
  }, 120_000);
});
