/**
 * The version actions — change status, dispose, delete, copy to another repository — each behind a
 * dialog that states the consequence first and then shows what happened to every version
 * (successfulVersions and failedVersions, as the service answered).
 */
import type { PackageVersionStatus } from '@aws-sdk/client-codeartifact';
import { useEffect, useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { Modal } from '../components/Modal';
import { StatusChip } from '../components/StatusChip';
import type { VersionBatchResult } from '../store/jobs-slice';
import { toUiError, type UiError } from '../store/load-state';
import { displayPackageName, type PackageRef } from '../store/refs';
import { useApp } from '../store/store-context';
import { statusTargets, type TargetStatus, type VersionAction } from '../lib/version-actions';
import { DialogFooter } from '../components/DialogFooter';
import { VersionResults, type VersionOutcome } from '../components/VersionResults';

export type { VersionAction };

const statusConsequence: Record<TargetStatus, string> = {
  Published: 'They are listed to clients again and their assets can be downloaded.',
  Unlisted:
    'They disappear from listings (npm, pip and Maven stop choosing them for ranges) but stay downloadable by exact version.',
  Archived:
    'They disappear from listings and their assets can no longer be downloaded. You can publish them again later by changing the status back.',
};

/** The buttons that open each action's dialog. */
export const actionLabels: Record<VersionAction, string> = {
  status: 'Change status…',
  copy: 'Copy to…',
  dispose: 'Dispose…',
  delete: 'Delete…',
};

const titles: Record<VersionAction, string> = {
  status: 'Change status',
  dispose: 'Dispose versions',
  delete: 'Delete versions',
  copy: 'Copy versions',
};

/** The service's successfulVersions and failedVersions as one outcome list. */
function batchOutcomes(result: VersionBatchResult): VersionOutcome[] {
  return [
    ...Object.entries(result.successfulVersions).map(([version, info]): VersionOutcome => ({
      key: `ok ${version}`,
      version,
      kind: 'ok',
      chip: <StatusChip status={info.status} />,
      ...(info.revision ? { detail: `revision ${info.revision}` } : {}),
    })),
    ...Object.entries(result.failedVersions).map(([version, failure]): VersionOutcome => ({
      key: `failed ${version}`,
      version,
      kind: 'failed',
      chip: <span className="chip status-failed">{failure.errorCode}</span>,
      ...(failure.errorMessage ? { detail: failure.errorMessage } : {}),
    })),
  ];
}

export function VersionActionDialog({
  action,
  target,
  versions,
  statuses,
  onClose,
  onDone,
}: {
  action: VersionAction;
  target: PackageRef;
  versions: readonly string[];
  /** The current status of each version acted on (decides which targets a status change offers). */
  statuses: readonly (string | undefined)[];
  onClose: () => void;
  /** Called after the action ran (whatever its per-version outcome). */
  onDone?: (result: VersionBatchResult) => void;
}): React.JSX.Element {
  const changeVersionStatus = useApp((state) => state.changeVersionStatus);
  const disposeVersions = useApp((state) => state.disposeVersions);
  const deleteVersions = useApp((state) => state.deleteVersions);
  const copyVersions = useApp((state) => state.copyVersions);
  const offerUndo = useApp((state) => state.offerUndo);
  const retentionDays = useApp((state) => state.trashRetentionDays);
  const loadTrashSettings = useApp((state) => state.loadTrashSettings);
  const repositories = useApp((state) => state.repositories[target.domain]?.items);
  const loadRepositories = useApp((state) => state.loadRepositories);
  // No status is chosen for the user: Archived hides versions from every client.
  const [status, setStatus] = useState<TargetStatus | ''>('');
  const targets = statusTargets(statuses);
  const [destination, setDestination] = useState('');
  const [allowOverwrite, setAllowOverwrite] = useState(false);
  const [includeFromUpstream, setIncludeFromUpstream] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError>();
  const [result, setResult] = useState<VersionBatchResult>();

  useEffect(() => {
    if (action === 'delete' && retentionDays === undefined) void loadTrashSettings().catch(() => undefined);
  }, [action, retentionDays, loadTrashSettings]);

  useEffect(() => {
    if (action === 'copy' && !repositories) void loadRepositories(target.domain);
  }, [action, repositories, loadRepositories, target.domain]);

  const name = displayPackageName(target.format, target.namespace, target.package);
  const subject = versions.length === 1 ? `${name} ${versions[0]}` : `${versions.length} versions of ${name}`;
  const destinations = (repositories ?? [])
    .map((repository) => repository.name ?? '')
    .filter((item) => item && item !== target.repository);

  const perform = (): Promise<VersionBatchResult> => {
    switch (action) {
      case 'status':
        return changeVersionStatus(target, versions, status as TargetStatus);
      case 'dispose':
        return disposeVersions(target, versions);
      case 'delete':
        return deleteVersions(target, versions);
      case 'copy':
        return copyVersions(target, versions, {
          destinationRepository: destination,
          allowOverwrite,
          includeFromUpstream,
        });
    }
  };

  const run = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await perform();
      if (action === 'delete') {
        // Disposed versions have no files to keep, so the trash does not hold them.
        const kept = versions.filter(
          (version, index) => statuses[index] !== 'Disposed' && answer.successfulVersions[version],
        );
        offerUndo(target, kept);
      }
      setResult(answer);
      onDone?.(answer);
    } catch (caught) {
      setError(toUiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const confirmLabel = {
    status: status ? `Set to ${status}` : 'Set status',
    dispose: 'Dispose',
    delete: 'Delete',
    copy: 'Copy',
  }[action];

  return (
    <Modal
      title={`${titles[action]}: ${subject}`}
      onClose={onClose}
      testId={`version-action-${action}`}
      wide
      footer={
        result ? (
          <button
            type="button"
            className="button primary"
            onClick={onClose}
            data-testid="close-results"
            data-autofocus
          >
            Close
          </button>
        ) : (
          <DialogFooter
            onCancel={onClose}
            onConfirm={() => void run()}
            busy={busy}
            disabled={(action === 'copy' && !destination) || (action === 'status' && !status)}
            danger={action === 'dispose' || action === 'delete'}
            confirmLabel={confirmLabel}
          />
        )
      }
    >
      {result ? (
        <VersionResults outcomes={batchOutcomes(result)} error={result.error} testId="batch-results" />
      ) : (
        <div className="consequence" data-testid="consequence">
          <p className="muted small">Versions: {versions.join(', ')}</p>
          {action === 'status' && (
            <>
              <label className="field">
                <span>New status</span>
                <select
                  value={status}
                  onChange={(event) => setStatus(event.target.value as TargetStatus | '')}
                  data-testid="target-status"
                  data-autofocus
                >
                  <option value="">Choose a status…</option>
                  {targets.map((item) => (
                    <option key={item} value={item}>
                      {item}
                    </option>
                  ))}
                </select>
              </label>
              {status && <p>{statusConsequence[status]}</p>}
              <p className="muted small">
                Disposed versions cannot be changed this way; they are reported as failed.
              </p>
            </>
          )}
          {action === 'dispose' && (
            <p>
              The assets of {subject} are deleted and the versions stay listed as{' '}
              <StatusChip status={'Disposed' satisfies PackageVersionStatus} /> with their metadata. Clients
              can no longer download them. This cannot be undone: disposed versions cannot be restored, not
              even from the trash.
            </p>
          )}
          {action === 'delete' && (
            <p>
              {subject} {versions.length === 1 ? 'is' : 'are'} removed from {target.repository} with{' '}
              {versions.length === 1 ? 'its' : 'their'} assets and metadata. The same version numbers can be
              published again afterwards.{' '}
              {retentionDays === 0 ? (
                <span data-testid="delete-undo-note">
                  The trash is off in Settings, so this cannot be undone.
                </span>
              ) : (
                <span data-testid="delete-undo-note">
                  You can undo this from the domain’s Trash for {retentionDays ?? 7}{' '}
                  {retentionDays === 1 ? 'day' : 'days'}
                  {statuses.includes('Disposed')
                    ? ' (not for disposed versions, which have no files left)'
                    : ''}
                  .
                </span>
              )}
            </p>
          )}
          {action === 'copy' && (
            <>
              <label className="field">
                <span>Destination repository</span>
                <select
                  value={destination}
                  onChange={(event) => setDestination(event.target.value)}
                  data-testid="copy-destination"
                  data-autofocus
                >
                  <option value="">Choose a repository…</option>
                  {destinations.map((item) => (
                    <option key={item} value={item}>
                      {item}
                    </option>
                  ))}
                </select>
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={allowOverwrite}
                  onChange={(event) => setAllowOverwrite(event.target.checked)}
                  data-testid="copy-overwrite"
                />
                Overwrite versions that already exist in the destination
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={includeFromUpstream}
                  onChange={(event) => setIncludeFromUpstream(event.target.checked)}
                  data-testid="copy-include-upstream"
                />
                Include versions this repository holds from its upstreams
              </label>
              <p>
                {subject} {versions.length === 1 ? 'is' : 'are'} copied with{' '}
                {versions.length === 1 ? 'its' : 'their'} assets and status to{' '}
                {destination || 'the destination'}.{' '}
                {allowOverwrite
                  ? 'Versions already there are replaced.'
                  : 'A version already there is not touched and is reported as failed (ALREADY_EXISTS).'}
              </p>
            </>
          )}
          {versions.length > 100 && (
            <p className="muted small">
              This runs in batches of 100 versions; the jobs panel shows progress.
            </p>
          )}
          <ErrorMessage error={error} />
        </div>
      )}
    </Modal>
  );
}
