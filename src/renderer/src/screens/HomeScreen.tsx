/** The start screen: the domains at a glance, or how to begin when there are none. */
import { useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { formatBytes, formatDate, plural } from '../lib/format';
import { useApp } from '../store/store-context';
import { CreateDomainDialog } from './CreateDomainDialog';
import { QuickStartDialog } from './QuickStartDialog';

export function HomeScreen(): React.JSX.Element {
  const domains = useApp((state) => state.domains);
  const details = useApp((state) => state.domainDetails);
  const navigate = useApp((state) => state.navigate);
  const [creating, setCreating] = useState(false);
  const [quickStart, setQuickStart] = useState(false);
  const empty = domains.status === 'ready' && domains.items.length === 0;
  return (
    <section className="screen" data-testid="home-screen">
      <header className="screen-header">
        <div>
          <h1>Domains</h1>
          <p className="muted">
            A domain holds repositories and stores each asset once, however many repositories hold it.
          </p>
        </div>
        {!empty && (
          <div className="action-group">
            <button
              type="button"
              className="button"
              onClick={() => setQuickStart(true)}
              data-testid="home-quick-start"
            >
              Quick start…
            </button>
            <button
              type="button"
              className="button primary"
              onClick={() => setCreating(true)}
              data-testid="home-new-domain"
            >
              New domain
            </button>
          </div>
        )}
      </header>
      {domains.status === 'loading' && domains.items.length === 0 && <Loading />}
      {empty && (
        <EmptyState title="No domains yet" testId="domains-empty">
          <p>
            Quick start builds a working registry in one step: a domain, an npm, a PyPI and a Maven store that
            keep what they fetch for offline use, and an <code>app</code> repository reading through them,
            then shows the exact client setup.
          </p>
          <button
            type="button"
            className="button primary"
            onClick={() => setQuickStart(true)}
            data-testid="empty-quick-start"
          >
            Quick start
          </button>{' '}
          <button type="button" className="button" onClick={() => setCreating(true)}>
            Or create an empty domain
          </button>
        </EmptyState>
      )}
      {domains.items.length > 0 && (
        <div className="card-grid">
          {domains.items.map((domain) => {
            const detail = details[domain.name ?? ''];
            return (
              <button
                key={domain.name}
                type="button"
                className="card"
                onClick={() =>
                  domain.name && navigate({ screen: 'domain', domain: domain.name, tab: 'repositories' })
                }
                data-testid={`domain-card-${domain.name}`}
              >
                <span className="card-title">{domain.name}</span>
                <span className="muted">
                  {plural(detail?.repositoryCount ?? 0, 'repository', 'repositories')} ·{' '}
                  {formatBytes(detail?.assetSizeBytes)}
                </span>
                <span className="muted small">Created {formatDate(domain.createdTime)}</span>
              </button>
            );
          })}
        </div>
      )}
      {creating && <CreateDomainDialog onClose={() => setCreating(false)} />}
      {quickStart && <QuickStartDialog onClose={() => setQuickStart(false)} />}
    </section>
  );
}
