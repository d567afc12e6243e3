/**
 * A repository's settings: description, upstreams (ordered; the order is the search order), external
 * connection, permissions policy (a JSON editor that refuses invalid JSON before sending) and tags.
 */
import type { RepositoryDescription } from '@aws-sdk/client-codeartifact';
import { useEffect, useId, useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { FieldHint, fieldHintId } from '../components/FieldHint';
import { checkField, fieldRules } from '../lib/field-check';
import { checkPolicyDocument, formatPolicyDocument } from '../lib/policy-json';
import { toUiError, type UiError } from '../store/load-state';
import { repositoryKey, type RepositoryRef } from '../store/refs';
import { useApp } from '../store/store-context';

/** The external connections CodeArtifact offers, by name. */
export const externalConnections = [
  'public:npmjs',
  'public:pypi',
  'public:maven-central',
  'public:maven-googleandroid',
  'public:maven-gradleplugins',
  'public:maven-commonsware',
  'public:maven-clojars',
  'public:nuget-org',
  'public:ruby-gems-org',
  'public:crates-io',
];

/** Runs a settings action, keeping its failure (verbatim) and a short success note for the section. */
function useAction(): {
  busy: boolean;
  error?: UiError;
  done?: string;
  run: (action: () => Promise<unknown>, doneText: string) => Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError>();
  const [done, setDone] = useState<string>();
  const run = async (action: () => Promise<unknown>, doneText: string): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      await action();
      setDone(doneText);
    } catch (caught) {
      setError(toUiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, run };
}

type Action = ReturnType<typeof useAction>;

function DescriptionSection({
  target,
  description,
}: {
  target: RepositoryRef;
  description: RepositoryDescription;
}): React.JSX.Element {
  const action = useAction();
  // Keyed by the saved text: when it changes (saved here or elsewhere) the editor starts from it again.
  return (
    <DescriptionEditor
      key={description.description ?? ''}
      target={target}
      saved={description.description ?? ''}
      action={action}
    />
  );
}

function DescriptionEditor({
  target,
  saved,
  action,
}: {
  target: RepositoryRef;
  saved: string;
  action: Action;
}): React.JSX.Element {
  const updateRepository = useApp((state) => state.updateRepository);
  const [text, setText] = useState(saved);
  const id = useId();
  const problem = checkField(fieldRules.description, text);
  return (
    <section className="settings-section" data-testid="description-section">
      <h3>Description</h3>
      <textarea
        id={id}
        rows={2}
        value={text}
        onChange={(event) => setText(event.target.value)}
        data-testid="description-input"
        aria-label="Description"
        aria-invalid={problem !== undefined}
        aria-describedby={fieldHintId(id)}
      />
      <FieldHint fieldId={id} problem={problem} testId="description-hint" />
      <div className="toolbar">
        <button
          type="button"
          className="button primary"
          disabled={action.busy || text === saved || problem !== undefined}
          onClick={() =>
            void action.run(() => updateRepository(target, { description: text }), 'Description saved.')
          }
          data-testid="save-description"
        >
          Save description
        </button>
        {action.done && <span className="success-text">{action.done}</span>}
      </div>
      <ErrorMessage error={action.error} />
    </section>
  );
}

function UpstreamsSection({
  target,
  description,
}: {
  target: RepositoryRef;
  description: RepositoryDescription;
}): React.JSX.Element {
  const action = useAction();
  const saved = (description.upstreams ?? []).map((upstream) => upstream.repositoryName ?? '');
  return <UpstreamsEditor key={saved.join('\n')} target={target} saved={saved} action={action} />;
}

function UpstreamsEditor({
  target,
  saved,
  action,
}: {
  target: RepositoryRef;
  saved: string[];
  action: Action;
}): React.JSX.Element {
  const updateRepository = useApp((state) => state.updateRepository);
  const repositories = useApp((state) => state.repositories[target.domain]?.items);
  const loadRepositories = useApp((state) => state.loadRepositories);
  const [draft, setDraft] = useState(saved);
  const [adding, setAdding] = useState('');
  const savedKey = saved.join('\n');
  useEffect(() => {
    if (!repositories) void loadRepositories(target.domain);
  }, [repositories, loadRepositories, target.domain]);
  const candidates = (repositories ?? [])
    .map((repository) => repository.name ?? '')
    .filter((name) => name && name !== target.repository && !draft.includes(name));
  const move = (index: number, delta: number): void => {
    const next = [...draft];
    const [item] = next.splice(index, 1);
    if (item === undefined) return;
    next.splice(Math.max(0, Math.min(next.length, index + delta)), 0, item);
    setDraft(next);
  };
  const changed = draft.join('\n') !== savedKey;
  return (
    <section className="settings-section" data-testid="upstreams-section">
      <h3>Upstream repositories</h3>
      <p className="muted small">
        A package not found here is looked for in these repositories, in this order (up to 10). Alt+↑/↓ moves
        the focused one.
      </p>
      {draft.length === 0 ? (
        <p className="muted">No upstreams.</p>
      ) : (
        <ol className="upstream-list" data-testid="upstream-list">
          {draft.map((name, index) => (
            <li
              key={name}
              tabIndex={0}
              data-testid={`upstream-${name}`}
              onKeyDown={(event) => {
                if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
                  event.preventDefault();
                  move(index, event.key === 'ArrowUp' ? -1 : 1);
                }
              }}
            >
              <span className="upstream-order">{index + 1}</span>
              <span className="strong">{name}</span>
              <span className="row-actions">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move ${name} up`}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                  data-testid={`upstream-up-${name}`}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move ${name} down`}
                  disabled={index === draft.length - 1}
                  onClick={() => move(index, 1)}
                  data-testid={`upstream-down-${name}`}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove ${name}`}
                  onClick={() => setDraft(draft.filter((item) => item !== name))}
                  data-testid={`upstream-remove-${name}`}
                >
                  ×
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <div className="toolbar">
        <select
          value={adding}
          onChange={(event) => setAdding(event.target.value)}
          aria-label="Repository to add as upstream"
          data-testid="upstream-add-select"
        >
          <option value="">Add an upstream…</option>
          {candidates.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          disabled={!adding}
          onClick={() => {
            setDraft([...draft, adding]);
            setAdding('');
          }}
          data-testid="upstream-add-button"
        >
          Add
        </button>
        <button
          type="button"
          className="button primary"
          disabled={!changed || action.busy}
          onClick={() =>
            void action.run(() => updateRepository(target, { upstreams: draft }), 'Upstreams saved.')
          }
          data-testid="save-upstreams"
        >
          Save upstreams
        </button>
        {changed && (
          <button type="button" className="button" onClick={() => setDraft(saved)}>
            Revert
          </button>
        )}
        {action.done && !changed && <span className="success-text">{action.done}</span>}
      </div>
      <ErrorMessage error={action.error} />
    </section>
  );
}

function ExternalConnectionSection({
  target,
  description,
}: {
  target: RepositoryRef;
  description: RepositoryDescription;
}): React.JSX.Element {
  const associate = useApp((state) => state.associateExternalConnection);
  const disassociate = useApp((state) => state.disassociateExternalConnection);
  const [choice, setChoice] = useState('');
  const [removing, setRemoving] = useState<string>();
  const action = useAction();
  const connected = description.externalConnections ?? [];
  return (
    <section className="settings-section" data-testid="external-connection-section">
      <h3>External connection</h3>
      {connected.length > 0 ? (
        <ul className="plain-list">
          {connected.map((connection) => (
            <li key={connection.externalConnectionName} data-testid="external-connection">
              <code>{connection.externalConnectionName}</code>{' '}
              <span className="chip">{connection.packageFormat}</span>{' '}
              <span className="muted">{connection.status}</span>{' '}
              <button
                type="button"
                className="button small danger-outline"
                onClick={() => setRemoving(connection.externalConnectionName)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <>
          <p className="muted small">
            A public registry this repository reads from when a package is not found here.
          </p>
          <div className="toolbar">
            <select
              value={choice}
              onChange={(event) => setChoice(event.target.value)}
              aria-label="External connection"
              data-testid="external-connection-select"
            >
              <option value="">Choose a public registry…</option>
              {externalConnections.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button primary"
              disabled={!choice || action.busy}
              onClick={() => void action.run(() => associate(target, choice), `Connected to ${choice}.`)}
              data-testid="associate-external-connection"
            >
              Connect
            </button>
          </div>
        </>
      )}
      <ErrorMessage error={action.error} />
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing}?`}
          confirmLabel="Remove connection"
          danger
          onClose={() => setRemoving(undefined)}
          onConfirm={() => disassociate(target, removing)}
        >
          <p>
            {target.repository} stops fetching packages from {removing}. Versions already fetched stay in the
            repository.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function PolicySection({ target }: { target: RepositoryRef }): React.JSX.Element {
  const policy = useApp((state) => state.policy);
  const loadPolicy = useApp((state) => state.loadPolicy);
  const action = useAction();
  const key = repositoryKey(target);
  useEffect(() => {
    void loadPolicy(target);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, loadPolicy]);
  if (policy.key !== key || policy.status === 'loading') return <Loading label="Loading policy…" />;
  const document = policy.policy?.document ?? '';
  return (
    <PolicyEditor
      key={`${policy.policy?.revision ?? ''}:${document}`}
      target={target}
      saved={document}
      action={action}
    />
  );
}

function PolicyEditor({
  target,
  saved,
  action,
}: {
  target: RepositoryRef;
  saved: string;
  action: Action;
}): React.JSX.Element {
  const policy = useApp((state) => state.policy);
  const savePolicy = useApp((state) => state.savePolicy);
  const deletePolicy = useApp((state) => state.deletePolicy);
  const [text, setText] = useState(saved ? formatPolicyDocument(saved) : '');
  const [deleting, setDeleting] = useState(false);
  const check = text.trim() === '' ? undefined : checkPolicyDocument(text);
  return (
    <section className="settings-section" data-testid="policy-section">
      <h3>Permissions policy</h3>
      <ErrorMessage error={policy.status === 'error' ? policy.error : undefined} />
      <p className="muted small">
        {policy.policy
          ? `Revision ${policy.policy.revision ?? '—'}.`
          : 'No policy: only the account that owns the domain has access.'}
      </p>
      <textarea
        className="code-editor"
        rows={12}
        spellCheck={false}
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder={'{\n  "Version": "2012-10-17",\n  "Statement": [ … ]\n}'}
        aria-label="Permissions policy JSON"
        aria-invalid={check !== undefined && !check.ok}
        data-testid="policy-editor"
      />
      {check && !check.ok && (
        <p className="field-hint invalid" data-testid="policy-hint">
          {check.message}
        </p>
      )}
      <div className="toolbar">
        <button
          type="button"
          className="button primary"
          disabled={action.busy || !check?.ok}
          onClick={() => void action.run(() => savePolicy(target, text), 'Policy saved.')}
          data-testid="save-policy"
        >
          Save policy
        </button>
        <button
          type="button"
          className="button"
          onClick={() => setText(formatPolicyDocument(text))}
          disabled={!check?.ok}
        >
          Format
        </button>
        {policy.policy && (
          <button
            type="button"
            className="button danger-outline"
            onClick={() => setDeleting(true)}
            data-testid="delete-policy"
          >
            Delete policy
          </button>
        )}
        {action.done && <span className="success-text">{action.done}</span>}
      </div>
      <ErrorMessage error={action.error} testId="policy-error" />
      {deleting && (
        <ConfirmDialog
          title="Delete the permissions policy?"
          confirmLabel="Delete policy"
          danger
          onClose={() => setDeleting(false)}
          onConfirm={() => deletePolicy(target)}
        >
          <p>Every permission the policy grants to other accounts or principals ends at once.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function TagsSection({ arn }: { arn: string }): React.JSX.Element {
  const tags = useApp((state) => state.tags);
  const loadTags = useApp((state) => state.loadTags);
  const addTag = useApp((state) => state.addTag);
  const removeTag = useApp((state) => state.removeTag);
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const action = useAction();
  const keyId = useId();
  const valueId = useId();
  const keyProblem = key === '' ? undefined : checkField(fieldRules.tagKey, key.trim());
  const valueProblem = checkField(fieldRules.tagValue, value);
  useEffect(() => {
    void loadTags(arn);
  }, [arn, loadTags]);
  const current = tags.arn === arn ? tags : undefined;
  return (
    <section className="settings-section" data-testid="tags-section">
      <h3>Tags</h3>
      {current?.status === 'error' && <ErrorMessage error={current.error} />}
      {current && current.items.length > 0 ? (
        <table className="table compact">
          <tbody>
            {current.items.map((tag) => (
              <tr key={tag.key} data-testid={`tag-${tag.key}`}>
                <td className="strong">{tag.key}</td>
                <td>{tag.value}</td>
                <td className="numeric">
                  <button
                    type="button"
                    className="button small"
                    onClick={() =>
                      void action.run(() => removeTag(arn, tag.key ?? ''), `Removed tag ${tag.key}.`)
                    }
                    aria-label={`Remove tag ${tag.key}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        current?.status === 'ready' && <p className="muted">No tags.</p>
      )}
      <form
        className="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            await addTag(arn, key.trim(), value);
            setKey('');
            setValue('');
          }, 'Tag saved.');
        }}
      >
        <input
          id={keyId}
          placeholder="Key"
          aria-label="Tag key"
          aria-invalid={keyProblem !== undefined}
          aria-describedby={keyProblem ? fieldHintId(keyId) : undefined}
          value={key}
          onChange={(event) => setKey(event.target.value)}
          data-testid="tag-key-input"
        />
        <input
          id={valueId}
          placeholder="Value"
          aria-label="Tag value"
          aria-invalid={valueProblem !== undefined}
          aria-describedby={valueProblem ? fieldHintId(valueId) : undefined}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          data-testid="tag-value-input"
        />
        <button
          type="submit"
          className="button"
          disabled={!key.trim() || keyProblem !== undefined || valueProblem !== undefined || action.busy}
          data-testid="add-tag"
        >
          Add tag
        </button>
      </form>
      <FieldHint fieldId={keyId} problem={keyProblem} testId="tag-key-hint" />
      <FieldHint fieldId={valueId} problem={valueProblem} testId="tag-value-hint" />
      <ErrorMessage error={action.error} />
    </section>
  );
}

export function RepositorySettings({ target }: { target: RepositoryRef }): React.JSX.Element {
  const repository = useApp((state) => state.repository);
  if (repository.key !== repositoryKey(target) || !repository.description) {
    return repository.status === 'error' ? <ErrorMessage error={repository.error} /> : <Loading />;
  }
  const description = repository.description;
  return (
    <div className="settings" data-testid="repository-settings">
      <DescriptionSection target={target} description={description} />
      <UpstreamsSection target={target} description={description} />
      <ExternalConnectionSection target={target} description={description} />
      <PolicySection target={target} />
      {description.arn && <TagsSection arn={description.arn} />}
    </div>
  );
}
