/**
 * Settings: where the service listens, where external connections fetch from and how long they wait
 * for and trust their upstreams, the local access key (reveal, rotate), backups and the theme.
 */
import { Fragment, useEffect, useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CopyButton } from '../components/CopyButton';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { DataSafetyPanel } from './DataSafetyPanel';
import type { ThemeChoice } from '../store/settings-slice';
import { useApp } from '../store/store-context';
import { TrashRetentionForm } from './TrashRetentionForm';
import { UpstreamTimingsForm } from './UpstreamTimingsForm';

const themes: readonly { id: ThemeChoice; label: string }[] = [
  { id: 'system', label: 'Follow the system' },
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
];

export function SettingsScreen(): React.JSX.Element {
  const appStatus = useApp((state) => state.appStatus);
  const credentials = useApp((state) => state.credentials);
  const theme = useApp((state) => state.theme);
  const loadAppStatus = useApp((state) => state.loadAppStatus);
  const revealCredentials = useApp((state) => state.revealCredentials);
  const hideCredentials = useApp((state) => state.hideCredentials);
  const rotateCredentials = useApp((state) => state.rotateCredentials);
  const setTheme = useApp((state) => state.setTheme);
  const [rotating, setRotating] = useState(false);
  useEffect(() => {
    void loadAppStatus();
  }, [loadAppStatus]);
  const status = appStatus.value;

  return (
    <section className="screen" data-testid="settings-screen">
      <header className="screen-header">
        <h1>Settings</h1>
      </header>
      <section className="settings-section">
        <h3>Service</h3>
        {appStatus.status === 'loading' && !status && <Loading />}
        <ErrorMessage error={appStatus.error} />
        {status && (
          <dl className="details">
            <dt>Endpoint</dt>
            <dd>
              <span className="copy-line">
                <code data-testid="settings-endpoint">{status.endpoint}</code>
                <CopyButton text={status.endpoint} />
              </span>
            </dd>
            <dt>Account id</dt>
            <dd data-testid="settings-account">{status.accountId}</dd>
            <dt>Region</dt>
            <dd>{status.region}</dd>
            {status.dataDir && (
              <>
                <dt>Data directory</dt>
                <dd className="mono">{status.dataDir}</dd>
              </>
            )}
            {status.mode && (
              <>
                <dt>Running as</dt>
                <dd>{status.mode === 'desktop' ? 'Desktop app' : 'Web console of artifact-desk serve'}</dd>
              </>
            )}
          </dl>
        )}
      </section>

      {status?.externalUpstreams && status.externalUpstreams.length > 0 && (
        <section className="settings-section" data-testid="external-upstreams">
          <h3>External connections</h3>
          <p className="muted small">
            Where repositories with an external connection fetch public packages from, and why.
          </p>
          <dl className="details">
            {status.externalUpstreams.map((info) => (
              <Fragment key={info.connection}>
                <dt>{info.connection}</dt>
                <dd data-testid={`external-upstream-${info.connection}`}>
                  <code>{info.url ?? 'none'}</code> <span className="muted small">{info.source}</span>
                </dd>
              </Fragment>
            ))}
          </dl>
        </section>
      )}

      {status?.upstreamTimings && (
        <section className="settings-section">
          <h3>Upstream fetches</h3>
          <p className="muted small">
            For repositories with an external connection. Offline, stored metadata is used whatever its age.
          </p>
          <UpstreamTimingsForm timings={status.upstreamTimings} />
        </section>
      )}

      <section className="settings-section">
        <h3>Trash</h3>
        <p className="muted small">
          Deleted package versions are kept for this long. Disposed versions are never kept.
        </p>
        <TrashRetentionForm />
      </section>

      <section className="settings-section" data-testid="credentials-section">
        <h3>Access key</h3>
        <p className="muted small">The AWS SDK and CLI sign requests to the endpoint with this key.</p>
        <ErrorMessage error={credentials.error} />
        {credentials.value ? (
          <dl className="details">
            <dt>Access key id</dt>
            <dd>
              <span className="copy-line">
                <code data-testid="access-key-id">{credentials.value.accessKeyId}</code>
                <CopyButton text={credentials.value.accessKeyId} />
              </span>
            </dd>
            <dt>Secret access key</dt>
            <dd>
              <span className="copy-line">
                <code data-testid="secret-access-key">{credentials.value.secretAccessKey}</code>
                <CopyButton text={credentials.value.secretAccessKey} />
              </span>
            </dd>
          </dl>
        ) : null}
        <div className="toolbar">
          {credentials.value ? (
            <button type="button" className="button" onClick={hideCredentials} data-testid="hide-credentials">
              Hide
            </button>
          ) : (
            <button
              type="button"
              className="button"
              onClick={() => void revealCredentials()}
              disabled={credentials.status === 'loading'}
              data-testid="reveal-credentials"
            >
              Reveal
            </button>
          )}
          <button
            type="button"
            className="button danger-outline"
            onClick={() => setRotating(true)}
            data-testid="rotate-credentials"
          >
            Rotate…
          </button>
        </div>
      </section>

      {status && <DataSafetyPanel desktop={status.mode === 'desktop'} />}

      <section className="settings-section">
        <h3>Theme</h3>
        <div role="radiogroup" aria-label="Theme" className="radio-row">
          {themes.map((item) => (
            <label key={item.id} className="check">
              <input
                type="radio"
                name="theme"
                checked={theme === item.id}
                onChange={() => setTheme(item.id)}
                data-testid={`theme-${item.id}`}
              />
              {item.label}
            </label>
          ))}
        </div>
      </section>

      {rotating && (
        <ConfirmDialog
          title="Rotate the access key?"
          confirmLabel="Rotate key"
          danger
          onClose={() => setRotating(false)}
          onConfirm={async () => {
            await rotateCredentials();
          }}
        >
          <p>
            A new access key replaces the current one. The old key stops working at once: every AWS CLI
            profile, SDK client and script that uses it must be given the new key.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
