/** A repository: its packages, its settings and how to connect clients to it. */
import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { Tabs } from '../components/Tabs';
import { formatDate } from '../lib/format';
import type { RepositoryTab } from '../lib/route';
import { repositoryKey } from '../store/refs';
import { useApp } from '../store/store-context';
import { ConnectPanel } from './ConnectPanel';
import { PackagesList } from './PackagesList';
import { RepositorySettings } from './RepositorySettings';

const tabs = [
  { id: 'packages', label: 'Packages' },
  { id: 'settings', label: 'Settings' },
  { id: 'connect', label: 'Connect' },
] as const;

export function RepositoryScreen({
  domain,
  repository,
  tab,
}: {
  domain: string;
  repository: string;
  tab: RepositoryTab;
}): React.JSX.Element {
  const state = useApp((store) => store.repository);
  const loadRepository = useApp((store) => store.loadRepository);
  const deleteRepository = useApp((store) => store.deleteRepository);
  const navigate = useApp((store) => store.navigate);
  const notify = useApp((store) => store.notify);
  const [deleting, setDeleting] = useState(false);
  const target = { domain, repository };
  const key = repositoryKey(target);
  useEffect(() => {
    void loadRepository({ domain, repository });
  }, [domain, repository, loadRepository]);
  const description = state.key === key ? state.description : undefined;
  // A repository that cannot be read is said once; nothing is offered that would act on it.
  const failed = state.key === key && state.status === 'error';

  return (
    <section className="screen" data-testid="repository-screen">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <button
          type="button"
          className="link"
          onClick={() => navigate({ screen: 'domain', domain, tab: 'repositories' })}
        >
          {domain}
        </button>
        <span aria-hidden="true">/</span>
        <span>{repository}</span>
      </nav>
      <header className="screen-header">
        <div>
          <p className="eyebrow">Repository</p>
          <h1 data-testid="repository-title">{repository}</h1>
          {description?.description && <p data-testid="repository-description">{description.description}</p>}
          {description && (
            <p className="muted facts">
              <span>
                upstreams:{' '}
                {description.upstreams?.length
                  ? description.upstreams.map((upstream) => upstream.repositoryName).join(' → ')
                  : 'none'}
              </span>
              {description.externalConnections?.length ? (
                <span>
                  external:{' '}
                  {description.externalConnections
                    .map((connection) => connection.externalConnectionName)
                    .join(', ')}
                </span>
              ) : null}
              <span>created {formatDate(description.createdTime)}</span>
            </p>
          )}
        </div>
        {!failed && (
          <button
            type="button"
            className="button danger-outline"
            onClick={() => setDeleting(true)}
            data-testid="delete-repository-button"
          >
            Delete repository
          </button>
        )}
      </header>
      {failed && (
        <>
          <ErrorMessage error={state.error} />
          <p>
            <button
              type="button"
              className="button"
              onClick={() => navigate({ screen: 'domain', domain, tab: 'repositories' })}
            >
              Back to {domain}
            </button>
          </p>
        </>
      )}
      {!failed && (
        <>
          <Tabs
            label="Repository sections"
            items={tabs}
            active={tab}
            onSelect={(next) => navigate({ screen: 'repository', domain, repository, tab: next })}
          />
          <div className="tab-panel grow" role="tabpanel">
            {tab === 'packages' && <PackagesList repository={target} />}
            {tab === 'settings' && <RepositorySettings target={target} />}
            {tab === 'connect' && <ConnectPanel target={target} />}
          </div>
        </>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete repository ${repository}?`}
          confirmLabel="Delete repository"
          danger
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await deleteRepository(target);
            notify('success', `Deleted repository ${repository}.`);
            navigate({ screen: 'domain', domain, tab: 'repositories' });
          }}
        >
          <p>
            The repository <strong>{repository}</strong> and every package version in it are deleted for good.
            Clients configured for it stop working, and repositories that list it as an upstream lose that
            upstream.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
