/**
 * A repository's packages: search, format filter, and a virtualised list (only the rows in view are
 * in the page) so ten thousand packages scroll smoothly. The latest version of the rows in view is
 * fetched as they appear. Up/Down/PageUp/PageDown/Home/End move the active row; Enter opens it.
 */
import type { PackageFormat, PackageSummary } from '@aws-sdk/client-codeartifact';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { OriginBadges } from '../components/OriginBadges';
import { packageFormats } from '../lib/connect-config';
import { plural } from '../lib/format';
import { filterPackages } from '../store/packages-slice';
import {
  displayPackageName,
  packageKey,
  repositoryKey,
  type PackageRef,
  type RepositoryRef,
} from '../store/refs';
import { useApp } from '../store/store-context';

const rowHeight = 40;

function refOf(repository: RepositoryRef, item: PackageSummary): PackageRef {
  return {
    ...repository,
    format: item.format ?? 'generic',
    package: item.package ?? '',
    ...(item.namespace ? { namespace: item.namespace } : {}),
  };
}

export function PackagesList({ repository }: { repository: RepositoryRef }): React.JSX.Element {
  const packages = useApp((state) => state.packages);
  const filter = useApp((state) => state.packageFilter);
  const latestVersions = useApp((state) => state.latestVersions);
  const loadPackages = useApp((state) => state.loadPackages);
  const setPackageFilter = useApp((state) => state.setPackageFilter);
  const loadLatestVersions = useApp((state) => state.loadLatestVersions);
  const navigate = useApp((state) => state.navigate);
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const key = repositoryKey(repository);

  useEffect(() => {
    void loadPackages(repository);
    // The repository's identity is its key; the object itself is rebuilt on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, loadPackages]);

  const current = packages.key === key ? packages : undefined;
  const items = current?.items;
  const visible = useMemo(() => filterPackages(items ?? [], filter), [items, filter]);
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? -1;

  useEffect(() => {
    if (last < first) return;
    const timer = setTimeout(() => {
      void loadLatestVersions(visible.slice(first, last + 1).map((item) => refOf(repository, item)));
    }, 60);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [first, last, visible, key, loadLatestVersions]);

  useEffect(() => setActive(0), [filter, key]);

  const open = (item: PackageSummary | undefined): void => {
    if (item) navigate({ screen: 'package', ...refOf(repository, item) });
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>): void => {
    if (visible.length === 0) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: visible.length - 1,
    };
    if (event.key === 'Enter') {
      event.preventDefault();
      open(visible[active]);
      return;
    }
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(visible.length - 1, target));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const formatsPresent = useMemo(() => {
    const present = new Set((items ?? []).map((item) => item.format));
    return packageFormats.filter((format) => present.has(format));
  }, [items]);

  if (!current || (current.status === 'loading' && current.items.length === 0))
    return <Loading label="Loading packages…" />;
  if (current.status === 'error' && current.items.length === 0) return <ErrorMessage error={current.error} />;

  return (
    <div className="packages" data-testid="packages-list">
      <div className="toolbar">
        <input
          type="search"
          className="search"
          placeholder="Search packages"
          aria-label="Search packages"
          value={filter.search}
          onChange={(event) => setPackageFilter({ search: event.target.value })}
          data-testid="package-search"
        />
        <select
          aria-label="Format"
          value={filter.format}
          onChange={(event) => setPackageFilter({ format: event.target.value as PackageFormat | 'all' })}
          data-testid="package-format-filter"
        >
          <option value="all">All formats</option>
          {(formatsPresent.length ? formatsPresent : packageFormats).map((format) => (
            <option key={format} value={format}>
              {format}
            </option>
          ))}
        </select>
        <span className="muted" data-testid="package-total">
          {visible.length === current.items.length
            ? plural(current.items.length, 'package')
            : `${visible.length.toLocaleString()} of ${plural(current.items.length, 'package')}`}
          {!current.complete && current.status !== 'error' && ' (loading more…)'}
        </span>
      </div>
      <ErrorMessage error={current.status === 'error' ? current.error : undefined} />
      {current.items.length === 0 ? (
        <EmptyState title="No packages in this repository yet" testId="packages-empty">
          <p>
            Publish with npm, pip, twine, Maven or PublishPackageVersion — the Connect tab has the exact
            configuration.
          </p>
        </EmptyState>
      ) : visible.length === 0 ? (
        <EmptyState title="No package matches the search" testId="packages-no-match" />
      ) : (
        <div className="virtual-table">
          <div className="virtual-header" role="presentation">
            <span>Format</span>
            <span>Namespace</span>
            <span>Package</span>
            <span>Latest version</span>
            <span>Origin controls</span>
          </div>
          <div
            ref={scroller}
            className="virtual-scroller"
            role="listbox"
            aria-label="Packages"
            tabIndex={0}
            aria-activedescendant={visible[active] ? `package-row-${active}` : undefined}
            onKeyDown={onKeyDown}
            data-testid="package-rows"
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {rows.map((row) => {
                const item = visible[row.index];
                if (!item) return null;
                const latest = latestVersions[packageKey(refOf(repository, item))];
                return (
                  <div
                    key={row.key}
                    id={`package-row-${row.index}`}
                    role="option"
                    aria-selected={row.index === active}
                    className={`virtual-row${row.index === active ? ' active' : ''}`}
                    style={{ transform: `translateY(${row.start}px)`, height: rowHeight }}
                    onClick={() => {
                      setActive(row.index);
                      open(item);
                    }}
                    data-testid="package-row"
                    data-package={displayPackageName(item.format, item.namespace, item.package)}
                  >
                    <span>
                      <span className="chip">{item.format}</span>
                    </span>
                    <span className="muted">{item.namespace ?? ''}</span>
                    <span className="strong">{item.package}</span>
                    <span data-testid="latest-version">{latest === undefined ? '…' : (latest ?? '—')}</span>
                    <OriginBadges origin={item.originConfiguration} />
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
