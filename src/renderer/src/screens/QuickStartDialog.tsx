/**
 * Quick start: builds a working laptop registry in one action (see quick-start-slice) and then shows,
 * for the `app` repository, the exact login commands and configuration lines of npm, pip and Maven,
 * with the token masked until revealed.
 */
import { useEffect, useId, useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { FieldHint, fieldHintId } from '../components/FieldHint';
import { Modal } from '../components/Modal';
import { SnippetList } from '../components/SnippetList';
import { connectSnippets, maskedToken } from '../lib/connect-config';
import { checkField, describeRule, fieldRules } from '../lib/field-check';
import { formatDate } from '../lib/format';
import { quickStartApp, quickStartStores, type QuickStartResult } from '../store/quick-start-slice';
import { useApp } from '../store/store-context';
import { DialogFooter } from '../components/DialogFooter';

const stateLabel = {
  pending: 'waiting',
  running: 'working…',
  done: 'done',
  existing: 'already there',
  failed: 'failed',
} as const;

const clientTitle: Record<string, string> = { npm: 'npm', pypi: 'pip and twine', maven: 'Maven' };

function ClientSetup({ result }: { result: QuickStartResult }): React.JSX.Element {
  const appStatus = useApp((state) => state.appStatus);
  const loadAppStatus = useApp((state) => state.loadAppStatus);
  const [reveal, setReveal] = useState(false);
  useEffect(() => {
    if (appStatus.status === 'idle') void loadAppStatus();
  }, [appStatus.status, loadAppStatus]);
  const status = appStatus.value;
  if (!status) return <ErrorMessage error={appStatus.error} />;
  return (
    <div data-testid="quick-start-setup">
      <p>
        Point each client at <strong>{quickStartApp}</strong>: publish there, and installs of public packages
        fall through to the stores. The token expires {formatDate(result.expiration)}.{' '}
        <button
          type="button"
          className="button small"
          aria-pressed={reveal}
          onClick={() => setReveal(!reveal)}
          data-testid="quick-start-reveal"
        >
          {reveal ? 'Hide token' : 'Reveal token'}
        </button>
      </p>
      {quickStartStores.map((store) => {
        const endpoint = result.endpoints[store.format];
        if (!endpoint) return null;
        const build = (token: string): ReturnType<typeof connectSnippets> =>
          connectSnippets(store.format, {
            serviceEndpoint: status.endpoint,
            region: status.region,
            domain: result.domain,
            domainOwner: status.accountId,
            repository: quickStartApp,
            repositoryEndpoint: endpoint,
            token,
          });
        const real = build(result.token);
        return (
          <section
            key={store.format}
            className="quick-start-client"
            data-testid={`quick-start-${store.format}`}
          >
            <h3>{clientTitle[store.format] ?? store.format}</h3>
            <SnippetList shown={reveal ? real : build(maskedToken)} real={real} />
          </section>
        );
      })}
    </div>
  );
}

export function QuickStartDialog({
  onClose,
  domain: givenDomain,
}: {
  onClose: () => void;
  /** Set up in this existing domain instead of asking for a name. */
  domain?: string;
}): React.JSX.Element {
  const quickStart = useApp((state) => state.quickStart);
  const runQuickStart = useApp((state) => state.runQuickStart);
  const resetQuickStart = useApp((state) => state.resetQuickStart);
  const navigate = useApp((state) => state.navigate);
  const [name, setName] = useState(givenDomain ?? 'local');
  const id = useId();
  const problem = checkField(fieldRules.domainName, name.trim());
  useEffect(() => resetQuickStart, [resetQuickStart]);
  const started = quickStart.status !== 'idle';
  const result = quickStart.result;

  return (
    <Modal
      title="Quick start: a working registry on this machine"
      onClose={onClose}
      testId="quick-start-dialog"
      wide
      footer={
        result ? (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              onClose();
              navigate({
                screen: 'repository',
                domain: result.domain,
                repository: quickStartApp,
                tab: 'connect',
              });
            }}
            data-testid="quick-start-open-app"
            data-autofocus
          >
            Open {quickStartApp}
          </button>
        ) : (
          <DialogFooter
            onCancel={onClose}
            onConfirm={() => void runQuickStart(name.trim())}
            busy={quickStart.status === 'running'}
            busyLabel="Building…"
            disabled={problem !== undefined}
            confirmLabel={quickStart.status === 'error' ? 'Try again' : 'Build the registry'}
            testId="quick-start-run"
          />
        )
      }
    >
      {!result && (
        <>
          {!givenDomain && (
            <label className="field">
              <span>Domain name</span>
              <input
                id={id}
                data-autofocus
                value={name}
                disabled={quickStart.status === 'running'}
                onChange={(event) => setName(event.target.value)}
                aria-invalid={problem !== undefined}
                aria-describedby={fieldHintId(id)}
                data-testid="quick-start-domain"
                autoComplete="off"
                spellCheck={false}
              />
              <FieldHint fieldId={id} rule={describeRule(fieldRules.domainName)} problem={problem} />
            </label>
          )}
          {!started && (
            <ul className="plan" data-testid="quick-start-plan">
              {quickStartStores.map((store) => (
                <li key={store.repository}>
                  <strong>{store.repository}</strong>: {store.format} packages from{' '}
                  <code>{store.externalConnection}</code>, kept for offline use
                </li>
              ))}
              <li>
                <strong>{quickStartApp}</strong>: where you publish; it reads through{' '}
                {quickStartStores.map((store) => store.repository).join(', ')}
              </li>
            </ul>
          )}
        </>
      )}
      {started && (
        <ol className="steps" data-testid="quick-start-steps">
          {quickStart.steps.map((step) => (
            <li key={step.label} data-state={step.state}>
              {step.label} <span className="muted small">— {stateLabel[step.state]}</span>
            </li>
          ))}
        </ol>
      )}
      <ErrorMessage error={quickStart.error} />
      {result && <ClientSetup result={result} />}
    </Modal>
  );
}
