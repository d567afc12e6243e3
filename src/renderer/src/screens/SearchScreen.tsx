/**
 * Search across every domain and repository by package name, with a format filter. The query and
 * format live in the route (`#/search/<format>/<query>`), so a search can be reloaded and shared;
 * typing rewrites the route in place (one history entry however many keys) and the service is asked
 * once typing pauses; Enter in the box and a format choice add a history entry, so Back returns to
 * the search before. Arrow keys move through the results; Enter opens one.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import { useEffect, useRef, useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { onListKeyDown } from '../components/list-navigation';
import { packageFormats } from '../lib/connect-config';
import { plural } from '../lib/format';
import { displayPackageName } from '../store/refs';
import { useApp } from '../store/store-context';
import { hitRoute } from '../lib/palette-items';

/** How long typing must pause before the service is asked. */
export const searchDelayMs = 150;

export function SearchScreen({
  query,
  format,
}: {
  query: string;
  format?: PackageFormat;
}): React.JSX.Element {
  const search = useApp((state) => state.packageSearch.screen);
  const searchPackages = useApp((state) => state.searchPackages);
  const navigate = useApp((state) => state.navigate);
  const [text, setText] = useState(query);
  // The palette can open another search while this screen is up: follow the route's query then.
  const [shown, setShown] = useState(query);
  // After a submitted search, the next keystroke starts a new history entry; the rest replace it.
  const pushNext = useRef(false);
  if (shown !== query) {
    setShown(query);
    setText(query);
  }

  useEffect(() => {
    const timer = setTimeout(
      () => void searchPackages('screen', query, format, { maxResults: 200 }),
      searchDelayMs,
    );
    return () => clearTimeout(timer);
  }, [query, format, searchPackages]);

  const update = (
    next: { query?: string; format?: PackageFormat | undefined },
    history: 'push' | 'replace',
  ): void => {
    const nextQuery = next.query ?? text;
    const nextFormat = 'format' in next ? next.format : format;
    navigate(
      { screen: 'search', query: nextQuery, ...(nextFormat ? { format: nextFormat } : {}) },
      { replace: history === 'replace' },
    );
  };

  const current = search.query === query.trim() && search.format === format;
  const hits = current ? search.hits : [];
  return (
    <section className="screen" data-testid="search-screen">
      <header className="screen-header">
        <div>
          <h1>Search packages</h1>
          <p className="muted">Every domain and repository, by part of a package name.</p>
        </div>
      </header>
      <div className="toolbar">
        <input
          type="search"
          className="search"
          placeholder="Package name"
          aria-label="Package name"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            update({ query: event.target.value }, pushNext.current ? 'push' : 'replace');
            pushNext.current = false;
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              update({ query: text }, 'push');
              pushNext.current = true;
              return;
            }
            if (event.key !== 'ArrowDown') return;
            event.preventDefault();
            document.querySelector<HTMLElement>('[data-testid="search-results"] [data-nav-item]')?.focus();
          }}
          autoFocus
          data-testid="search-input"
        />
        <select
          aria-label="Format"
          value={format ?? 'all'}
          onChange={(event) =>
            update(
              { format: event.target.value === 'all' ? undefined : (event.target.value as PackageFormat) },
              'push',
            )
          }
          data-testid="search-format"
        >
          <option value="all">All formats</option>
          {packageFormats.map((item) => (
            <option key={item} value={item}>
              {item}
            </option>
          ))}
        </select>
        <span className="muted" role="status" data-testid="search-total">
          {query.trim() === ''
            ? ''
            : !current || search.status === 'loading'
              ? 'Searching…'
              : search.status === 'ready'
                ? `${plural(hits.length, 'package')}${search.truncated ? ' (more match: narrow the search)' : ''}`
                : ''}
        </span>
      </div>
      {current && search.status === 'error' && <ErrorMessage error={search.error} />}
      {query.trim() === '' ? (
        <EmptyState title="Type part of a package name" testId="search-empty">
          <p>
            Press <kbd>Ctrl</kbd>+<kbd>K</kbd> (<kbd>⌘</kbd>
            <kbd>K</kbd> on a Mac) anywhere to jump to a package, repository or domain.
          </p>
        </EmptyState>
      ) : current && search.status === 'ready' && hits.length === 0 ? (
        <EmptyState title={`No package name contains “${query.trim()}”`} testId="search-no-match" />
      ) : (
        hits.length > 0 && (
          <table className="table" onKeyDown={onListKeyDown} data-testid="search-results">
            <thead>
              <tr>
                <th>Package</th>
                <th>Format</th>
                <th>Domain</th>
                <th>Repository</th>
                <th className="numeric">Versions</th>
              </tr>
            </thead>
            <tbody>
              {hits.map((hit) => {
                const name = displayPackageName(hit.format, hit.namespace, hit.package);
                return (
                  <tr
                    key={`${hit.domain}/${hit.repository}/${hit.format}/${hit.namespace ?? ''}/${hit.package}`}
                    tabIndex={0}
                    data-nav-item
                    className="clickable"
                    onClick={() => navigate(hitRoute(hit))}
                    data-testid="search-result"
                    data-package={name}
                  >
                    <td className="strong">{name}</td>
                    <td>
                      <span className="chip">{hit.format}</span>
                    </td>
                    <td>{hit.domain}</td>
                    <td>{hit.repository}</td>
                    <td className="numeric">{hit.versionCount.toLocaleString()}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )
      )}
    </section>
  );
}
