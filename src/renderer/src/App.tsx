/** The app shell: for now, where the local CodeArtifact endpoint is and how to reach it. */
import { useEffect } from 'react';
import { useStatus } from './status-store';

export function App(): React.JSX.Element {
  const { status, error, load } = useStatus();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <main
      style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}
      data-app-state={status ? 'ready' : 'loading'}
    >
      <h1>Artifact Desk</h1>
      {error && <p role="alert">{error}</p>}
      {status && (
        <dl>
          <dt>CodeArtifact endpoint</dt>
          <dd>
            <code>{status.endpoint}</code>
          </dd>
          <dt>Account</dt>
          <dd>{status.accountId}</dd>
          <dt>Region</dt>
          <dd>{status.region}</dd>
        </dl>
      )}
    </main>
  );
}
