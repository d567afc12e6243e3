/**
 * A domain's Promote tab: pick a source and a destination repository (optionally only the packages a
 * package group pattern matches) and compare them; choose versions only in the source, or versions
 * both hold with different assets, then preview the promotion (a dry run with CopyPackageVersions'
 * own per-version decision) or run it, and see what happened to each version.
 */
import { useEffect, useMemo, useState } from 'react';
import type { DiffVersion, PromotionOutcome, RepositoryDiff } from '../../../shared/app-operations';
import { packageLabel, versionLabel } from '../../../shared/package-version-label';
import { ErrorMessage } from '../components/ErrorMessage';
import { NameSelect } from '../components/NameSelect';
import { Loading } from '../components/Loading';
import { StatusChip } from '../components/StatusChip';
import { useApp } from '../store/store-context';

function keyOf(version: Omit<DiffVersion, 'status'>): string {
  return versionLabel(version);
}

function coordinates(version: DiffVersion): Omit<DiffVersion, 'status'> {
  const { status: _status, ...rest } = version;
  return rest;
}

function DiffTable({
  title,
  testId,
  versions,
  selected,
  onToggle,
}: {
  title: string;
  testId: string;
  versions: readonly DiffVersion[];
  selected?: ReadonlySet<string>;
  onToggle?: (key: string) => void;
}): React.JSX.Element {
  return (
    <section className="settings-section" data-testid={testId}>
      <h3>
        {title} <span className="muted">({versions.length})</span>
      </h3>
      {versions.length === 0 ? (
        <p className="muted small">None.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              {onToggle && <th className="check-cell">Promote</th>}
              <th>Format</th>
              <th>Package</th>
              <th>Version</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => {
              const key = keyOf(version);
              return (
                <tr key={key} data-testid="diff-row" data-version={key}>
                  {onToggle && (
                    <td className="check-cell">
                      <input
                        type="checkbox"
                        aria-label={`Promote ${key}`}
                        checked={selected?.has(key) ?? false}
                        onChange={() => onToggle(key)}
                        data-testid="diff-select"
                      />
                    </td>
                  )}
                  <td className="muted small">{version.format}</td>
                  <td>{packageLabel(version)}</td>
                  <td>{version.version}</td>
                  <td>
                    <StatusChip status={version.status} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ResultTable({
  outcomes,
  dryRun,
}: {
  outcomes: readonly PromotionOutcome[];
  dryRun: boolean;
}): React.JSX.Element {
  const ok = outcomes.filter((o) => o.outcome === 'COPIED' || o.outcome === 'WOULD_COPY').length;
  return (
    <section className="settings-section" data-testid="promotion-result">
      <h3 data-testid="promotion-summary">
        {dryRun
          ? `Preview: ${ok} of ${outcomes.length} version(s) would be copied; nothing was written.`
          : `Copied ${ok} of ${outcomes.length} version(s).`}
      </h3>
      <table className="table">
        <thead>
          <tr>
            <th>Result</th>
            <th>Version</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {outcomes.map((outcome) => (
            <tr
              key={versionLabel(outcome)}
              data-testid="promotion-row"
              data-version={versionLabel(outcome)}
              data-outcome={outcome.outcome}
            >
              <td className="strong">{outcome.outcome}</td>
              <td>{versionLabel(outcome)}</td>
              <td className="small">{outcome.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function PromotePanel({ domain }: { domain: string }): React.JSX.Element {
  const list = useApp((state) => state.repositories[domain]);
  const groups = useApp((state) => state.groups);
  const loadRepositories = useApp((state) => state.loadRepositories);
  const loadGroups = useApp((state) => state.loadGroups);
  const promotion = useApp((state) => state.promotion);
  const diffRepositories = useApp((state) => state.diffRepositories);
  const promoteVersions = useApp((state) => state.promoteVersions);
  const [source, setSource] = useState('');
  const [destination, setDestination] = useState('');
  const [group, setGroup] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  // The versions chosen for the diff on screen; a new diff starts with every version only in the source.
  const [selection, setSelection] = useState<{ diff?: RepositoryDiff; keys: ReadonlySet<string> }>({
    keys: new Set(),
  });
  useEffect(() => {
    void loadRepositories(domain, { quiet: true });
    void loadGroups(domain, { quiet: true });
  }, [domain, loadRepositories, loadGroups]);

  const { diff, result } = promotion;
  const shown = diff.request?.domain === domain ? diff : undefined;
  const value = shown?.value;
  const selected =
    selection.diff === value ? selection.keys : new Set((value?.onlyInSource ?? []).map(keyOf));
  const candidates = useMemo(
    () => new Map([...(value?.onlyInSource ?? []), ...(value?.differing ?? [])].map((v) => [keyOf(v), v])),
    [value],
  );
  const names = (list?.items ?? []).map((repository) => repository.name ?? '');
  const request = shown?.request;
  const ready = source !== '' && destination !== '' && source !== destination;
  const toggle = (key: string): void => {
    const next = new Set(selected);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setSelection({ ...(value ? { diff: value } : {}), keys: next });
  };
  const promote = (dryRun: boolean): void => {
    if (!request) return;
    const versions = [...selected].flatMap((key) => {
      const version = candidates.get(key);
      return version ? [coordinates(version)] : [];
    });
    void promoteVersions({ ...request, versions, allowOverwrite: overwrite, dryRun });
  };
  const picker = (
    label: string,
    current: string,
    set: (name: string) => void,
    testId: string,
  ): React.JSX.Element => (
    <label className="field">
      <span>{label}</span>
      <NameSelect
        names={names}
        value={current}
        onChange={set}
        placeholder="Choose a repository"
        testId={testId}
      />
    </label>
  );

  return (
    <div data-testid="promote-panel">
      <p className="muted">
        Compare two repositories of {domain}, then copy versions from the source to the destination with
        CopyPackageVersions&apos; rules. Preview first: the dry run answers for each version what the copy
        would do and writes nothing.
      </p>
      <form
        className="mirror-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!ready) return;
          void diffRepositories({
            domain,
            sourceRepository: source,
            destinationRepository: destination,
            ...(group.trim() ? { packageGroup: group.trim() } : {}),
          });
        }}
      >
        {picker('Source', source, setSource, 'promote-source')}
        {picker('Destination', destination, setDestination, 'promote-destination')}
        <label className="field">
          <span>Package group</span>
          <input
            value={group}
            list="promote-groups"
            placeholder="all packages"
            onChange={(event) => setGroup(event.target.value)}
            data-testid="promote-group"
            autoComplete="off"
            spellCheck={false}
          />
          <small>a pattern such as /npm/acme/*; only matching packages are compared</small>
          <datalist id="promote-groups">
            {groups.domain === domain &&
              groups.items.map((item) => <option key={item.pattern} value={item.pattern} />)}
          </datalist>
        </label>
        <div className="mirror-actions">
          <button type="submit" className="button primary" disabled={!ready} data-testid="promote-compare">
            Compare
          </button>
          {source !== '' && source === destination && (
            <span className="muted small">Choose two different repositories.</span>
          )}
        </div>
      </form>
      {shown?.status === 'loading' && <Loading />}
      <ErrorMessage error={shown?.error} />
      {value && request && (
        <>
          <DiffTable
            title={`Only in ${request.sourceRepository}`}
            testId="diff-only-in-source"
            versions={value.onlyInSource}
            selected={selected}
            onToggle={toggle}
          />
          <DiffTable
            title="In both with different assets"
            testId="diff-differing"
            versions={value.differing}
            selected={selected}
            onToggle={toggle}
          />
          <DiffTable
            title={`Only in ${request.destinationRepository}`}
            testId="diff-only-in-destination"
            versions={value.onlyInDestination}
          />
          <div className="mirror-actions">
            <label className="check">
              <input
                type="checkbox"
                checked={overwrite}
                onChange={(event) => setOverwrite(event.target.checked)}
                data-testid="promote-overwrite"
              />
              Overwrite versions the destination holds with other assets
            </label>
            <button
              type="button"
              className="button"
              disabled={selected.size === 0 || result.status === 'loading'}
              onClick={() => promote(true)}
              data-testid="promote-preview"
            >
              Preview
            </button>
            <button
              type="button"
              className="button primary"
              disabled={selected.size === 0 || result.status === 'loading'}
              onClick={() => promote(false)}
              data-testid="promote-run"
            >
              Promote {selected.size} version{selected.size === 1 ? '' : 's'} to{' '}
              {request.destinationRepository}
            </button>
          </div>
        </>
      )}
      {result.status === 'loading' && <Loading />}
      <ErrorMessage error={result.error} />
      {result.value && <ResultTable outcomes={result.value.outcomes} dryRun={result.value.dryRun} />}
    </div>
  );
}
