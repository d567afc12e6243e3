/**
 * "Why this version" on the package page: ask for a version or a range (empty: latest) and see how
 * the repository answers: the repositories asked in order (and those an origin control keeps out),
 * which one answered and whether from its own store or an upstream, and every version filtered out
 * with the reason.
 */
import { useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { packageKey, type PackageRef } from '../store/refs';
import { useApp } from '../store/store-context';

export function WhyThisVersion({ target }: { target: PackageRef }): React.JSX.Element {
  const [version, setVersion] = useState('');
  const state = useApp((app) => app.trace);
  const explain = useApp((app) => app.explainVersion);
  const current = state.key === packageKey(target) ? state : undefined;
  const trace = current?.trace;
  return (
    <section className="settings-section" data-testid="why-version">
      <h3>Why this version</h3>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void explain(target, version);
        }}
      >
        <label>
          Version or range{' '}
          <input
            value={version}
            onChange={(event) => setVersion(event.target.value)}
            placeholder="latest"
            data-testid="why-version-input"
          />
        </label>
        <button type="submit" className="button small" data-testid="why-version-explain">
          Explain
        </button>
      </form>
      {current?.status === 'loading' && <Loading label="Tracing the resolution…" />}
      {current?.status === 'error' && <ErrorMessage error={current.error} />}
      {current?.status === 'ready' && trace && (
        <div data-testid="why-version-result">
          <p data-testid="why-version-summary">{trace.summary}</p>
          <h4>Repositories asked, in order</h4>
          <ol data-testid="why-version-repositories">
            {trace.repositories.map((step) => (
              <li key={step.repository} data-searched={step.searched}>
                <strong>{step.repository}</strong>
                {step.via.length > 1 && <span className="muted"> via {step.via.slice(1).join(' → ')}</span>}
                {!step.searched && <span> — not searched: {step.blockedBy}</span>}
                {step.stopsHere && <span> — its upstreams are not searched: {step.stopsHere}</span>}
                {step.externalConnections.map((connection) => (
                  <span key={connection.name}>
                    {' '}
                    — {connection.name}:{' '}
                    {connection.allowed ? 'may fetch' : `blocked (${connection.reason ?? ''})`}
                  </span>
                ))}
              </li>
            ))}
          </ol>
          {trace.candidates.length > 0 && (
            <table className="table" data-testid="why-version-candidates">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Repository</th>
                  <th scope="col">Status</th>
                  <th scope="col">Verdict</th>
                </tr>
              </thead>
              <tbody>
                {trace.candidates.map((candidate) => (
                  <tr
                    key={`${candidate.repository}/${candidate.version}`}
                    data-testid="why-version-candidate"
                    data-version={candidate.version}
                    data-eligible={candidate.eligible}
                  >
                    <td>{candidate.version}</td>
                    <td>{candidate.repository}</td>
                    <td>{candidate.status}</td>
                    <td>{candidate.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
