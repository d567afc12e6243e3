/**
 * Mirror: compare a local domain with a remote AWS CodeArtifact domain (the plan table), then pull
 * or push in the background, with each job's progress (versions and bytes) and the outcome of every
 * version. Credentials come from the AWS profile named here, as the AWS CLI finds it; nothing secret
 * is typed or kept.
 */
import { useEffect, useState } from 'react';
import type {
  MirrorDirection,
  MirrorItem,
  MirrorItemState,
  MirrorJobSummary,
  MirrorRemote,
  MirrorScope,
} from '../../../shared/mirror';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { StatusChip } from '../components/StatusChip';
import { VersionResults, type VersionOutcome, type VersionOutcomeKind } from '../components/VersionResults';
import { formatBytes } from '../lib/format';
import { useApp } from '../store/store-context';

interface MirrorForm {
  region: string;
  domain: string;
  profile: string;
  endpoint: string;
  repositories: string;
  prefixes: string;
}

const emptyForm: MirrorForm = {
  region: '',
  domain: '',
  profile: '',
  endpoint: '',
  repositories: '',
  prefixes: '',
};

const outcomeKinds: Record<MirrorItemState, VersionOutcomeKind> = {
  done: 'ok',
  failed: 'failed',
  skipped: 'skipped',
  pending: 'pending',
};

/** A mirrored version as a line of the job's results: repository and package, what happened. */
function mirrorOutcome(item: MirrorItem): VersionOutcome {
  const name = `${item.namespace ? `${item.namespace}/` : ''}${item.package}`;
  return {
    key: `${item.repository} ${item.format} ${item.namespace ?? ''} ${item.package} ${item.version}`,
    version: item.version,
    kind: outcomeKinds[item.state],
    where: `${item.repository} · ${item.format} ${name}`,
    ...(item.message ? { detail: item.message } : {}),
  };
}

function listOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

function requestOf(form: MirrorForm): { remote: MirrorRemote; scope: MirrorScope } {
  const repositories = listOf(form.repositories);
  const prefixes = listOf(form.prefixes);
  return {
    remote: {
      region: form.region.trim(),
      domain: form.domain.trim(),
      ...(form.profile.trim() ? { profile: form.profile.trim() } : {}),
      ...(form.endpoint.trim() ? { endpoint: form.endpoint.trim() } : {}),
    },
    scope: {
      ...(repositories.length ? { repositories } : {}),
      ...(prefixes.length ? { packagePrefixes: prefixes } : {}),
    },
  };
}

const fields: readonly { key: keyof MirrorForm; label: string; placeholder: string; hint: string }[] = [
  { key: 'region', label: 'Region', placeholder: 'us-east-1', hint: 'of the remote domain' },
  { key: 'domain', label: 'Domain', placeholder: 'my-domain', hint: 'the same name on both sides' },
  {
    key: 'profile',
    label: 'AWS profile',
    placeholder: 'default',
    hint: 'credentials as the AWS CLI finds them',
  },
  {
    key: 'endpoint',
    label: 'Endpoint URL',
    placeholder: 'optional',
    hint: "instead of the region's endpoint",
  },
  { key: 'repositories', label: 'Repositories', placeholder: 'all', hint: 'names, separated by commas' },
  { key: 'prefixes', label: 'Package prefixes', placeholder: 'all packages', hint: 'separated by commas' },
];

function JobRow({ job, onOpen }: { job: MirrorJobSummary; onOpen: () => void }): React.JSX.Element {
  const finished = job.done + job.skipped + job.failed;
  return (
    <tr data-testid="mirror-job">
      <td>
        <button type="button" className="link" onClick={onOpen} data-testid="mirror-job-open">
          #{job.id} {job.direction}
        </button>
      </td>
      <td data-testid="mirror-job-state">{job.state}</td>
      <td>
        <progress
          max={Math.max(job.total, 1)}
          value={job.total === 0 ? 1 : finished}
          aria-label={`Job ${job.id} versions`}
          data-testid="mirror-job-progress"
        />
        <div className="muted small" data-testid="mirror-job-counts">
          {finished}/{job.total} versions ({job.done} copied, {job.skipped} skipped, {job.failed} failed)
        </div>
      </td>
      <td>
        <progress
          max={Math.max(job.bytesTotal, 1)}
          value={job.bytesTotal === 0 ? 1 : job.bytesDone}
          aria-label={`Job ${job.id} bytes`}
        />
        <div className="muted small">
          {formatBytes(job.bytesDone)} of {formatBytes(job.bytesTotal)}
        </div>
      </td>
    </tr>
  );
}

export function MirrorScreen(): React.JSX.Element {
  const plan = useApp((state) => state.mirrorPlan);
  const jobs = useApp((state) => state.mirrorJobs);
  const job = useApp((state) => state.mirrorJob);
  const startError = useApp((state) => state.mirrorStartError);
  const planMirror = useApp((state) => state.planMirror);
  const startMirror = useApp((state) => state.startMirror);
  const loadMirrorJobs = useApp((state) => state.loadMirrorJobs);
  const openMirrorJob = useApp((state) => state.openMirrorJob);
  const cancelMirrorJob = useApp((state) => state.cancelMirrorJob);
  const followMirror = useApp((state) => state.followMirror);
  const [form, setForm] = useState<MirrorForm>(emptyForm);
  const [overwrite, setOverwrite] = useState(false);
  useEffect(() => {
    void loadMirrorJobs();
    return followMirror();
  }, [loadMirrorJobs, followMirror]);
  const ready = form.region.trim() !== '' && form.domain.trim() !== '';
  const start = (direction: MirrorDirection): void => {
    const { remote, scope } = requestOf(form);
    void startMirror(direction, remote, scope, overwrite);
  };
  const value = plan.value;
  const open = job.value;

  return (
    <section className="screen" data-testid="mirror-screen">
      <header className="screen-header">
        <h1>Mirror</h1>
      </header>
      <p className="muted">
        Compare a domain here with the same domain in AWS CodeArtifact, take it offline (pull) or publish what
        is here (push). Statuses are kept, conflicting versions are left alone unless you allow overwriting,
        and jobs continue after a restart.
      </p>
      <form
        className="mirror-form"
        onSubmit={(event) => {
          event.preventDefault();
          const { remote, scope } = requestOf(form);
          void planMirror(remote, scope);
        }}
      >
        {fields.map((field) => (
          <label className="field" key={field.key}>
            <span>{field.label}</span>
            <input
              value={form[field.key]}
              placeholder={field.placeholder}
              onChange={(event) => setForm({ ...form, [field.key]: event.target.value })}
              data-testid={`mirror-${field.key}`}
              autoComplete="off"
              spellCheck={false}
            />
            <small>{field.hint}</small>
          </label>
        ))}
        <div className="mirror-actions">
          <button type="submit" className="button primary" disabled={!ready} data-testid="mirror-plan-button">
            Plan
          </button>
          <button
            type="button"
            className="button"
            disabled={!ready}
            onClick={() => start('pull')}
            data-testid="mirror-pull-button"
          >
            Pull
          </button>
          <button
            type="button"
            className="button"
            disabled={!ready}
            onClick={() => start('push')}
            data-testid="mirror-push-button"
          >
            Push
          </button>
          <label className="check">
            <input
              type="checkbox"
              checked={overwrite}
              onChange={(event) => setOverwrite(event.target.checked)}
              data-testid="mirror-overwrite"
            />
            Overwrite conflicting versions
          </label>
        </div>
      </form>
      <ErrorMessage error={startError} />

      <section className="settings-section">
        <h3>Plan</h3>
        {plan.status === 'loading' && <Loading />}
        <ErrorMessage error={plan.error} />
        {plan.status === 'idle' && (
          <p className="muted small">Plan to see what differs; nothing is changed.</p>
        )}
        {value && (
          <>
            <p data-testid="mirror-plan-counts">
              {value.counts['only-local']} only here, {value.counts['only-remote']} only on the remote,{' '}
              {value.counts.same} the same, {value.counts.conflicting} conflicting.
              {!value.domainOnLocal && ' The domain is not here yet.'}
              {!value.domainOnRemote && ' The domain is not on the remote yet.'}
            </p>
            <table className="table" data-testid="mirror-repository-plan">
              <thead>
                <tr>
                  <th>Repository</th>
                  <th>Where</th>
                  <th>Differences</th>
                </tr>
              </thead>
              <tbody>
                {value.repositories.map((repository) => (
                  <tr key={repository.name}>
                    <td>{repository.name}</td>
                    <td>{repository.presence}</td>
                    <td className="small">
                      {[
                        ...repository.upstreamsOnlyLocal.map((u) => `upstream ${u} only here`),
                        ...repository.upstreamsOnlyRemote.map((u) => `upstream ${u} only on the remote`),
                        ...repository.externalConnectionsOnlyLocal.map((c) => `${c} only here`),
                        ...repository.externalConnectionsOnlyRemote.map((c) => `${c} only on the remote`),
                      ].join('; ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="table" data-testid="mirror-plan-table">
              <thead>
                <tr>
                  <th>Comparison</th>
                  <th>Repository</th>
                  <th>Package</th>
                  <th>Version</th>
                  <th>Here</th>
                  <th>Remote</th>
                  <th>Size</th>
                </tr>
              </thead>
              <tbody>
                {value.versions.map((version) => (
                  <tr
                    key={`${version.repository} ${version.format} ${version.namespace ?? ''} ${version.package} ${version.version}`}
                    data-testid="mirror-plan-row"
                    title={version.reason}
                  >
                    <td data-testid="mirror-comparison">{version.comparison}</td>
                    <td>{version.repository}</td>
                    <td>
                      <span className="muted small">{version.format}</span>{' '}
                      {version.namespace ? `${version.namespace}/` : ''}
                      {version.package}
                    </td>
                    <td>{version.version}</td>
                    <td>{version.localStatus && <StatusChip status={version.localStatus} />}</td>
                    <td>{version.remoteStatus && <StatusChip status={version.remoteStatus} />}</td>
                    <td>{formatBytes(version.bytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section className="settings-section">
        <h3>Jobs</h3>
        <ErrorMessage error={jobs.error} />
        {jobs.value && jobs.value.length === 0 && <p className="muted small">No pull or push yet.</p>}
        {jobs.value && jobs.value.length > 0 && (
          <table className="table" data-testid="mirror-jobs">
            <thead>
              <tr>
                <th>Job</th>
                <th>State</th>
                <th>Versions</th>
                <th>Bytes</th>
              </tr>
            </thead>
            <tbody>
              {jobs.value.map((summary) => (
                <JobRow key={summary.id} job={summary} onOpen={() => void openMirrorJob(summary.id)} />
              ))}
            </tbody>
          </table>
        )}
      </section>

      {open && (
        <section className="settings-section" data-testid="mirror-job-detail">
          <h3>
            Job #{open.id}: {open.direction} {open.remote.domain} ({open.state})
          </h3>
          {open.message && <p className="muted small">{open.message}</p>}
          {(open.state === 'running' || open.state === 'planning') && (
            <button
              type="button"
              className="button danger"
              onClick={() => void cancelMirrorJob(open.id)}
              data-testid="mirror-cancel"
            >
              Cancel
            </button>
          )}
          <VersionResults outcomes={open.items.map(mirrorOutcome)} testId="mirror-results" />
        </section>
      )}
    </section>
  );
}
