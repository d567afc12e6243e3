/**
 * A domain's trash: the versions deleted from its repositories (newest first), when each is purged,
 * and Restore or Delete forever. A version published again since its delete cannot be restored over
 * the newer one; its row says so and Restore is disabled.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { StatusChip } from '../components/StatusChip';
import { formatBytes, formatDate } from '../lib/format';
import type { TrashEntry } from '../../../shared/trash';
import { toUiError, type UiError } from '../store/load-state';
import { displayPackageName } from '../store/refs';
import { useApp } from '../store/store-context';

export function TrashPanel({ domain }: { domain: string }): React.JSX.Element {
  const trash = useApp((state) => state.trash);
  const loadTrash = useApp((state) => state.loadTrash);
  const restoreTrash = useApp((state) => state.restoreTrash);
  const purgeTrash = useApp((state) => state.purgeTrash);
  const [error, setError] = useState<UiError>();
  const [busy, setBusy] = useState<number>();
  const [purging, setPurging] = useState<TrashEntry>();
  useEffect(() => {
    void loadTrash(domain);
  }, [domain, loadTrash]);
  const current = trash?.domain === domain ? trash : undefined;
  if (current?.status === 'error') return <ErrorMessage error={current.error} />;
  const listing = current?.value;
  if (!listing) return <Loading label="Reading the trash…" />;
  const act = async (id: number, action: () => Promise<void>): Promise<void> => {
    setBusy(id);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(toUiError(caught));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <div data-testid="domain-trash">
      <p className="muted">
        {listing.retentionDays === 0
          ? 'The trash is off (Settings): deleted versions are not kept.'
          : `Deleted versions stay here for ${listing.retentionDays} ${listing.retentionDays === 1 ? 'day' : 'days'}, then their files are released. Disposed versions are never kept: their files are already gone.`}
      </p>
      <ErrorMessage error={error} />
      {listing.entries.length === 0 ? (
        <EmptyState title="The trash is empty" testId="trash-empty" />
      ) : (
        <table className="table" data-testid="trash-table">
          <thead>
            <tr>
              <th scope="col">Package</th>
              <th scope="col">Version</th>
              <th scope="col">Repository</th>
              <th scope="col">Status</th>
              <th scope="col">Size</th>
              <th scope="col">Deleted</th>
              <th scope="col">Purged</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {listing.entries.map((entry) => (
              <tr key={entry.id} data-testid="trash-row" data-version={entry.version}>
                <td>
                  {displayPackageName(entry.format as PackageFormat, entry.namespace, entry.package)}{' '}
                  <span className="muted small">{entry.format}</span>
                </td>
                <td>{entry.version}</td>
                <td>{entry.repository}</td>
                <td>
                  <StatusChip status={entry.status} />
                </td>
                <td className="numeric nowrap">{formatBytes(entry.sizeBytes)}</td>
                <td className="nowrap">{formatDate(entry.deletedTime)}</td>
                <td className="nowrap" data-testid="trash-expires">
                  {formatDate(entry.expiresTime)}
                </td>
                <td className="nowrap">
                  {entry.replaced && (
                    <span className="muted small" data-testid="trash-replaced">
                      Published again since{' '}
                    </span>
                  )}
                  <button
                    type="button"
                    className="button small"
                    disabled={busy !== undefined || entry.replaced}
                    data-testid="trash-restore"
                    onClick={() => void act(entry.id, () => restoreTrash(domain, [entry.id]))}
                  >
                    Restore
                  </button>{' '}
                  <button
                    type="button"
                    className="button small danger-outline"
                    disabled={busy !== undefined}
                    data-testid="trash-purge"
                    onClick={() => setPurging(entry)}
                  >
                    Delete forever
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {purging && (
        <ConfirmDialog
          title={`Delete ${displayPackageName(purging.format as PackageFormat, purging.namespace, purging.package)} ${purging.version} forever`}
          confirmLabel="Delete forever"
          danger
          testId="trash-purge-dialog"
          onClose={() => setPurging(undefined)}
          onConfirm={() => purgeTrash(domain, [purging.id])}
        >
          <p>Its files are released and it can no longer be restored.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
