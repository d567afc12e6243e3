/**
 * The sidebar: every domain with its repository count and stored size, and under an expanded domain
 * its repositories with their package counts. Arrow keys move through the entries.
 */
import { useEffect, useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { onListKeyDown } from '../components/list-navigation';
import { formatBytes } from '../lib/format';
import { repositoryKey } from '../store/refs';
import { useApp, useAppShallow } from '../store/store-context';
import { CreateDomainDialog } from './CreateDomainDialog';

function DomainRepositories({ domain }: { domain: string }): React.JSX.Element {
  const list = useApp((state) => state.repositories[domain]);
  const counts = useApp((state) => state.packageCounts);
  const route = useApp((state) => state.route);
  const { loadRepositories, countPackages, navigate } = useAppShallow((state) => ({
    loadRepositories: state.loadRepositories,
    countPackages: state.countPackages,
    navigate: state.navigate,
  }));
  useEffect(() => {
    if (!list) void loadRepositories(domain);
  }, [domain, list, loadRepositories]);
  const items = list?.items;
  useEffect(() => {
    if (list?.status !== 'ready' || !items) return;
    for (const repository of items)
      if (repository.name) void countPackages({ domain, repository: repository.name });
  }, [domain, items, list?.status, countPackages]);

  if (!list || (list.status === 'loading' && list.items.length === 0))
    return <p className="sidebar-note">Loading…</p>;
  if (list.status === 'error') return <ErrorMessage error={list.error} />;
  if (list.items.length === 0) return <p className="sidebar-note">No repositories yet</p>;
  const openRepository = 'repository' in route ? route.repository : undefined;
  return (
    <ul className="sidebar-repositories">
      {list.items.map((repository) => {
        const name = repository.name ?? '';
        const count = counts[repositoryKey({ domain, repository: name })];
        const current = 'domain' in route && route.domain === domain && openRepository === name;
        return (
          <li key={name}>
            <button
              type="button"
              data-nav-item
              className={`sidebar-item repository${current ? ' current' : ''}`}
              aria-current={current ? 'page' : undefined}
              onClick={() => navigate({ screen: 'repository', domain, repository: name, tab: 'packages' })}
              data-testid={`sidebar-repository-${name}`}
            >
              <span className="sidebar-label">{name}</span>
              <span className="count" title="Packages" data-testid="package-count">
                {count === undefined ? '' : count.toLocaleString()}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function Sidebar(): React.JSX.Element {
  const domains = useApp((state) => state.domains);
  const details = useApp((state) => state.domainDetails);
  const route = useApp((state) => state.route);
  const navigate = useApp((state) => state.navigate);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [creating, setCreating] = useState(false);
  const routeDomain = 'domain' in route ? route.domain : undefined;

  const toggle = (name: string): void =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });

  return (
    <nav
      className="sidebar"
      aria-label="Domains and repositories"
      data-testid="sidebar"
      onKeyDown={onListKeyDown}
    >
      <div className="sidebar-header">
        <h2>Domains</h2>
        <button
          type="button"
          className="button small"
          onClick={() => setCreating(true)}
          data-testid="new-domain-button"
        >
          New domain
        </button>
      </div>
      {domains.status === 'error' && <ErrorMessage error={domains.error} />}
      {domains.status === 'ready' && domains.items.length === 0 && (
        <p className="sidebar-note">No domains yet</p>
      )}
      <ul className="sidebar-domains">
        {domains.items.map((domain) => {
          const name = domain.name ?? '';
          const detail = details[name];
          const expanded = !collapsed.has(name);
          const current = routeDomain === name && route.screen === 'domain';
          return (
            <li key={name} data-testid={`sidebar-domain-${name}`}>
              <div className="sidebar-domain-row">
                <button
                  type="button"
                  className="icon-button disclosure"
                  aria-expanded={expanded}
                  aria-label={`${expanded ? 'Collapse' : 'Expand'} ${name}`}
                  onClick={() => toggle(name)}
                >
                  {expanded ? '▾' : '▸'}
                </button>
                <button
                  type="button"
                  data-nav-item
                  className={`sidebar-item domain${current ? ' current' : ''}`}
                  aria-current={current ? 'page' : undefined}
                  onClick={() => navigate({ screen: 'domain', domain: name, tab: 'repositories' })}
                  onKeyDown={(event) => {
                    if (event.key === 'ArrowRight' && !expanded) toggle(name);
                    if (event.key === 'ArrowLeft' && expanded) toggle(name);
                  }}
                  data-testid={`sidebar-domain-button-${name}`}
                >
                  <span className="sidebar-label">{name}</span>
                  <span
                    className="count"
                    title={`${detail?.repositoryCount ?? 0} repositories, ${formatBytes(detail?.assetSizeBytes)} of assets`}
                    data-testid="repository-count"
                  >
                    {detail?.repositoryCount ?? ''}
                  </span>
                </button>
              </div>
              {expanded && <DomainRepositories domain={name} />}
            </li>
          );
        })}
      </ul>
      {creating && <CreateDomainDialog onClose={() => setCreating(false)} />}
    </nav>
  );
}
