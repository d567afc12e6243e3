/** The jobs panel: long work with progress bars, whether run by the window or reported by the service. */
import { formatBytes } from '../lib/format';
import { useApp } from '../store/store-context';

const stateLabels = {
  running: 'Running',
  succeeded: 'Done',
  'finished-with-failures': 'Done with failures',
  failed: 'Failed',
} as const;

export function JobsPanel(): React.JSX.Element | null {
  const jobs = useApp((state) => state.jobs);
  const open = useApp((state) => state.jobsPanelOpen);
  const setOpen = useApp((state) => state.setJobsPanelOpen);
  const dismissJob = useApp((state) => state.dismissJob);
  const clearFinishedJobs = useApp((state) => state.clearFinishedJobs);
  if (!open) return null;
  return (
    <aside
      className="jobs-panel"
      aria-label="Jobs"
      data-testid="jobs-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') setOpen(false);
      }}
    >
      <header className="jobs-header">
        <h2>Jobs</h2>
        <button
          type="button"
          className="button small"
          onClick={clearFinishedJobs}
          disabled={!jobs.some((job) => job.state !== 'running')}
        >
          Clear finished
        </button>
        <button type="button" className="icon-button" aria-label="Close jobs" onClick={() => setOpen(false)}>
          ×
        </button>
      </header>
      {jobs.length === 0 ? (
        <p className="muted jobs-empty">No jobs. Bulk copies and status changes show their progress here.</p>
      ) : (
        <ul className="jobs-list">
          {jobs.map((job) => {
            const percent =
              job.total > 0 ? Math.round((job.done / job.total) * 100) : job.state === 'running' ? 0 : 100;
            return (
              <li key={job.id} className={`job job-${job.state}`} data-testid="job">
                <div className="job-title">
                  <span>{job.title}</span>
                  {job.state !== 'running' && (
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Dismiss ${job.title}`}
                      onClick={() => dismissJob(job.id)}
                    >
                      ×
                    </button>
                  )}
                </div>
                <progress
                  max={100}
                  value={percent}
                  aria-label={`${job.title}: ${percent}%`}
                  data-testid="job-progress"
                />
                <div className="muted small">
                  <span data-testid="job-state">{stateLabels[job.state]}</span> · {job.done.toLocaleString()}{' '}
                  of {job.total.toLocaleString()}
                  {job.bytes && ` · ${formatBytes(job.bytes.done)} of ${formatBytes(job.bytes.total)}`}
                  {job.failed > 0 && ` · ${job.failed} failed`}
                </div>
                {job.error && <div className="error-text small">{job.error.message}</div>}
              </li>
            );
          })}
        </ul>
      )}
    </aside>
  );
}
