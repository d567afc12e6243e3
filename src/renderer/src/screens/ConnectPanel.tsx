/**
 * "Connect": for a chosen format, the repository's endpoint, an authorization token and the exact
 * client configuration — `aws codeartifact login … --endpoint-url …` and the files the login would
 * write — each with a copy button.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import { useEffect, useState } from 'react';
import { CopyButton } from '../components/CopyButton';
import { SnippetList } from '../components/SnippetList';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { connectFormats, connectSnippets, maskedToken } from '../lib/connect-config';
import { formatDate } from '../lib/format';
import { repositoryKey, type RepositoryRef } from '../store/refs';
import { useApp } from '../store/store-context';

export function ConnectPanel({ target }: { target: RepositoryRef }): React.JSX.Element {
  const connect = useApp((state) => state.connect);
  const authToken = useApp((state) => state.authToken);
  const appStatus = useApp((state) => state.appStatus);
  const loadEndpoint = useApp((state) => state.loadEndpoint);
  const loadAuthToken = useApp((state) => state.loadAuthToken);
  const loadAppStatus = useApp((state) => state.loadAppStatus);
  const served = useApp((state) => state.servedFormats);
  const loadServedFormats = useApp((state) => state.loadServedFormats);
  const [format, setFormat] = useState<PackageFormat>('npm');
  const [showToken, setShowToken] = useState(false);
  const key = repositoryKey(target);

  useEffect(() => {
    void loadEndpoint(target, format);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, format, loadEndpoint]);
  useEffect(() => {
    void loadAuthToken(target.domain);
  }, [target.domain, loadAuthToken]);
  useEffect(() => {
    if (appStatus.status === 'idle') void loadAppStatus();
  }, [appStatus.status, loadAppStatus]);
  useEffect(() => {
    if (served.status === 'idle') void loadServedFormats();
  }, [served.status, loadServedFormats]);
  const formats = connectFormats(served.value ?? []);

  const endpoint = connect.key === key && connect.format === format ? connect : undefined;
  const token = authToken.domain === target.domain ? authToken : undefined;
  const status = appStatus.value;
  const build = (shownToken: string | undefined): ReturnType<typeof connectSnippets> =>
    endpoint?.endpoint && status
      ? connectSnippets(format, {
          serviceEndpoint: status.endpoint,
          region: status.region,
          domain: target.domain,
          domainOwner: status.accountId,
          repository: target.repository,
          repositoryEndpoint: endpoint.endpoint,
          token: shownToken,
        })
      : [];
  // What is copied carries the real token; what is shown carries it only once revealed, so a masked
  // token is never in the page.
  const realSnippets = build(token?.token);
  const snippets = showToken || !token?.token ? realSnippets : build(maskedToken);

  return (
    <div className="connect" data-testid="connect-panel">
      <div className="toolbar">
        <label className="inline-field">
          <span>Format</span>
          <select
            value={format}
            onChange={(event) => setFormat(event.target.value as PackageFormat)}
            data-testid="connect-format"
          >
            {formats.map((item) => (
              <option key={item} value={item}>
                {item}
              </option>
            ))}
          </select>
        </label>
      </div>

      <section className="settings-section">
        <h3>Repository endpoint</h3>
        {!endpoint || endpoint.status === 'loading' ? (
          <Loading />
        ) : endpoint.status === 'error' ? (
          <ErrorMessage error={endpoint.error} />
        ) : (
          <div className="copy-line">
            <code data-testid="repository-endpoint">{endpoint.endpoint}</code>
            <CopyButton text={endpoint.endpoint ?? ''} testId="copy-endpoint" />
          </div>
        )}
      </section>

      <section className="settings-section">
        <h3>Authorization token</h3>
        {!token || token.status === 'loading' ? (
          <Loading />
        ) : token.status === 'error' ? (
          <ErrorMessage error={token.error} />
        ) : (
          <>
            <div className="copy-line">
              <code className="token" data-testid="auth-token">
                {showToken ? token.token : maskedToken}
              </code>
              <button
                type="button"
                className="button small"
                onClick={() => setShowToken(!showToken)}
                aria-pressed={showToken}
                data-testid="toggle-token"
              >
                {showToken ? 'Hide token' : 'Reveal token'}
              </button>
              <CopyButton text={token.token ?? ''} testId="copy-token" />
              <button
                type="button"
                className="button small"
                onClick={() => void loadAuthToken(target.domain)}
              >
                New token
              </button>
            </div>
            <p className="muted small">
              Expires {formatDate(token.expiration)}. Tokens are bearer secrets: keep them out of shared
              files.
            </p>
          </>
        )}
      </section>

      {appStatus.status === 'error' && <ErrorMessage error={appStatus.error} />}
      {served.status === 'error' && <ErrorMessage error={served.error} />}
      {snippets.length > 0 && token?.token && (
        <p className="muted small" data-testid="token-masked-note">
          {showToken
            ? 'The token is shown in the snippets below.'
            : 'The token is masked in the snippets below; Copy copies them with the real token.'}
        </p>
      )}
      <SnippetList shown={snippets} real={realSnippets} />
      {snippets.some((snippet) => snippet.id.endsWith('-login')) && (
        <p className="muted small">
          The AWS CLI signs its requests with the local access key shown in Settings (set AWS_ACCESS_KEY_ID
          and AWS_SECRET_ACCESS_KEY, or a profile).
        </p>
      )}
    </div>
  );
}
