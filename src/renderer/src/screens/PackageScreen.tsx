/**
 * A package in a repository: its origin controls, its versions (status chips, every npm dist-tag,
 * filter by status, selection for bulk actions) and deleting it.
 */
import type {
  AllowPublish,
  AllowUpstream,
  PackageOriginRestrictions,
  PackageVersionStatus,
} from '@aws-sdk/client-codeartifact';
import { useEffect, useMemo, useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { displayPackageName, packageKey, type PackageRef } from '../store/refs';
import { useApp } from '../store/store-context';
import { filterVersions } from '../store/versions-slice';
import { actionsForAll, isIrreversible, type VersionAction } from '../lib/version-actions';
import { actionLabels, VersionActionDialog } from './VersionActionDialog';
import { LatestLine } from './LatestLine';
import { PackageOverview } from './PackageOverview';
import { VersionsTable } from './VersionsTable';
import { WhyThisVersion } from './WhyThisVersion';

const statusFilters: readonly (PackageVersionStatus | 'all')[] = [
  'all',
  'Published',
  'Unlisted',
  'Archived',
  'Disposed',
  'Unfinished',
];

function Breadcrumbs({ target, version }: { target: PackageRef; version?: string }): React.JSX.Element {
  const navigate = useApp((state) => state.navigate);
  const name = displayPackageName(target.format, target.namespace, target.package);
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumbs">
      <button
        type="button"
        className="link"
        onClick={() => navigate({ screen: 'domain', domain: target.domain, tab: 'repositories' })}
      >
        {target.domain}
      </button>
      <span aria-hidden="true">/</span>
      <button
        type="button"
        className="link"
        onClick={() =>
          navigate({
            screen: 'repository',
            domain: target.domain,
            repository: target.repository,
            tab: 'packages',
          })
        }
        data-testid="breadcrumb-repository"
      >
        {target.repository}
      </button>
      <span aria-hidden="true">/</span>
      {version ? (
        <>
          <button
            type="button"
            className="link"
            onClick={() => navigate({ screen: 'package', ...target })}
            data-testid="breadcrumb-package"
          >
            {name}
          </button>
          <span aria-hidden="true">/</span>
          <span>{version}</span>
        </>
      ) : (
        <span>{name}</span>
      )}
    </nav>
  );
}

export { Breadcrumbs as PackageBreadcrumbs };

function OriginControls({ target }: { target: PackageRef }): React.JSX.Element | null {
  const pkg = useApp((state) => state.pkg);
  const restrictions =
    pkg.key === packageKey(target) ? pkg.description?.originConfiguration?.restrictions : undefined;
  if (!restrictions) return null;
  const saved = { publish: restrictions.publish ?? 'ALLOW', upstream: restrictions.upstream ?? 'ALLOW' };
  return <OriginEditor key={`${saved.publish}/${saved.upstream}`} target={target} saved={saved} />;
}

function OriginEditor({
  target,
  saved,
}: {
  target: PackageRef;
  saved: PackageOriginRestrictions;
}): React.JSX.Element {
  const putOriginConfiguration = useApp((state) => state.putOriginConfiguration);
  const [publish, setPublish] = useState<AllowPublish>(saved.publish ?? 'ALLOW');
  const [upstream, setUpstream] = useState<AllowUpstream>(saved.upstream ?? 'ALLOW');
  const [confirming, setConfirming] = useState(false);
  const restrictions = saved;
  const changed = publish !== restrictions.publish || upstream !== restrictions.upstream;
  return (
    <section className="settings-section" data-testid="package-origin">
      <h3>Origin controls</h3>
      <div className="toolbar">
        <label className="inline-field">
          <span>Publish</span>
          <select
            value={publish}
            onChange={(event) => setPublish(event.target.value as AllowPublish)}
            data-testid="origin-publish"
          >
            <option value="ALLOW">Allow</option>
            <option value="BLOCK">Block</option>
          </select>
        </label>
        <label className="inline-field">
          <span>Upstream</span>
          <select
            value={upstream}
            onChange={(event) => setUpstream(event.target.value as AllowUpstream)}
            data-testid="origin-upstream"
          >
            <option value="ALLOW">Allow</option>
            <option value="BLOCK">Block</option>
          </select>
        </label>
        <button
          type="button"
          className="button primary"
          disabled={!changed}
          onClick={() => setConfirming(true)}
          data-testid="save-package-origin"
        >
          Save
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title="Change origin controls?"
          confirmLabel="Save origin controls"
          onClose={() => setConfirming(false)}
          onConfirm={() => putOriginConfiguration(target, { publish, upstream })}
        >
          <ul>
            <li>
              Publishing new versions directly to {target.repository}:{' '}
              <strong>{publish === 'ALLOW' ? 'allowed' : 'refused'}</strong>.
            </li>
            <li>
              New versions from upstream repositories and external connections:{' '}
              <strong>{upstream === 'ALLOW' ? 'retained' : 'no longer retained'}</strong>.
              {upstream === 'BLOCK' && ' Versions already here stay.'}
            </li>
          </ul>
        </ConfirmDialog>
      )}
    </section>
  );
}

export function PackageScreen({ target }: { target: PackageRef }): React.JSX.Element {
  const versions = useApp((state) => state.versions);
  const pkg = useApp((state) => state.pkg);
  const filter = useApp((state) => state.versionStatusFilter);
  const selected = useApp((state) => state.selectedVersions);
  const loadVersions = useApp((state) => state.loadVersions);
  const loadPackage = useApp((state) => state.loadPackage);
  const setFilter = useApp((state) => state.setVersionStatusFilter);
  const toggle = useApp((state) => state.toggleVersionSelection);
  const setSelection = useApp((state) => state.setVersionSelection);
  const deletePackage = useApp((state) => state.deletePackage);
  const navigate = useApp((state) => state.navigate);
  const notify = useApp((state) => state.notify);
  const [action, setAction] = useState<{ kind: VersionAction; versions: string[] }>();
  const [deleting, setDeleting] = useState(false);
  const key = packageKey(target);

  useEffect(() => {
    void loadVersions(target);
    void loadPackage(target);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, loadVersions, loadPackage]);

  const current = versions.key === key ? versions : undefined;
  const items = current?.items;
  const shown = useMemo(() => filterVersions(items ?? [], filter), [items, filter]);
  const counts = useMemo(() => {
    const byStatus = new Map<string, number>();
    for (const item of items ?? [])
      byStatus.set(item.status ?? '', (byStatus.get(item.status ?? '') ?? 0) + 1);
    return byStatus;
  }, [items]);
  const distTags = current?.distTags;
  // Tags by the version they name, each version's tags in name order with `latest` first.
  const tagsByVersion = useMemo(() => {
    const byVersion = new Map<string, string[]>();
    for (const [tag, version] of Object.entries(distTags ?? {}))
      byVersion.set(version, [...(byVersion.get(version) ?? []), tag]);
    for (const tags of byVersion.values())
      tags.sort((a, b) => (a === 'latest' ? -1 : b === 'latest' ? 1 : a.localeCompare(b)));
    return byVersion;
  }, [distTags]);
  const tagsOf = (version: string): string[] => {
    if (distTags) return tagsByVersion.get(version) ?? [];
    return version === current?.defaultDisplayVersion ? ['latest'] : [];
  };
  const statusOf = useMemo(
    () => new Map((items ?? []).map((item) => [item.version ?? '', item.status])),
    [items],
  );
  const missing = current?.status === 'error' && current.error?.name === 'ResourceNotFoundException';
  const selectedStatuses = selected.map((version) => statusOf.get(version));
  const name = displayPackageName(target.format, target.namespace, target.package);
  const allShownSelected = shown.length > 0 && shown.every((item) => selected.includes(item.version ?? ''));

  return (
    <section className="screen" data-testid="package-screen">
      <Breadcrumbs target={target} />
      <header className="screen-header">
        <div>
          <p className="eyebrow">
            <span className="chip">{target.format}</span> package
          </p>
          <h1 data-testid="package-title">{name}</h1>
          {current?.status === 'ready' && (
            <LatestLine
              format={target.format}
              resolved={current.clientLatest}
              fallback={current.defaultDisplayVersion}
            />
          )}
        </div>
        {!missing && (
          <button
            type="button"
            className="button danger-outline"
            onClick={() => setDeleting(true)}
            data-testid="delete-package-button"
          >
            Delete package
          </button>
        )}
      </header>
      {/* One failure, one message: the versions' error is shown below when both reads failed. */}
      {pkg.key === key && pkg.status === 'error' && current?.status !== 'error' && (
        <ErrorMessage error={pkg.error} />
      )}
      {current?.status === 'ready' && <PackageOverview target={target} />}
      <OriginControls target={target} />
      <WhyThisVersion target={target} />

      <section className="settings-section">
        <h3>Versions</h3>
        {distTags && Object.keys(distTags).length > 0 && (
          <p className="chip-row" data-testid="dist-tags">
            <span className="muted">Dist-tags</span>
            {Object.entries(distTags)
              .sort(([a], [b]) => (a === 'latest' ? -1 : b === 'latest' ? 1 : a.localeCompare(b)))
              .map(([tag, version]) => (
                <span
                  key={tag}
                  className="chip tag"
                  title={`npm dist-tag ${tag} → ${version}`}
                  data-testid="dist-tags-entry"
                  data-tag={tag}
                >
                  {tag}: {version}
                </span>
              ))}
          </p>
        )}
        {current?.distTagsError && <ErrorMessage error={current.distTagsError} />}
        <div className="chip-filter" role="radiogroup" aria-label="Filter by status">
          {statusFilters.map((status) => (
            <button
              key={status}
              type="button"
              role="radio"
              aria-checked={filter === status}
              className={`filter-chip${filter === status ? ' active' : ''}`}
              onClick={() => setFilter(status)}
              data-testid={`status-filter-${status}`}
            >
              {status === 'all' ? 'All' : status}{' '}
              <span className="count">
                {status === 'all' ? (items?.length ?? 0) : (counts.get(status) ?? 0)}
              </span>
            </button>
          ))}
        </div>
        {selected.length > 0 && (
          <div className="bulk-bar" data-testid="bulk-bar">
            <span>{selected.length} selected</span>
            {actionsForAll(selectedStatuses).map((item) => (
              <button
                key={item}
                type="button"
                className={`button small${isIrreversible(item) ? ' danger-outline' : ''}`}
                onClick={() => setAction({ kind: item, versions: selected })}
                data-testid={`bulk-${item}`}
              >
                {actionLabels[item]}
              </button>
            ))}
            <button type="button" className="button small" onClick={() => setSelection([])}>
              Clear selection
            </button>
          </div>
        )}
        {(!current || (current.status === 'loading' && current.items.length === 0)) && (
          <Loading label="Loading versions…" />
        )}
        {current?.status === 'error' && <ErrorMessage error={current.error} />}
        {current?.status === 'ready' && current.items.length === 0 && (
          <EmptyState title="This package has no versions" testId="versions-empty">
            <p>It exists for its origin controls; publishing a version here will follow them.</p>
          </EmptyState>
        )}
        {current && current.items.length > 0 && shown.length === 0 && (
          <EmptyState title={`No ${filter} versions`} testId="versions-no-match" />
        )}
        {shown.length > 0 && (
          <VersionsTable
            items={shown}
            sizes={current?.facts?.sizes}
            publishedTimes={current?.facts?.publishedTimes}
            tagsOf={tagsOf}
            tagTitle={(tag) => (distTags ? `npm dist-tag ${tag}` : 'Default display version')}
            selected={selected}
            allSelected={allShownSelected}
            onToggle={toggle}
            onToggleAll={() =>
              setSelection(
                allShownSelected
                  ? selected.filter((version) => !shown.some((item) => item.version === version))
                  : [...selected, ...shown.map((item) => item.version ?? '')],
              )
            }
            onOpen={(version) => navigate({ screen: 'version', ...target, version })}
          />
        )}
      </section>
      {action && (
        <VersionActionDialog
          action={action.kind}
          target={target}
          versions={action.versions}
          statuses={action.versions.map((version) => statusOf.get(version))}
          onClose={() => setAction(undefined)}
          onDone={() => setSelection([])}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete package ${name}?`}
          confirmLabel="Delete package"
          danger
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await deletePackage(target);
            notify('success', `Deleted package ${name}.`);
            navigate({
              screen: 'repository',
              domain: target.domain,
              repository: target.repository,
              tab: 'packages',
            });
          }}
        >
          <p>
            {name} is removed from {target.repository} with all {items?.length ?? 0} versions, their assets
            and its origin controls. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
