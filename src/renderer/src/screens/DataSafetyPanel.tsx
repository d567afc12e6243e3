/**
 * The settings screen's data safety section: back up the running data directory into a folder (the
 * service keeps answering meanwhile) and, in the desktop app, restore one (the app restarts on it;
 * the data it replaces is kept beside it), and verify every stored file (VerifyStoreSection).
 * Progress shows in the jobs panel.
 */
import { useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { FolderForm } from '../components/FolderForm';
import { formatBytes, plural } from '../lib/format';
import { useApp } from '../store/store-context';
import { VerifyStoreSection } from './VerifyStoreSection';

export function DataSafetyPanel({ desktop }: { desktop: boolean }): React.JSX.Element {
  const backup = useApp((state) => state.backup);
  const restore = useApp((state) => state.restore);
  const runBackup = useApp((state) => state.runBackup);
  const runRestore = useApp((state) => state.runRestore);
  // The folder a restore waits for confirmation on.
  const [source, setSource] = useState<string | undefined>();
  const result = backup.value;

  return (
    <section className="settings-section" data-testid="data-safety-section">
      <h3>Backups</h3>
      <p className="muted small">
        A backup holds the database at one moment and every file it refers to, checked against its SHA-256,
        plus the account and access key. It is taken while the service keeps running.
      </p>
      <FolderForm
        label="Back up into (a new or empty folder, absolute path)"
        actionLabel="Back up"
        busyLabel="Backing up…"
        busy={backup.status === 'loading'}
        inputTestId="backup-destination"
        buttonTestId="backup-start"
        onSubmit={(destination) => void runBackup(destination)}
      />
      <ErrorMessage error={backup.error} testId="backup-error" />
      {result && (
        <p data-testid="backup-result" role="status">
          Backed up every change up to #{result.seq}: {plural(result.blobs, 'file')},{' '}
          {formatBytes(result.bytes)}, in <code>{result.destination}</code>.
          {result.notCopied.length > 0 &&
            ` ${plural(result.notCopied.length, 'file')} were already damaged or missing and are not in it.`}
        </p>
      )}

      {desktop ? (
        <FolderForm
          label="Restore from (a backup folder)"
          actionLabel="Restore…"
          busy={restore.status === 'loading'}
          danger
          inputTestId="restore-source"
          buttonTestId="restore-start"
          onSubmit={setSource}
        />
      ) : (
        <p className="muted small" data-testid="restore-hint">
          To restore, stop <code>artifact-desk serve</code> and run{' '}
          <code>artifact-desk restore BACKUP --data-dir DIR</code> into a new or empty folder.
        </p>
      )}
      <ErrorMessage error={restore.error} testId="restore-error" />
      {restore.value && (
        <p data-testid="restore-result" role="status">
          Restored; the app restarts on the restored data. The previous data is kept in{' '}
          <code>{restore.value.previousDataKeptAt}</code>.
        </p>
      )}
      {source !== undefined && (
        <ConfirmDialog
          title="Restore this backup?"
          confirmLabel="Restore and restart"
          danger
          onClose={() => setSource(undefined)}
          onConfirm={async () => {
            await runRestore(source);
          }}
        >
          <p>
            The backup is checked and restored beside the current data first. Then the service stops, the
            current data directory is renamed aside (not deleted) and the app restarts on the restored data.
          </p>
        </ConfirmDialog>
      )}
      <VerifyStoreSection />
    </section>
  );
}
