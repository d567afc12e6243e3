/** A domain: its facts, its repositories, its upstream graph, its package groups, its activity and storage. */
import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { onListKeyDown } from '../components/list-navigation';
import { Loading } from '../components/Loading';
import { Tabs } from '../components/Tabs';
import { formatBytes, formatDate } from '../lib/format';
import type { DomainTab } from '../lib/route';
import { repositoryKey } from '../store/refs';
import { useApp } from '../store/store-context';
import { ActivityPanel } from './ActivityPanel';
import { CreateRepositoryDialog } from './CreateRepositoryDialog';
import { PackageGroupsPanel } from './PackageGroupsPanel';
import { PromotePanel } from './PromotePanel';
import { QuickStartDialog } from './QuickStartDialog';
import { StoragePanel } from './StoragePanel';
import { TrashPanel } from './TrashPanel';
import { UpstreamGraph } from './UpstreamGraph';

const tabs = [
  { id: 'repositories', label: 'Repositories' },
  { id: 'graph', label: 'Upstream graph' },
  { id: 'groups', label: 'Package groups' },
  { id: 'activity', label: 'Activity' },
  { id: 'storage', label: 'Storage' },
  { id: 'promote', label: 'Promote' },
  { id: 'trash', label: 'Trash' },
] as const;

function RepositoriesTab({ domain }: { domain: string }): React.JSX.Element {
  const list = useApp((state) => state.repositories[domain]);
  const counts = useApp((state) => state.packageCounts);
  const loadRepositories = useApp((state) => state.loadRepositories);
  const navigate = useApp((state) => state.navigate);
  const [creating, setCreating] = useState(false);
  const [quickStart, setQuickStart] = useState(false);
  useEffect(() => {
    void loadRepositories(domain, { quiet: true });
  }, [domain, loadRepositories]);
  return (
    <div data-testid="domain-repositories">
      <div className="toolbar">
        <button
          type="button"
          className="button primary"
          onClick={() => setCreating(true)}
          data-testid="new-repository-button"
        >
          New repository
        </button>
      </div>
      {(!list || (list.status === 'loading' && list.items.length === 0)) && <Loading />}
      {list?.status === 'error' && <ErrorMessage error={list.error} />}
      {list?.status === 'ready' && list.items.length === 0 && (
        <EmptyState title="No repositories in this domain" testId="repositories-empty">
          <p>A repository holds packages of every format. Create one, then publish to it or add upstreams.</p>
          <p>
            Or let quick start add npm, PyPI and Maven stores with their public connections and an{' '}
            <code>app</code> repository reading through them.
          </p>
          <button
            type="button"
            className="button primary"
            onClick={() => setQuickStart(true)}
            data-testid="domain-quick-start"
          >
            Quick start in {domain}
          </button>
        </EmptyState>
      )}
      {list && list.items.length > 0 && (
        <table className="table" onKeyDown={onListKeyDown}>
          <thead>
            <tr>
              <th>Repository</th>
              <th>Description</th>
              <th className="numeric">Packages</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((repository) => {
              const name = repository.name ?? '';
              const open = (): void =>
                navigate({ screen: 'repository', domain, repository: name, tab: 'packages' });
              return (
                <tr
                  key={name}
                  tabIndex={0}
                  data-nav-item
                  className="clickable"
                  onClick={open}
                  data-testid={`repository-row-${name}`}
                >
                  <td className="strong">{name}</td>
                  <td>{repository.description}</td>
                  <td className="numeric">
                    {counts[repositoryKey({ domain, repository: name })]?.toLocaleString() ?? ''}
                  </td>
                  <td>{formatDate(repository.createdTime)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {creating && <CreateRepositoryDialog domain={domain} onClose={() => setCreating(false)} />}
      {quickStart && <QuickStartDialog domain={domain} onClose={() => setQuickStart(false)} />}
    </div>
  );
}

export function DomainScreen({
  domain,
  tab,
  group,
}: {
  domain: string;
  tab: DomainTab;
  group?: string;
}): React.JSX.Element {
  const detail = useApp((state) => state.domainDetails[domain]);
  const domains = useApp((state) => state.domains);
  const navigate = useApp((state) => state.navigate);
  const deleteDomain = useApp((state) => state.deleteDomain);
  const notify = useApp((state) => state.notify);
  const [deleting, setDeleting] = useState(false);
  const known = domains.items.some((item) => item.name === domain);

  return (
    <section className="screen" data-testid="domain-screen">
      <header className="screen-header">
        <div>
          <p className="eyebrow">Domain</p>
          <h1 data-testid="domain-title">{domain}</h1>
          {detail && (
            <p className="muted facts">
              <span data-testid="domain-repository-count">{detail.repositoryCount ?? 0} repositories</span>
              <span>{formatBytes(detail.assetSizeBytes)} of assets</span>
              <span>owner {detail.owner}</span>
              <span>created {formatDate(detail.createdTime)}</span>
            </p>
          )}
          {detail?.arn && <code className="arn">{detail.arn}</code>}
        </div>
        <button
          type="button"
          className="button danger-outline"
          onClick={() => setDeleting(true)}
          data-testid="delete-domain-button"
        >
          Delete domain
        </button>
      </header>
      {domains.status === 'ready' && !known && (
        <ErrorMessage error={{ message: `There is no domain named ${domain}.` }} />
      )}
      <Tabs
        label="Domain sections"
        items={tabs}
        active={tab}
        onSelect={(next) => navigate({ screen: 'domain', domain, tab: next })}
      />
      <div className="tab-panel" role="tabpanel">
        {tab === 'repositories' && <RepositoriesTab domain={domain} />}
        {tab === 'graph' && <UpstreamGraph domain={domain} />}
        {tab === 'groups' && <PackageGroupsPanel domain={domain} selected={group} />}
        {tab === 'activity' && <ActivityPanel domain={domain} />}
        {tab === 'storage' && <StoragePanel domain={domain} />}
        {tab === 'promote' && <PromotePanel domain={domain} />}
        {tab === 'trash' && <TrashPanel domain={domain} />}
      </div>
      {deleting && (
        <ConfirmDialog
          title={`Delete domain ${domain}?`}
          confirmLabel="Delete domain"
          danger
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await deleteDomain(domain);
            notify('success', `Deleted domain ${domain}.`);
            navigate({ screen: 'home' });
          }}
        >
          <p>
            The domain <strong>{domain}</strong>, its package groups and its policies are removed for good.
            CodeArtifact only deletes a domain that has no repositories left; delete those first.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
