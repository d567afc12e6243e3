/** The start screen: the domains at a glance, or how to begin when there are none. */
import { useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { formatBytes, formatDate, plural } from '../lib/format';
import { useApp } from '../store/store-context';
import { CreateDomainDialog } from './CreateDomainDialog';

export function HomeScreen(): React.JSX.Element {
  const domains = useApp((state) => state.domains);
  const details = useApp((state) => state.domainDetails);
  const navigate = useApp((state) => state.navigate);
  const [creating, setCreating] = useState(false);
  return (
    <section className="screen" data-testid="home-screen">
      <header className="screen-header">
        <div>
          <h1>Domains</h1>
          <p className="muted">
            A domain holds repositories and stores each asset once, however many repositories hold it.
          </p>
        </div>
        <button
          type="button"
          className="button primary"
          onClick={() => setCreating(true)}
          data-testid="home-new-domain"
        >
          New domain
        </button>
      </header>
      {domains.status === 'loading' && domains.items.length === 0 && <Loading />}
      {domains.status === 'ready' && domains.items.length === 0 && (
        <EmptyState title="No domains yet" testId="domains-empty">
          <p>Create a domain, then repositories in it, and point npm, pip, Maven or the AWS CLI at them.</p>
          <button type="button" className="button primary" onClick={() => setCreating(true)}>
            Create your first domain
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
    </section>
  );
}
