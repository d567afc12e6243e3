/**
 * "Seed from this computer" on the Offline kit page: imports the npm cache, the local Maven
 * repository and pip's cache of this computer into the page's chosen repository, with nothing
 * fetched; an empty path means the folder the user's own client settings name. Shows the job's
 * progress and then the report: counts imported / present / skipped and each skipped entry's reason.
 */
import { useEffect, useState } from 'react';
import { seedOutcomes, seedSourceKinds, type SeedJob, type SeedSourceKind } from '../../../shared/seed';
import { ErrorMessage } from '../components/ErrorMessage';
import { useApp } from '../store/store-context';

const sourceLabels: Record<SeedSourceKind, { label: string; path: string; hint: string }> = {
  npm: { label: 'npm cache', path: 'npm cache folder', hint: "npm's cache setting" },
  maven: {
    label: 'Maven repository',
    path: 'local Maven repository',
    hint: '~/.m2/repository or settings.xml',
  },
  pypi: { label: 'pip cache', path: 'pip cache folder', hint: "pip's cache dir" },
};

function SeedProgressView({ job }: { job: SeedJob }): React.JSX.Element {
  const { done, total, current } = job.progress;
  const percent = total === 0 ? 0 : Math.floor((done / total) * 100);
  return (
    <div data-testid="seed-progress" data-state={job.state} data-done={done} data-total={total}>
      <progress
        max={Math.max(total, 1)}
        value={job.state === 'running' ? done : Math.max(total, 1)}
        aria-label="Seed progress"
      />
      <p className="muted small">
        {done}/{total} entries ({percent}%){job.state === 'running' && current ? `; last ${current}` : ''}
      </p>
    </div>
  );
}

function SeedReportView({ job }: { job: SeedJob }): React.JSX.Element | null {
  const report = job.report;
  if (!report) return null;
  const skipped = report.entries.filter((entry) => entry.outcome === 'skipped');
  const unread = report.sources.filter((source) => source.problem);
  return (
    <section className="settings-section" data-testid="seed-report">
      <p data-testid="seed-counts">
        {seedOutcomes.map((outcome) => `${report.counts[outcome]} ${outcome}`).join(', ')};{' '}
        {(report.durationMs / 1000).toFixed(1)} s.
      </p>
      {unread.map((source) => (
        <p key={source.kind} className="muted small" data-testid="seed-unread-source">
          {sourceLabels[source.kind].label} not read: {source.problem}
        </p>
      ))}
      {skipped.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Format</th>
              <th>Package</th>
              <th>Version</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {skipped.map((entry) => (
              <tr
                key={`${entry.format}:${entry.name}@${entry.version}`}
                data-testid="seed-skipped"
                data-package={`${entry.name}@${entry.version}`}
              >
                <td>{entry.format}</td>
                <td className="strong">{entry.name}</td>
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

export function SeedSection({
  domain,
  repository,
}: {
  domain: string;
  repository: string;
}): React.JSX.Element {
  const seed = useApp((state) => state.seed);
  const startSeed = useApp((state) => state.startSeed);
  const followSeed = useApp((state) => state.followSeed);
  const [chosen, setChosen] = useState<Record<SeedSourceKind, boolean>>({
    npm: true,
    maven: true,
    pypi: true,
  });
  const [paths, setPaths] = useState<Record<SeedSourceKind, string>>({ npm: '', maven: '', pypi: '' });
  useEffect(() => followSeed(), [followSeed]);
  const sources = seedSourceKinds.filter((kind) => chosen[kind]);
  const running = seed.status === 'loading' || seed.job?.state === 'running';
  const ready = domain !== '' && repository !== '' && sources.length > 0 && !running;
  const pathOf = (kind: SeedSourceKind): string | undefined => paths[kind].trim() || undefined;

  return (
    <section className="settings-section" data-testid="seed-section">
      <h2>Seed from this computer</h2>
      <p className="muted">
        Imports the packages already in this computer&apos;s npm cache, local Maven repository and pip cache
        into the repository chosen above, with nothing fetched. An empty path reads the folder your own client
        settings name.
      </p>
      <form
        className="mirror-form"
        onSubmit={(event) => {
          event.preventDefault();
          const npmCache = pathOf('npm');
          const mavenRepository = pathOf('maven');
          const pipCache = pathOf('pypi');
          if (ready)
            void startSeed({
              domain,
              repository,
              sources,
              ...(npmCache ? { npmCache } : {}),
              ...(mavenRepository ? { mavenRepository } : {}),
              ...(pipCache ? { pipCache } : {}),
            });
        }}
      >
        {seedSourceKinds.map((kind) => (
          <div key={kind} className="field">
            <label>
              <input
                type="checkbox"
                checked={chosen[kind]}
                onChange={(event) => setChosen({ ...chosen, [kind]: event.target.checked })}
                data-testid={`seed-source-${kind}`}
              />{' '}
              {sourceLabels[kind].label}
            </label>
            <input
              type="text"
              aria-label={sourceLabels[kind].path}
              placeholder={sourceLabels[kind].hint}
              value={paths[kind]}
              disabled={!chosen[kind]}
              onChange={(event) => setPaths({ ...paths, [kind]: event.target.value })}
              data-testid={`seed-path-${kind}`}
            />
          </div>
        ))}
        <div className="mirror-actions">
          <button type="submit" className="button primary" disabled={!ready} data-testid="seed-start">
            Seed {repository || 'the repository'}
          </button>
        </div>
      </form>
      <ErrorMessage error={seed.error} />
      {seed.job && (
        <div data-testid="seed-job">
          <h3>
            Seeding {seed.job.domain}/{seed.job.repository}
          </h3>
          <SeedProgressView job={seed.job} />
          {seed.job.error && <ErrorMessage error={seed.job.error} />}
          <SeedReportView job={seed.job} />
        </div>
      )}
    </section>
  );
}
