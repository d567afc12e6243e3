/**
 * `backup DEST` and `restore BACKUP`. A backup works on a running service (asked through its control
 * endpoint, so writes carry on) or, when none holds the data directory, on the directory itself.
 * A restore writes a new data directory and needs no service: it refuses a target that is not empty.
 */
import path from 'node:path';
import { createBackup, type BackupReport } from '../backup/create-backup';
import { BackupError } from '../backup/backup-files';
import { restoreBackup } from '../backup/restore-backup';
import { callControl, readControlFile } from '../service/control-endpoint';
import { openStore, StoreLockedError } from '../store';
import { migrations } from '../store/migrations';
import { CommandFailedError, defineCommand } from './command-line';
import { dataDirFrom, dataDirOption } from './serve-command';

function progressPrinter(what: string): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    if (percent !== shown && (percent % 10 === 0 || done === total)) {
      shown = percent;
      process.stderr.write(`${what}: ${done}/${total} files (${percent}%)\n`);
    }
  };
}

function notCopiedLines(entries: BackupReport['notCopied'], note: string): string[] {
  if (entries.length === 0) return [];
  return [
    `${entries.length} file(s) ${note}:`,
    ...entries.map((entry) => `  ${entry.domain} ${entry.sha256}: ${entry.detail}`),
  ];
}

async function backupOf(dataDir: string, destination: string): Promise<BackupReport> {
  const progress = progressPrinter('backup');
  let store;
  try {
    store = await openStore({ dataDir, migrations });
  } catch (error) {
    if (!(error instanceof StoreLockedError)) throw new CommandFailedError((error as Error).message, 2);
    // A running service holds the directory: it makes the backup, between its own writes.
    const control = readControlFile(dataDir);
    if (!control) {
      throw new CommandFailedError(
        `${error.message}; it offers no control endpoint (control.json), so back up from the app that holds it`,
        2,
      );
    }
    process.stderr.write(`backup: asking the service at ${control.url} (pid ${control.pid})\n`);
    try {
      return (await callControl(control, 'backup', { destination }, progress)) as BackupReport;
    } catch (failure) {
      throw new CommandFailedError((failure as Error).message, 1);
    }
  }
  try {
    return await createBackup(store, destination, progress);
  } catch (failure) {
    if (failure instanceof BackupError) throw new CommandFailedError(failure.message, 1);
    throw failure;
  } finally {
    await store.close();
  }
}

export const backupCommand = defineCommand({
  name: 'backup',
  summary: 'Writes a consistent backup of a data directory, also while the service runs.',
  description:
    'Copies the database at one point in time, every asset file it refers to (each checked against its SHA-256) and the identity (account id, region, access key) into DEST, a new or empty folder; a manifest written last marks the backup complete. When a service holds the data directory, it makes the backup itself and keeps answering requests meanwhile. Files already damaged or missing are listed and the exit status is 1.',
  options: { 'data-dir': dataDirOption },
  positionals: [{ name: 'DEST', help: 'a new or empty folder to write the backup into' }],
  async run({ values, positionals }) {
    // Resolved here: a running service would resolve a relative path against its own folder.
    const destination = path.resolve(positionals[0] ?? '');
    const report = await backupOf(dataDirFrom(values['data-dir']), destination);
    process.stdout.write(
      [
        `Backed up every transaction up to #${report.seq}: ${report.blobs} file(s), ${report.bytes} bytes, in ${report.destination}.`,
        ...notCopiedLines(report.notCopied, 'were already damaged or missing and are not in the backup'),
        '',
      ].join('\n'),
    );
    if (report.notCopied.length > 0) process.exitCode = 1;
  },
});

export const restoreCommand = defineCommand({
  name: 'restore',
  summary: 'Restores a backup into a new or empty data directory.',
  description:
    'Checks every file of the backup against its digest, opens the result once to prove it loads and refers to no missing file, and only then moves it into place as the data directory (which must not exist or be empty). Start the service on it afterwards.',
  options: { 'data-dir': dataDirOption },
  positionals: [{ name: 'BACKUP', help: 'the backup folder (it holds artifact-desk-backup.json)' }],
  async run({ values, positionals }) {
    const source = positionals[0] ?? '';
    let report;
    try {
      report = await restoreBackup(source, dataDirFrom(values['data-dir']), progressPrinter('restore'));
    } catch (error) {
      if (error instanceof BackupError) throw new CommandFailedError(error.message, 1);
      throw error;
    }
    process.stdout.write(
      [
        `Restored the backup of ${report.createdTime} (every transaction up to #${report.seq}, ${report.blobs} file(s), ${report.bytes} bytes) into ${report.dataDir}.`,
        ...notCopiedLines(
          report.notCopied,
          'were damaged or missing when the backup was taken (verify lists them)',
        ),
        '',
      ].join('\n'),
    );
  },
});
