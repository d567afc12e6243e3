/**
 * A domain's activity timeline: who published, copied, fetched, changed the status of or removed
 * what, and when, newest first. Filter by repository and by part of a package name; more pages load
 * on request. It follows the store: a change anywhere refreshes it in place.
 */
import { useEffect, useState } from 'react';
import type { ActivityEvent } from '../../../shared/app-operations';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { formatDate } from '../lib/format';
import { displayPackageName } from '../store/refs';
import { useApp } from '../store/store-context';

/** How long typing in the package filter must pause before the timeline is read again. */
const filterDelayMs = 250;

/** What the event says, in words: the one place events are worded. */
export function describeActivity(event: ActivityEvent): string {
  const name = displayPackageName(event.format, event.namespace, event.package);
  const target = event.version ? `${name} ${event.version}` : name;
  switch (event.kind) {
    case 'publish':
      return `Published ${target}`;
    case 'copy':
      return `Copied ${target} from ${event.origin ?? 'another repository'}`;
    case 'fetch':
      return `Fetched ${target} through ${event.origin ?? 'an upstream'}`;
    case 'status':
      return `${target}: ${event.fromStatus ?? '?'} → ${event.toStatus ?? '?'}`;
    case 'delete':
      return `Deleted ${target}`;
    case 'package-delete':
      return `Deleted package ${name}`;
    case 'repository-create':
      return `Created repository ${event.repository}`;
    case 'repository-delete':
      return `Deleted repository ${event.repository}`;
  }
}

export function ActivityPanel({ domain }: { domain: string }): React.JSX.Element {
  const activity = useApp((state) => state.activity);
  const repositories = useApp((state) => state.repositories[domain]);
  const loadActivity = useApp((state) => state.loadActivity);
  const [repository, setRepository] = useState('');
  const [packageText, setPackageText] = useState('');

  useEffect(() => {
    const timer = setTimeout(
      () => void loadActivity(domain, { repository, package: packageText }),
      packageText ? filterDelayMs : 0,
    );
    return () => clearTimeout(timer);
  }, [domain, repository, packageText, loadActivity]);

  const current = activity?.domain === domain ? activity : undefined;
  const events = current?.events ?? [];
  return (
    <div data-testid="domain-activity">
      <div className="toolbar">
        <select
          aria-label="Repository"
          value={repository}
          onChange={(event) => setRepository(event.target.value)}
          data-testid="activity-repository"
        >
          <option value="">All repositories</option>
          {(repositories?.items ?? []).map((item) => (
            <option key={item.name} value={item.name}>
              {item.name}
            </option>
          ))}
        </select>
        <input
          type="search"
          className="search"
          placeholder="Package name"
          aria-label="Package name"
          value={packageText}
          onChange={(event) => setPackageText(event.target.value)}
          data-testid="activity-package"
        />
      </div>
      {current?.status === 'error' && <ErrorMessage error={current.error} />}
      {(!current || (current.status === 'loading' && events.length === 0)) && (
        <Loading label="Loading activity…" />
      )}
      {current?.status === 'ready' && events.length === 0 && (
        <EmptyState title="Nothing happened here yet" testId="activity-empty">
          <p>Publishes, copies, fetches through upstreams, status changes and removals show up here.</p>
        </EmptyState>
      )}
      {events.length > 0 && (
        <table className="table" data-testid="activity-table">
          <thead>
            <tr>
              <th>When</th>
              <th>What</th>
              <th>Repository</th>
              <th>Who</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id} data-testid="activity-event" data-kind={event.kind}>
                <td className="muted small nowrap">{formatDate(new Date(event.time))}</td>
                <td className="strong" data-testid="activity-what">
                  {describeActivity(event)}
                </td>
                <td>{event.repository}</td>
                <td className="muted small" title={`through ${event.operation}`} data-testid="activity-who">
                  {event.actor}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {current?.nextToken && (
        <div className="toolbar">
          <button
            type="button"
            className="button"
            disabled={current.status === 'loading'}
            onClick={() => void loadActivity(domain, current.filter, { more: true })}
            data-testid="activity-more"
          >
            Show older
          </button>
        </div>
      )}
    </div>
  );
}
