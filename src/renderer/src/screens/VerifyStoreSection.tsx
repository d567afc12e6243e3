/**
 * The data safety panel's verify: reads every stored file in the background (the `verify` command's
 * engine, run by the service as a job) with a progress bar of files and bytes, lists damaged,
 * missing and orphaned files with the assets using them, and fetches again from their upstreams the
 * files that came through an external connection.
 */
import { verifyJobTitle, type VerifyFindingEntry } from '../../../shared/app-operations';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatBytes, plural } from '../lib/format';
import { useApp } from '../store/store-context';

const kindLabels: Record<VerifyFindingEntry['kind'], string> = {
  damaged: 'Damaged',
  missing: 'Missing',
  orphaned: 'Orphaned',
};

function VerifyProgress(): React.JSX.Element | null {
  const job = useApp((state) =>
    state.jobs.find((candidate) => candidate.origin === 'service' && candidate.title === verifyJobTitle),
  );
  if (!job || job.state !== 'running') return null;
  return (
    <div data-testid="verify-progress">
      <progress
        max={Math.max(job.total, 1)}
        value={job.done}
        aria-label={`${verifyJobTitle}: files checked`}
      />
      <div className="muted small">
        {job.done.toLocaleString()} of {plural(job.total, 'file')} checked
        {job.bytes && ` · ${formatBytes(job.bytes.done)} of ${formatBytes(job.bytes.total)}`}
      </div>
    </div>
  );
}

export function VerifyStoreSection(): React.JSX.Element {
  const verify = useApp((state) => state.verify);
  const repair = useApp((state) => state.repair);
  const runVerify = useApp((state) => state.runVerify);
  const runRepair = useApp((state) => state.runRepair);
  const report = verify.value;
  const repairable = report?.findings.filter((finding) => finding.repairable).length ?? 0;
  const outcomeOf = (finding: VerifyFindingEntry) =>
    repair.value?.outcomes.find(
      (outcome) => outcome.domain === finding.domain && outcome.sha256 === finding.sha256,
    );

  return (
    <div data-testid="verify-section">
      <h3>Verify store</h3>
      <p className="muted small">
        Reads every stored file and checks it against its SHA-256 and size while the service keeps answering.
        Files of versions that came through an external connection can be fetched again from its upstream;
        files published here can only come back from a backup.
      </p>
      <button
        type="button"
        className="button"
        disabled={verify.status === 'loading'}
        onClick={() => void runVerify()}
        data-testid="verify-start"
      >
        {verify.status === 'loading' ? 'Verifying…' : 'Verify store'}
      </button>
      {verify.status === 'loading' && <VerifyProgress />}
      <ErrorMessage error={verify.error} testId="verify-error" />
      {report && (
        <p role="status" data-testid="verify-summary">
          Checked {plural(report.checked, 'file')} ({formatBytes(report.bytes)}):{' '}
          {report.findings.length === 0
            ? 'every file is intact, and none is orphaned.'
            : `${report.intact.toLocaleString()} intact, ${plural(report.findings.length, 'finding')}.`}
        </p>
      )}
      {report && report.findings.length > 0 && (
        <>
          <table className="table" data-testid="verify-findings">
            <thead>
              <tr>
                <th scope="col">Problem</th>
                <th scope="col">File</th>
                <th scope="col">Used by</th>
                <th scope="col">Repair</th>
              </tr>
            </thead>
            <tbody>
              {report.findings.map((finding) => {
                const outcome = outcomeOf(finding);
                return (
                  <tr key={`${finding.domain}/${finding.sha256}`} data-testid="verify-finding">
                    <td data-testid="verify-finding-kind">{kindLabels[finding.kind]}</td>
                    <td>
                      <code title={finding.sha256}>
                        {finding.domain}/{finding.sha256.slice(0, 12)}…
                      </code>
                      <div className="muted small">{finding.detail}</div>
                    </td>
                    <td className="small">
                      {finding.assets.length === 0
                        ? '—'
                        : finding.assets.map((asset) => <div key={asset}>{asset}</div>)}
                    </td>
                    <td className="small" data-testid="verify-finding-repair">
                      {outcome
                        ? `${outcome.repaired ? 'Repaired' : 'Not repaired'}: ${outcome.detail}`
                        : finding.kind === 'orphaned'
                          ? 'Removed by the next start-up sweep'
                          : finding.repairable
                            ? 'Can be fetched again'
                            : 'Published here: restore from a backup'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button
            type="button"
            className="button"
            disabled={repairable === 0 || repair.status === 'loading'}
            onClick={() => void runRepair()}
            data-testid="verify-repair"
          >
            {repair.status === 'loading'
              ? 'Repairing…'
              : `Repair ${plural(repairable, 'file')} from upstreams`}
          </button>
          <ErrorMessage error={repair.error} testId="verify-repair-error" />
          {repair.value && (
            <p role="status" data-testid="verify-repair-result">
              Repaired {repair.value.outcomes.filter((outcome) => outcome.repaired).length} of{' '}
              {plural(repair.value.outcomes.length, 'file')}. Verify again to see the store as it is now.
            </p>
          )}
        </>
      )}
    </div>
  );
}
