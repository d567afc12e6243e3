/**
 * A repository's packages: search, format filter, and a virtualised list (only the rows in view are
 * in the page) so ten thousand packages scroll smoothly. Each package arrives with its latest
 * version, so scrolling asks the service for nothing; a row re-renders only when its own package,
 * position or highlight changes. Up/Down/PageUp/PageDown/Home/End move the active row; Enter opens it.
 */
import type { PackageFormat, PackageSummary } from '@aws-sdk/client-codeartifact';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PackageListEntry } from '../../../shared/app-operations';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { OriginBadges } from '../components/OriginBadges';
import { packageFormats } from '../lib/connect-config';
import { plural } from '../lib/format';
import { itemAt } from '../store/chunked-list';
import { filterPackages } from '../store/packages-slice';
import { displayPackageName, repositoryKey, type PackageRef, type RepositoryRef } from '../store/refs';
import { useApp } from '../store/store-context';

const rowHeight = 40;
/** Rows rendered beyond each edge of the view: enough for a fast wheel, few enough to stay cheap. */
const overscan = 6;

function refOf(repository: RepositoryRef, item: PackageSummary): PackageRef {
  return {
    ...repository,
    format: item.format ?? 'generic',
    package: item.package ?? '',
    ...(item.namespace ? { namespace: item.namespace } : {}),
  };
}

/**
 * Scrolls the list just enough to show row `index` (as `block: 'nearest'` would). The scroller is
 * moved directly and the virtualiser follows its scroll event, instead of `scrollToIndex`, whose
 * frame-by-frame check of where the scroll landed reads the scroller's size after every render
 * (a forced layout per frame while keys repeat). Reads come before the write.
 */
function revealRow(element: HTMLElement, index: number): void {
  const top = index * rowHeight;
  const view = element.clientHeight;
  const current = element.scrollTop;
  if (top < current) element.scrollTop = top;
  else if (top + rowHeight > current + view) element.scrollTop = top + rowHeight - view;
}

const PackageRow = memo(function PackageRow({
  item,
  index,
  start,
  active,
  onOpen,
}: {
  item: PackageListEntry;
  index: number;
  start: number;
  active: boolean;
  onOpen: (index: number) => void;
}): React.JSX.Element {
  return (
    <div
      id={`package-row-${index}`}
      role="option"
      aria-selected={active}
      className={`virtual-row${active ? ' active' : ''}`}
      style={{ transform: `translateY(${start}px)`, height: rowHeight }}
      onClick={() => onOpen(index)}
      data-testid="package-row"
      data-package={displayPackageName(item.format, item.namespace, item.package)}
    >
      <span>
        <span className="chip">{item.format}</span>
      </span>
      <span className="muted">{item.namespace ?? ''}</span>
      <span className="strong">{item.package}</span>
      <span data-testid="latest-version">{item.latestVersion ?? '—'}</span>
      <OriginBadges origin={item.originConfiguration} />
    </div>
  );
});

export function PackagesList({ repository }: { repository: RepositoryRef }): React.JSX.Element {
  const packages = useApp((state) => state.packages);
  const filter = useApp((state) => state.packageFilter);
  const loadPackages = useApp((state) => state.loadPackages);
  const setPackageFilter = useApp((state) => state.setPackageFilter);
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
  const visible = useMemo(() => (items ? filterPackages(items, filter) : undefined), [items, filter]);
  const count = visible?.length ?? 0;
  // The virtualiser's functions are stable per render by design; React Compiler cannot prove it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan,
  });
  const rows = virtualizer.getVirtualItems();
  // Rows are keyed by slot, not by package: as many slots as rows can be in view at once, so a row
  // that scrolls out hands its elements to the row that scrolls in (updated, not rebuilt), and a
  // jump across the list updates the rows in place instead of replacing every element.
  const slots = Math.max(
    rows.length,
    Math.ceil((virtualizer.scrollRect?.height ?? 0) / rowHeight) + 1 + 2 * overscan,
  );

  useEffect(() => setActive(0), [filter, key]);

  // Stable across renders (the latest list and repository are read through refs), so memoised rows
  // are not re-rendered by a new click handler.
  const latest = useRef({ visible, repository });
  latest.current = { visible, repository };
  const openIndex = useCallback(
    (index: number): void => {
      const { visible: list, repository: at } = latest.current;
      const item = list ? itemAt(list, index) : undefined;
      if (!item) return;
      setActive(index);
      navigate({ screen: 'package', ...refOf(at, item) });
    },
    [navigate],
  );

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>): void => {
    if (count === 0) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: count - 1,
    };
    if (event.key === 'Enter') {
      event.preventDefault();
      openIndex(active);
      return;
    }
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(count - 1, target));
    setActive(next);
    if (scroller.current) revealRow(scroller.current, next);
  };

  const formatsPresent = useMemo(() => {
    const present = new Set<string | undefined>();
    for (const chunk of items?.chunks ?? []) for (const item of chunk) present.add(item.format);
    return packageFormats.filter((format) => present.has(format));
  }, [items]);

  if (!current || !visible || (current.status === 'loading' && current.items.length === 0))
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
            aria-activedescendant={active < count ? `package-row-${active}` : undefined}
            onKeyDown={onKeyDown}
            data-testid="package-rows"
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {rows.map((row) => {
                const item = itemAt(visible, row.index);
                if (!item) return null;
                return (
                  <PackageRow
                    key={row.index % slots}
                    item={item}
                    index={row.index}
                    start={row.start}
                    active={row.index === active}
                    onOpen={openIndex}
                  />
                );
              })}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
