/**
 * `trash list|restore` on a stopped service's data directory: a deleted version is listed with its
 * id and purge time, restored by that id, and an unknown id is refused with exit status 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrashListing } from '../../src/shared/trash';
import { accountId, type EngineFixture } from '../engine/engine-fixture';
import { domain, openPackageEngine, publishFormat } from '../engine/packages/package-fixture';
import { runCli } from '../helpers/cli-run';
import { removeDir } from '../helpers/temp-dir';

let engine: EngineFixture;
let dataDir: string;
const target = (): string[] => ['--data-dir', dataDir, '--domain', domain, '--domain-owner', accountId];

beforeAll(async () => {
  engine = await openPackageEngine('libs');
  dataDir = engine.dataDir;
  await publishFormat(engine, { repository: 'libs', format: 'npm', package: 'widget', version: '1.0.0' });
  await engine.call('DeletePackageVersions', {
    domain,
    repository: 'libs',
    format: 'npm',
    package: 'widget',
    versions: ['1.0.0'],
  });
  await engine.store.close();
}, 60_000);

afterAll(async () => {
  if (dataDir) await removeDir(dataDir);
});

describe('artifact-desk trash', () => {
  it('lists a deleted version and restores it by id; an unknown id fails', async () => {
    const json = await runCli(['trash', 'list', ...target(), '--json']);
    expect(json.code, json.stderr).toBe(0);
    const listing = JSON.parse(json.stdout) as TrashListing;
    expect(
      listing.entries.map((entry) => `${entry.package}@${entry.version} in ${entry.repository}`),
    ).toEqual(['widget@1.0.0 in libs']);
    const id = String(listing.entries[0]?.id);
    const text = await runCli(['trash', 'list', ...target()]);
    expect(text.stdout).toContain(`${id.padStart(6)}  npm:widget@1.0.0 in libs (Published), purged `);
    const missing = await runCli(['trash', 'restore', ...target(), '--id', '999']);
    expect(missing.code, 'an unknown entry').toBe(1);
    expect(missing.stderr).toContain('Trash entry 999 does not exist');
    const restored = await runCli(['trash', 'restore', ...target(), '--id', id]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toBe('Restored npm:widget@1.0.0.\n');
    const after = await runCli(['trash', 'list', ...target(), '--json']);
    expect((JSON.parse(after.stdout) as TrashListing).entries).toEqual([]);
  }, 240_000);
});
