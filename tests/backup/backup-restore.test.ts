/**
 * Backup and restore. A backup taken while versions are being published and deleted restores to a
 * data directory that passes verify and holds every version acknowledged before the backup began,
 * each asset with the bytes it was published with; files deleted while the backup copies are still
 * in it. Restore refuses an incomplete or damaged backup and a target that is not empty, leaving the
 * target untouched. The command line backs up a running `serve` through its control endpoint.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { storeAssetBlob } from '../../src/main/engine/assets/asset-blobs';
import { verifyStore } from '../../src/main/engine/assets/verify-store';
import type { EngineContext } from '../../src/main/engine/context';
import { publishFormatVersion } from '../../src/main/engine/package-versions/publish-format-version';
import { restoreBackup } from '../../src/main/backup/restore-backup';
import { restoreInPlace } from '../../src/main/desktop/restore-in-place';
import { createAppOperations } from '../../src/main/ipc/app-operations';
import { startService, type RunningService } from '../../src/main/service/service';
import { openStore } from '../../src/main/store';
import { migrations } from '../../src/main/store/migrations';
import { readAll, sha256Hex } from '../helpers/packages';
import { startServe } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const run = promisify(execFile);
const accountId = '123456789012';

function engine(service: RunningService): EngineContext {
  return {
    store: service.store,
    config: { accountId, region: service.region, endpointUrl: () => service.url },
    now: () => new Date(),
  };
}

const contentOf = (version: string) => `content of version ${version}\n`.repeat(50);

async function publish(service: RunningService, version: string): Promise<void> {
  const ctx = engine(service);
  const blob = await storeAssetBlob(ctx, 'bk', Readable.from([Buffer.from(contentOf(version))]));
  await publishFormatVersion(ctx, {
    domain: 'bk',
    repository: 'repo',
    format: 'generic',
    namespace: 'ns',
    package: 'pkg',
    version,
    assets: [{ name: `file-${version}.bin`, blob }],
  });
}

/** Every stored version's assets as `version/asset=sha256`, read straight from a data directory. */
async function storedAssets(dataDir: string): Promise<Map<string, string>> {
  const store = await openStore({ dataDir, migrations });
  try {
    const rows = store.read((db) =>
      db.all<{ version: string; asset: string; sha256: string }>(
        `SELECT v.version, a.name AS asset, lower(hex(a.sha256)) AS sha256 FROM package_version_assets a
         JOIN package_versions v ON v.id = a.version_id`,
      ),
    );
    return new Map(rows.map((row) => [row.version, `${row.asset}=${row.sha256}`]));
  } finally {
    await store.close();
  }
}

describe('backup and restore', () => {
  it('a backup taken during writes restores to a verified store holding every write acknowledged before it', async () => {
    const root = await makeTempDir('artifact-desk-backup-');
    const dataDir = path.join(root, 'data');
    const backupDir = path.join(root, 'backup');
    const restoredDir = path.join(root, 'restored');
    try {
      const service = await startService({ dataDir, port: 0, accountId });
      const acknowledged: string[] = [];
      try {
        await service.invoke('CreateDomain', { domain: 'bk' });
        await service.invoke('CreateRepository', { domain: 'bk', repository: 'repo' });
        for (let n = 1; n <= 12; n++) {
          await publish(service, `1.${n}`);
          acknowledged.push(`1.${n}`);
        }
        const beforeBackup = [...acknowledged];
        // A writer publishes through the whole backup. Once the backup has taken its point in time
        // (its first progress report, which holds the copying until it settles), versions it holds
        // are deleted while no upload is open, so their files lose their last reference before the
        // backup copies them.
        let writing = true;
        let series = 2;
        const startWriter = () =>
          (async () => {
            const prefix = series++;
            for (let n = 1; writing; n++) {
              await publish(service, `${prefix}.${n}`);
              acknowledged.push(`${prefix}.${n}`);
            }
          })();
        let writer = startWriter();
        let deleted = false;
        const report = await service.backup(backupDir, async () => {
          if (deleted) return;
          deleted = true;
          writing = false;
          await writer;
          await service.invoke('DeletePackageVersions', {
            domain: 'bk',
            repository: 'repo',
            format: 'generic',
            namespace: 'ns',
            package: 'pkg',
            versions: ['1.1', '1.2', '1.3'],
          });
          writing = true;
          writer = startWriter();
        });
        writing = false;
        await writer;
        expect(report.notCopied, 'every file of the point in time was copied').toEqual([]);
        expect(report.blobs).toBeGreaterThanOrEqual(12);

        const restored = await restoreBackup(backupDir, restoredDir);
        expect(restored.seq).toBe(report.seq);
        const assets = await storedAssets(restoredDir);
        for (const version of beforeBackup) {
          expect(assets.get(version), `version ${version}, acknowledged before the backup, is restored`).toBe(
            `file-${version}.bin=${sha256Hex(contentOf(version))}`,
          );
        }
        for (const [version, asset] of assets) {
          expect(asset, `restored version ${version} has the bytes it was published with`).toBe(
            `file-${version}.bin=${sha256Hex(contentOf(version))}`,
          );
        }
      } finally {
        await service.stop();
      }

      const again = await startService({ dataDir: restoredDir, port: 0 });
      try {
        expect(again.accountId, 'the identity comes back with the data').toBe(accountId);
        const verified = await verifyStore(engine(again) as Parameters<typeof verifyStore>[0]);
        expect(verified.findings, 'the restored store passes verify').toEqual([]);
        const download = await again.invoke('GetPackageVersionAsset', {
          domain: 'bk',
          repository: 'repo',
          format: 'generic',
          namespace: 'ns',
          package: 'pkg',
          packageVersion: '1.4',
          asset: 'file-1.4.bin',
        });
        expect((await readAll(download.asset as Readable)).toString()).toBe(contentOf('1.4'));
      } finally {
        await again.stop();
      }
    } finally {
      await removeDir(root);
    }
  });

  it('refuses a destination that is not empty, and restores nothing from an incomplete or damaged backup', async () => {
    const root = await makeTempDir('artifact-desk-backup-refusals-');
    const dataDir = path.join(root, 'data');
    const backupDir = path.join(root, 'backup');
    const target = path.join(root, 'target');
    try {
      const service = await startService({ dataDir, port: 0, accountId });
      try {
        await service.invoke('CreateDomain', { domain: 'bk' });
        await service.invoke('CreateRepository', { domain: 'bk', repository: 'repo' });
        await publish(service, '1.0');
        const occupied = path.join(root, 'occupied');
        await mkdir(occupied);
        await writeFile(path.join(occupied, 'keep.txt'), 'mine');
        await expect(service.backup(occupied), 'a folder with files in it').rejects.toThrow(/is not empty/);
        expect(await readdir(occupied), 'the folder is left as it was').toEqual(['keep.txt']);
        await expect(
          service.backup(path.join(dataDir, 'inside')),
          'inside the data directory',
        ).rejects.toThrow(/must be outside/);
        await service.backup(backupDir);
      } finally {
        await service.stop();
      }

      // A blob file of the backup damaged: the restore stops and the target does not appear.
      const [blob] = (await readdir(path.join(backupDir, 'blobs', 'bk', 'sha256'), { recursive: true }))
        .map(String)
        .filter((name) => name.length > 10);
      const blobPath = path.join(backupDir, 'blobs', 'bk', 'sha256', blob!);
      const original = await readFile(blobPath);
      await writeFile(blobPath, Buffer.alloc(original.length, 0x41));
      await expect(restoreBackup(backupDir, target)).rejects.toThrow(/A file of the backup is damaged/);
      expect(await readdir(root), 'no target and no staging folder are left').toEqual([
        'backup',
        'data',
        'occupied',
      ]);
      await writeFile(blobPath, original);

      // Without the manifest (a backup cut short), nothing is restored.
      const manifest = path.join(backupDir, 'artifact-desk-backup.json');
      const manifestText = await readFile(manifest);
      await rm(manifest);
      await expect(restoreBackup(backupDir, target)).rejects.toThrow(/is not a complete backup/);
      await writeFile(manifest, manifestText);

      // A target that already holds data is never overwritten.
      await expect(restoreBackup(backupDir, dataDir)).rejects.toThrow(/is not empty/);
      await restoreBackup(backupDir, target);
      expect((await storedAssets(target)).get('1.0')).toBe(`file-1.0.bin=${sha256Hex(contentOf('1.0'))}`);
    } finally {
      await removeDir(root);
    }
  });

  it('artifact-desk backup copies a running serve without stopping it, and restore brings it back', async () => {
    const root = await makeTempDir('artifact-desk-backup-cli-');
    const dataDir = path.join(root, 'data');
    const backupDir = path.join(root, 'backup');
    const restoredDir = path.join(root, 'restored');
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', ...args]).then(
        (result) => ({ code: 0, stdout: result.stdout, stderr: result.stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({
          code: error.code,
          stdout: error.stdout,
          stderr: error.stderr,
        }),
      );
    const serve = await startServe({ dataDir, accountId, args: ['--no-client-config'] });
    try {
      const client = serve.client();
      const { CreateDomainCommand, CreateRepositoryCommand, ListRepositoriesCommand } =
        await import('@aws-sdk/client-codeartifact');
      await client.send(new CreateDomainCommand({ domain: 'bk' }));
      await client.send(new CreateRepositoryCommand({ domain: 'bk', repository: 'before-backup' }));
      const backedUp = await cli('backup', backupDir, '--data-dir', dataDir);
      expect(backedUp.stderr, 'the CLI asked the running service').toContain('asking the service at');
      expect(backedUp.code, backedUp.stderr).toBe(0);
      expect(backedUp.stdout).toMatch(/^Backed up every transaction up to #\d+/);
      // The service kept serving and writing.
      await client.send(new CreateRepositoryCommand({ domain: 'bk', repository: 'after-backup' }));
      const listed = await client.send(new ListRepositoriesCommand({}));
      expect(listed.repositories?.map((r) => r.name).sort()).toEqual(['after-backup', 'before-backup']);
    } finally {
      await serve.stop();
    }
    try {
      const restored = await cli('restore', backupDir, '--data-dir', restoredDir);
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toContain(`into ${restoredDir}`);
      const store = await openStore({ dataDir: restoredDir, migrations });
      try {
        const verified = await verifyStore({
          store,
          config: { accountId, region: 'us-east-1', endpointUrl: () => '' },
          now: () => new Date(),
        });
        expect(verified.findings, 'the restored store passes verify').toEqual([]);
        const names = store.read((db) => db.all<{ name: string }>('SELECT name FROM repositories'));
        expect(
          names.map((row) => row.name),
          'the backup holds the point in time it was taken at',
        ).toEqual(['before-backup']);
      } finally {
        await store.close();
      }
    } finally {
      await removeDir(root);
    }
  }, 180_000);

  it('the desktop restore swaps the restored data in and keeps the replaced data beside it', async () => {
    const root = await makeTempDir('artifact-desk-restore-in-place-');
    const dataDir = path.join(root, 'data');
    const backupDir = path.join(root, 'backup');
    try {
      const service = await startService({ dataDir, port: 0, accountId });
      await service.invoke('CreateDomain', { domain: 'bk' });
      await service.invoke('CreateRepository', { domain: 'bk', repository: 'in-backup' });
      const app = createAppOperations({
        status: () => service.status(),
        credentials: () => service.credentials,
        rotateCredentials: () => service.credentials,
        backup: (destination) => service.backup(destination),
      });
      await expect(app['app.backup']({ destination: 'relative/folder' })).rejects.toThrow(/absolute path/);
      await expect(app['app.restore']({ source: backupDir }), 'the console cannot restore').rejects.toThrow(
        /artifact-desk restore/,
      );
      const answer = await app['app.backup']({ destination: backupDir });
      expect(answer.destination).toBe(backupDir);
      await service.invoke('CreateRepository', { domain: 'bk', repository: 'after-backup' });
      const swapped = await restoreInPlace(backupDir, dataDir, () => service.stop());
      expect(await storedRepositories(dataDir)).toEqual(['in-backup']);
      expect(await storedRepositories(swapped.previousDataKeptAt), 'the replaced data is kept').toEqual([
        'after-backup',
        'in-backup',
      ]);
    } finally {
      await removeDir(root);
    }
  });
});

async function storedRepositories(dataDir: string): Promise<string[]> {
  const store = await openStore({ dataDir, migrations });
  try {
    return store
      .read((db) => db.all<{ name: string }>('SELECT name FROM repositories ORDER BY name'))
      .map((row) => row.name);
  } finally {
    await store.close();
  }
}
