/**
 * Offline kit: drop a project's lockfile (package-lock.json, npm-shrinkwrap.json, requirements.txt,
 * pom.xml, Cargo.lock, Gemfile.lock) or pick it, choose the repository the project installs from,
 * and the service fetches everything it lists through that repository's upstreams in the
 * background: a progress bar with packages done of the total and the bytes fetched, then the report
 * of what is missing or differs from the lockfile's hashes.
 */
import { useEffect, useState } from 'react';
import { kitComplete, kitOutcomes, type OfflineKitJob } from '../../../shared/offline-kit';
import { ErrorMessage } from '../components/ErrorMessage';
import { NameSelect } from '../components/NameSelect';
import { formatBytes } from '../lib/format';
import { useApp } from '../store/store-context';
import { SeedSection } from './SeedSection';

interface PickedFile {
  readonly name: string;
  readonly content: string;
}

const accepted = '.json,.txt,.in,.xml,.pom,.lock,.locked';

function KitProgressView({ job }: { job: OfflineKitJob }): React.JSX.Element {
  const { done, total, bytes, current } = job.progress;
  const percent = total === 0 ? 0 : Math.floor((done / total) * 100);
  return (
    <div data-testid="kit-progress" data-state={job.state} data-done={done} data-total={total}>
      <progress
        max={Math.max(total, 1)}
        value={job.state === 'running' ? done : Math.max(total, 1)}
        aria-label="Offline kit progress"
        data-testid="kit-progress-bar"
      />
      <p className="muted small" data-testid="kit-progress-text">
        {done}/{total} packages ({percent}%), {formatBytes(bytes)} fetched
        {job.state === 'running' && current ? `; last ${current}` : ''}
      </p>
    </div>
  );
}

function KitReportView({ job }: { job: OfflineKitJob }): React.JSX.Element | null {
  const report = job.report;
  if (!report) return null;
  const problems = report.entries.filter(
    (entry) => entry.outcome !== 'fetched' && entry.outcome !== 'cached',
  );
  return (
    <section className="settings-section" data-testid="kit-report">
      <h3 data-testid="kit-verdict">
        {kitComplete(report)
          ? 'Everything is stored: the project installs from this repository offline.'
          : 'The kit is incomplete: some packages are missing or differ from the lockfile.'}
      </h3>
      <p data-testid="kit-counts">
        {kitOutcomes.map((outcome) => `${report.counts[outcome]} ${outcome}`).join(', ')}; {report.verified}{' '}
        checked against the lockfile&apos;s hashes; {(report.durationMs / 1000).toFixed(1)} s.
      </p>
      {problems.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Outcome</th>
              <th>Package</th>
              <th>Version</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((entry) => (
              <tr
                key={`${entry.name}@${entry.version}`}
                data-testid="kit-problem"
                data-outcome={entry.outcome}
                data-package={`${entry.name}@${entry.version}`}
              >
                <td className="strong">{entry.outcome}</td>
                <td>{entry.name}</td>
                <td>{entry.version}</td>
                <td className="small">{entry.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function KitScreen(): React.JSX.Element {
  const domains = useApp((state) => state.domains);
  const repositories = useApp((state) => state.repositories);
  const loadRepositories = useApp((state) => state.loadRepositories);
  const kit = useApp((state) => state.kit);
  const startKit = useApp((state) => state.startKit);
  const followKit = useApp((state) => state.followKit);
  const [domain, setDomain] = useState('');
  const [repository, setRepository] = useState('');
  const [file, setFile] = useState<PickedFile>();
  const [dragging, setDragging] = useState(false);
  useEffect(() => followKit(), [followKit]);
  useEffect(() => {
    if (domain) void loadRepositories(domain, { quiet: true });
  }, [domain, loadRepositories]);

  const take = async (picked: File | undefined): Promise<void> => {
    if (picked) setFile({ name: picked.name, content: await picked.text() });
  };
  const names = (repositories[domain]?.items ?? []).map((item) => item.name ?? '');
  const running = kit.status === 'loading' || kit.job?.state === 'running';
  const ready = domain !== '' && repository !== '' && file !== undefined && !running;

  return (
    <section className="screen" data-testid="kit-screen">
      <header className="screen-header">
        <h1>Offline kit</h1>
      </header>
      <p className="muted">
        Give a project&apos;s lockfile and the repository it installs from: everything the file lists is
        fetched through that repository&apos;s upstreams and checked against the lockfile&apos;s hashes, so
        the project installs with the network off.
      </p>
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        data-testid="kit-drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          void take(event.dataTransfer.files[0]);
        }}
      >
        <p>
          Drop a <code>package-lock.json</code>, <code>npm-shrinkwrap.json</code>,{' '}
          <code>requirements.txt</code>, <code>pom.xml</code>, <code>Cargo.lock</code> or{' '}
          <code>Gemfile.lock</code> here, or{' '}
          <label className="link">
            choose a file
            <input
              type="file"
              accept={accepted}
              className="visually-hidden"
              onChange={(event) => void take(event.target.files?.[0])}
              data-testid="kit-file-input"
            />
          </label>
          .
        </p>
        {file && (
          <p className="strong" data-testid="kit-file-name">
            {file.name} ({formatBytes(new TextEncoder().encode(file.content).length)})
          </p>
        )}
      </div>
      <form
        className="mirror-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) void startKit({ domain, repository, fileName: file.name, content: file.content });
        }}
      >
        <label className="field">
          <span>Domain</span>
          <NameSelect
            names={domains.items.map((item) => item.name ?? '')}
            value={domain}
            onChange={(name) => {
              setDomain(name);
              setRepository('');
            }}
            placeholder="Choose a domain"
            testId="kit-domain"
          />
        </label>
        <label className="field">
          <span>Repository</span>
          <NameSelect
            names={names}
            value={repository}
            onChange={setRepository}
            placeholder="Choose a repository"
            testId="kit-repository"
            disabled={!domain}
          />
          <small>the one the project installs from; its upstreams are asked</small>
        </label>
        <div className="mirror-actions">
          <button type="submit" className="button primary" disabled={!ready} data-testid="kit-start">
            Make the kit
          </button>
        </div>
      </form>
      <ErrorMessage error={kit.error} />
      {kit.job && (
        <section className="settings-section" data-testid="kit-job">
          <h3>
            {kit.job.fileName} into {kit.job.domain}/{kit.job.repository}
          </h3>
          <KitProgressView job={kit.job} />
          {kit.job.error && <ErrorMessage error={kit.job.error} />}
          <KitReportView job={kit.job} />
        </section>
      )}
      <SeedSection domain={domain} repository={repository} />
    </section>
  );
}
