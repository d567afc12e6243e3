/**
 * Package groups of a domain: the tree of patterns (each group under its parent), and for the chosen
 * group its effective origin configuration — what each restriction is set to, what it resolves to
 * and where an inherited value comes from — its associated packages, and the controls to change it.
 */
import type {
  PackageGroupOriginRestrictionMode,
  PackageGroupOriginRestrictionType,
} from '@aws-sdk/client-codeartifact';
import { useEffect, useId, useMemo, useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { FormDialog } from '../components/FormDialog';
import { onListKeyDown } from '../components/list-navigation';
import { Loading } from '../components/Loading';
import {
  groupKey,
  groupTree,
  restrictionTypes,
  type GroupTreeNode,
  type OriginChange,
} from '../store/groups-slice';
import { displayPackageName } from '../store/refs';
import { useApp } from '../store/store-context';
import { FieldHint, fieldHintId } from '../components/FieldHint';
import { checkField, fieldRules } from '../lib/field-check';
import { checkGroupPattern } from '../lib/group-pattern-check';

const modes: readonly PackageGroupOriginRestrictionMode[] = [
  'INHERIT',
  'ALLOW',
  'BLOCK',
  'ALLOW_SPECIFIC_REPOSITORIES',
];

const restrictionLabels: Record<PackageGroupOriginRestrictionType, string> = {
  PUBLISH: 'Publish',
  EXTERNAL_UPSTREAM: 'External upstream',
  INTERNAL_UPSTREAM: 'Internal upstream',
};

const modeLabels: Record<PackageGroupOriginRestrictionMode, string> = {
  INHERIT: 'Inherit from parent',
  ALLOW: 'Allow',
  BLOCK: 'Block',
  ALLOW_SPECIFIC_REPOSITORIES: 'Allow specific repositories',
};

/** Says in words what a restriction mode will do to the group's packages. */
function consequence(
  type: PackageGroupOriginRestrictionType,
  mode: PackageGroupOriginRestrictionMode,
  repositories: string[],
): string {
  const list = repositories.length ? repositories.join(', ') : 'no repository yet';
  const action = {
    PUBLISH: 'publishing new versions',
    EXTERNAL_UPSTREAM: 'fetching versions from external connections (public registries)',
    INTERNAL_UPSTREAM: 'retaining versions from upstream repositories of this domain',
  }[type];
  switch (mode) {
    case 'ALLOW':
      return `${action} is allowed in every repository.`;
    case 'BLOCK':
      return `${action} is refused in every repository; versions already present stay.`;
    case 'ALLOW_SPECIFIC_REPOSITORIES':
      return `${action} is allowed only in: ${list}.`;
    case 'INHERIT':
      return `${action} follows the parent group's effective setting.`;
  }
}

function GroupTree({
  nodes,
  domain,
  selected,
  level,
}: {
  nodes: GroupTreeNode[];
  domain: string;
  selected?: string;
  level: number;
}): React.JSX.Element {
  const navigate = useApp((state) => state.navigate);
  return (
    <ul
      role={level === 1 ? 'tree' : 'group'}
      aria-label={level === 1 ? 'Package groups' : undefined}
      className="group-tree"
    >
      {nodes.map((node) => {
        const pattern = node.group.pattern ?? '';
        return (
          <li
            key={pattern}
            role="treeitem"
            aria-level={level}
            aria-selected={pattern === selected}
            aria-expanded={node.children.length ? true : undefined}
          >
            <button
              type="button"
              data-nav-item
              className={`tree-item${pattern === selected ? ' current' : ''}`}
              onClick={() => navigate({ screen: 'domain', domain, tab: 'groups', group: pattern })}
              data-testid={`group-item-${pattern}`}
            >
              <code>{pattern}</code>
              {node.group.description && <span className="muted small"> {node.group.description}</span>}
            </button>
            {node.children.length > 0 && (
              <GroupTree nodes={node.children} domain={domain} selected={selected} level={level + 1} />
            )}
          </li>
        );
      })}
    </ul>
  );
}

function OriginEditor({ domain, pattern }: { domain: string; pattern: string }): React.JSX.Element {
  const group = useApp((state) => state.group);
  // Keyed by what the service holds, so the draft restarts from it after every save or refresh.
  const savedKey = JSON.stringify([
    group.description?.originConfiguration?.restrictions ?? {},
    group.allowedRepositories,
  ]);
  return <OriginDraft key={savedKey} domain={domain} pattern={pattern} />;
}

function OriginDraft({ domain, pattern }: { domain: string; pattern: string }): React.JSX.Element {
  const group = useApp((state) => state.group);
  const repositories = useApp((state) => state.repositories[domain]?.items);
  const loadRepositories = useApp((state) => state.loadRepositories);
  const updateGroupOrigin = useApp((state) => state.updateGroupOrigin);
  const notify = useApp((state) => state.notify);
  const restrictions = useMemo(
    () => group.description?.originConfiguration?.restrictions ?? {},
    [group.description],
  );
  const initialModes = useMemo(() => {
    const value: Partial<Record<PackageGroupOriginRestrictionType, PackageGroupOriginRestrictionMode>> = {};
    for (const type of restrictionTypes) value[type] = restrictions[type]?.mode ?? 'INHERIT';
    return value;
  }, [restrictions]);
  const [draft, setDraft] = useState(initialModes);
  const [allowed, setAllowed] = useState(group.allowedRepositories);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!repositories) void loadRepositories(domain);
  }, [domain, repositories, loadRepositories]);

  const changedTypes = restrictionTypes.filter(
    (type) =>
      draft[type] !== initialModes[type] ||
      JSON.stringify([...(allowed[type] ?? [])].sort()) !==
        JSON.stringify([...(group.allowedRepositories[type] ?? [])].sort()),
  );
  const change = (): OriginChange => {
    const add: OriginChange['addAllowedRepositories'] = [];
    const remove: OriginChange['removeAllowedRepositories'] = [];
    for (const type of restrictionTypes) {
      const before = new Set(group.allowedRepositories[type] ?? []);
      const after = new Set(allowed[type] ?? []);
      for (const name of after)
        if (!before.has(name)) add.push({ repositoryName: name, originRestrictionType: type });
      for (const name of before)
        if (!after.has(name)) remove.push({ repositoryName: name, originRestrictionType: type });
    }
    return { restrictions: draft, addAllowedRepositories: add, removeAllowedRepositories: remove };
  };

  return (
    <div className="origin-editor" data-testid="group-origin">
      <table className="table">
        <thead>
          <tr>
            <th>Restriction</th>
            <th>Setting</th>
            <th>Effective</th>
            <th>Inherited from</th>
          </tr>
        </thead>
        <tbody>
          {restrictionTypes.map((type) => {
            const restriction = restrictions[type];
            return (
              <tr key={type} data-testid={`origin-row-${type}`}>
                <td>{restrictionLabels[type]}</td>
                <td>
                  <select
                    value={draft[type]}
                    aria-label={`${restrictionLabels[type]} setting`}
                    onChange={(event) =>
                      setDraft({ ...draft, [type]: event.target.value as PackageGroupOriginRestrictionMode })
                    }
                    data-testid={`origin-mode-${type}`}
                  >
                    {modes.map((mode) => (
                      <option key={mode} value={mode}>
                        {modeLabels[mode]}
                      </option>
                    ))}
                  </select>
                  {draft[type] === 'ALLOW_SPECIFIC_REPOSITORIES' && (
                    <div className="allowed-repositories">
                      {(repositories ?? []).map((repository) => {
                        const name = repository.name ?? '';
                        const checked = (allowed[type] ?? []).includes(name);
                        return (
                          <label key={name} className="check">
                            <input
                              type="checkbox"
                              checked={checked}
                              onChange={() =>
                                setAllowed({
                                  ...allowed,
                                  [type]: checked
                                    ? (allowed[type] ?? []).filter((item) => item !== name)
                                    : [...(allowed[type] ?? []), name],
                                })
                              }
                            />
                            {name}
                          </label>
                        );
                      })}
                    </div>
                  )}
                </td>
                <td>
                  <span
                    className={`chip mode-${(restriction?.effectiveMode ?? '').toLowerCase()}`}
                    data-testid={`origin-effective-${type}`}
                  >
                    {restriction?.effectiveMode ?? '—'}
                  </span>
                </td>
                <td>
                  {restriction?.inheritedFrom?.pattern ? (
                    <code>{restriction.inheritedFrom.pattern}</code>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="toolbar">
        <button
          type="button"
          className="button primary"
          disabled={changedTypes.length === 0}
          onClick={() => setConfirming(true)}
          data-testid="save-origin-button"
        >
          Save origin controls
        </button>
        {changedTypes.length > 0 && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setDraft(initialModes);
              setAllowed(group.allowedRepositories);
            }}
          >
            Revert
          </button>
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Change origin controls of ${pattern}?`}
          confirmLabel="Save origin controls"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            await updateGroupOrigin(domain, pattern, change());
            notify('success', `Origin controls of ${pattern} saved.`);
          }}
        >
          <p>For packages in {pattern} and in its sub-groups that inherit:</p>
          <ul>
            {changedTypes.map((type) => (
              <li key={type}>
                <strong>{restrictionLabels[type]}:</strong>{' '}
                {consequence(type, draft[type] ?? 'INHERIT', allowed[type] ?? [])}
              </li>
            ))}
          </ul>
        </ConfirmDialog>
      )}
    </div>
  );
}

function GroupDetail({ domain, pattern }: { domain: string; pattern: string }): React.JSX.Element {
  const group = useApp((state) => state.group);
  const loadGroup = useApp((state) => state.loadGroup);
  const deleteGroup = useApp((state) => state.deleteGroup);
  const navigate = useApp((state) => state.navigate);
  const notify = useApp((state) => state.notify);
  const [deleting, setDeleting] = useState(false);
  useEffect(() => {
    void loadGroup(domain, pattern);
  }, [domain, pattern, loadGroup]);
  if (group.key !== groupKey(domain, pattern) || (group.status === 'loading' && !group.description))
    return <Loading />;
  if (group.status === 'error') return <ErrorMessage error={group.error} />;
  const description = group.description;
  return (
    <div className="group-detail" data-testid="group-detail">
      <header className="section-header">
        <div>
          <h2>
            <code data-testid="group-pattern">{pattern}</code>
          </h2>
          {description?.description && <p>{description.description}</p>}
          <p className="muted small">
            {description?.parent?.pattern ? (
              <>
                Parent <code>{description.parent.pattern}</code> ·{' '}
              </>
            ) : null}
            {description?.contactInfo ? `Contact ${description.contactInfo}` : 'No contact info'}
          </p>
        </div>
        {pattern !== '/*' && (
          <button
            type="button"
            className="button danger-outline"
            onClick={() => setDeleting(true)}
            data-testid="delete-group-button"
          >
            Delete group
          </button>
        )}
      </header>
      <h3>Origin configuration</h3>
      <OriginEditor key={pattern} domain={domain} pattern={pattern} />
      <h3>Associated packages</h3>
      {group.associated.length === 0 ? (
        <EmptyState title="No packages are associated with this group" testId="associated-empty" />
      ) : (
        <table className="table" data-testid="associated-packages">
          <thead>
            <tr>
              <th>Format</th>
              <th>Package</th>
              <th>Association</th>
            </tr>
          </thead>
          <tbody>
            {group.associated.map((item) => (
              <tr key={`${item.format}/${item.namespace ?? ''}/${item.package}`}>
                <td>
                  <span className="chip">{item.format}</span>
                </td>
                <td>{displayPackageName(item.format, item.namespace, item.package)}</td>
                <td>{item.associationType}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete package group ${pattern}?`}
          confirmLabel="Delete group"
          danger
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await deleteGroup(domain, pattern);
            notify('success', `Deleted package group ${pattern}.`);
            navigate({ screen: 'domain', domain, tab: 'groups' });
          }}
        >
          <p>
            Its packages become associated with the next most specific group, and their origin controls follow
            that group from now on. A group with sub-groups cannot be deleted.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function CreateGroupDialog({ domain, onClose }: { domain: string; onClose: () => void }): React.JSX.Element {
  const createGroup = useApp((state) => state.createGroup);
  const navigate = useApp((state) => state.navigate);
  const [pattern, setPattern] = useState('');
  const [description, setDescription] = useState('');
  const [contactInfo, setContactInfo] = useState('');
  const patternId = useId();
  const descriptionId = useId();
  const contactId = useId();
  const patternProblem = pattern.trim() === '' ? undefined : checkGroupPattern(pattern.trim());
  const descriptionProblem = checkField(fieldRules.description, description.trim());
  const contactProblem = checkField(fieldRules.contactInfo, contactInfo.trim());
  return (
    <FormDialog
      title="New package group"
      submitLabel="Create group"
      testId="create-group-dialog"
      submitDisabled={
        pattern.trim() === '' ||
        patternProblem !== undefined ||
        descriptionProblem !== undefined ||
        contactProblem !== undefined
      }
      onClose={onClose}
      onSubmit={async () => {
        await createGroup(domain, {
          pattern: pattern.trim(),
          description: description.trim(),
          contactInfo: contactInfo.trim(),
        });
        navigate({ screen: 'domain', domain, tab: 'groups', group: pattern.trim() });
      }}
    >
      <label className="field">
        <span>Pattern</span>
        <input
          id={patternId}
          data-autofocus
          aria-invalid={patternProblem !== undefined}
          aria-describedby={fieldHintId(patternId)}
          value={pattern}
          onChange={(event) => setPattern(event.target.value)}
          placeholder="/npm/my-scope/*"
          data-testid="group-pattern-input"
          spellCheck={false}
          autoComplete="off"
        />
        <FieldHint
          fieldId={patternId}
          rule="/format/namespace/name ending in $ (one exact package), ~ (a prefix) or * (everything below)."
          problem={patternProblem}
          testId="group-pattern-hint"
        />
      </label>
      <label className="field">
        <span>Description (optional)</span>
        <input
          id={descriptionId}
          aria-invalid={descriptionProblem !== undefined}
          aria-describedby={descriptionProblem ? fieldHintId(descriptionId) : undefined}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          data-testid="group-description-input"
        />
        <FieldHint fieldId={descriptionId} problem={descriptionProblem} testId="group-description-hint" />
      </label>
      <label className="field">
        <span>Contact info (optional)</span>
        <input
          id={contactId}
          aria-invalid={contactProblem !== undefined}
          aria-describedby={contactProblem ? fieldHintId(contactId) : undefined}
          value={contactInfo}
          onChange={(event) => setContactInfo(event.target.value)}
          data-testid="group-contact-input"
        />
        <FieldHint fieldId={contactId} problem={contactProblem} testId="group-contact-hint" />
      </label>
    </FormDialog>
  );
}

export function PackageGroupsPanel({
  domain,
  selected,
}: {
  domain: string;
  selected?: string;
}): React.JSX.Element {
  const groups = useApp((state) => state.groups);
  const loadGroups = useApp((state) => state.loadGroups);
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    void loadGroups(domain);
  }, [domain, loadGroups]);
  const current = groups.domain === domain ? groups : undefined;
  const tree = useMemo(() => groupTree(current?.items ?? []), [current?.items]);
  return (
    <div className="split" data-testid="package-groups">
      <div className="split-list" onKeyDown={onListKeyDown}>
        <div className="toolbar">
          <button
            type="button"
            className="button primary"
            onClick={() => setCreating(true)}
            data-testid="new-group-button"
          >
            New package group
          </button>
        </div>
        {(!current || (current.status === 'loading' && current.items.length === 0)) && <Loading />}
        {current?.status === 'error' && <ErrorMessage error={current.error} />}
        {current?.status === 'ready' && current.items.length === 0 && (
          <EmptyState title="No package groups" />
        )}
        {tree.length > 0 && <GroupTree nodes={tree} domain={domain} selected={selected} level={1} />}
      </div>
      <div className="split-detail">
        {selected ? (
          <GroupDetail domain={domain} pattern={selected} />
        ) : (
          <EmptyState title="Choose a group">
            Every domain has the root group <code>/*</code>. More specific groups set origin controls for the
            packages they match.
          </EmptyState>
        )}
      </div>
      {creating && <CreateGroupDialog domain={domain} onClose={() => setCreating(false)} />}
    </div>
  );
}
