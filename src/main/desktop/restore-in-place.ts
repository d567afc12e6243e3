/**
 * Restore in the desktop app: the backup is restored beside the data directory first (checked file
 * by file and opened once, see restore-backup.ts) while the service keeps running; only then is the
 * service stopped, the current data directory renamed aside (never deleted) and the restored one
 * moved to its name. The app then restarts on it.
 */
import { rename } from 'node:fs/promises';
import { restoreBackup, type RestoreReport } from '../backup/restore-backup';
import { fsyncDir } from '../store/durable-fs';
import { dirname } from 'node:path';

export interface RestoreInPlace {
  readonly report: RestoreReport;
  /** Where the data directory as it was before is kept. */
  readonly previousDataKeptAt: string;
}

export async function restoreInPlace(
  source: string,
  dataDir: string,
  stopService: () => Promise<void>,
  onProgress?: (done: number, total: number) => void,
  now: Date = new Date(),
): Promise<RestoreInPlace> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const restored = `${dataDir}.restored-${stamp}`;
  const previousDataKeptAt = `${dataDir}.before-restore-${stamp}`;
  const report = await restoreBackup(source, restored, onProgress);
  await stopService();
  await rename(dataDir, previousDataKeptAt);
  await rename(restored, dataDir);
  await fsyncDir(dirname(dataDir));
  return { report: { ...report, dataDir }, previousDataKeptAt };
}
