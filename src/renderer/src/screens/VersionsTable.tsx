/**
 * A package's versions as a sortable, virtualised table: only the rows in view are in the page, so a
 * package with thousands of versions opens and scrolls as fast as a small one. Version order is the
 * format's (as the service lists them); the other columns sort by publish date, size and status.
 * Columns have fixed widths (no table re-measure while scrolling), rows are reused by slot, and a
 * row re-renders only when its own version, selection, size, date or tags change.
 */
import type { PackageVersionSummary } from '@aws-sdk/client-codeartifact';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { StatusChip } from '../components/StatusChip';
import { formatBytes, formatDate } from '../lib/format';

type SortKey = 'version' | 'published' | 'size' | 'status';
const rowHeight = 41;
/** Rows rendered beyond each edge of the view: enough for a fast wheel, few enough to stay cheap. */
const overscan = 6;

const columns: readonly { key: SortKey; label: string }[] = [
  { key: 'version', label: 'Version' },
  { key: 'status', label: 'Status' },
  { key: 'published', label: 'Published' },
  { key: 'size', label: 'Size' },
];

export interface VersionsTableProps {
  readonly items: readonly PackageVersionSummary[];
  readonly sizes?: Readonly<Record<string, number>>;
  readonly publishedTimes?: Readonly<Record<string, number>>;
  readonly tagsOf: (version: string) => string[];
  readonly tagTitle: (tag: string) => string;
  readonly selected: readonly string[];
  readonly allSelected: boolean;
  onToggle(version: string): void;
  onToggleAll(): void;
  onOpen(version: string): void;
}

interface VersionRowProps {
  readonly item: PackageVersionSummary;
  readonly index: number;
  readonly selected: boolean;
  readonly size: number | undefined;
  readonly published: number | undefined;
  /** The version's tags, space-separated (a string, so an unchanged row compares equal). */
  readonly tags: string;
  readonly tagTitle: (tag: string) => string;
  readonly onToggle: (version: string) => void;
  readonly onOpen: (version: string) => void;
}

const VersionRow = memo(function VersionRow({
  item,
  index,
  selected,
  size,
  published,
  tags,
  tagTitle,
  onToggle,
  onOpen,
}: VersionRowProps): React.JSX.Element {
  const version = item.version ?? '';
  const rowRef = useRef<HTMLTableRowElement>(null);
  useLayoutEffect(() => {
    // Rows are reused by slot: when this one now shows another version, focus left inside it would
    // point at a version the user never chose, so it goes to the scroller (still in the table).
    const row = rowRef.current;
    if (row?.contains(document.activeElement))
      row.closest<HTMLElement>('.versions-scroller')?.focus({ preventScroll: true });
  }, [version]);
  return (
    <tr
      ref={rowRef}
      tabIndex={0}
      data-nav-item
      aria-rowindex={index + 2}
      className="clickable"
      style={{ height: rowHeight }}
      onClick={() => onOpen(version)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onOpen(version);
      }}
      data-testid={`version-row-${version}`}
    >
      <td className="check-cell" onClick={(event) => event.stopPropagation()}>
        <input
          type="checkbox"
          aria-label={`Select ${version}`}
          checked={selected}
          onChange={() => onToggle(version)}
          data-testid={`select-version-${version}`}
        />
      </td>
      <td className="strong">{version}</td>
      <td>
        <StatusChip status={item.status} />
      </td>
      <td className="muted small" data-testid="version-published">
        {published === undefined ? '—' : formatDate(new Date(published))}
      </td>
      <td className="numeric muted small" data-testid="version-size">
        {size === undefined ? '—' : formatBytes(size)}
      </td>
      <td className="chip-cell">
        {tags === ''
          ? null
          : tags.split(' ').map((tag) => (
              <span
                key={tag}
                className="chip tag"
                title={tagTitle(tag)}
                data-testid="dist-tag"
                data-tag={tag}
              >
                {tag}
              </span>
            ))}
      </td>
      <td className="muted">
        {item.origin?.originType ?? '—'}
        {item.origin?.domainEntryPoint?.repositoryName &&
          ` via ${item.origin.domainEntryPoint.repositoryName}`}
        {item.origin?.domainEntryPoint?.externalConnectionName &&
          ` via ${item.origin.domainEntryPoint.externalConnectionName}`}
      </td>
    </tr>
  );
});

export function VersionsTable(props: VersionsTableProps): React.JSX.Element {
  const { items, sizes, publishedTimes } = props;
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: 'version',
    descending: true,
  });
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => {
    // The service lists newest first in the format's version order; that order is the version sort.
    const order = new Map(items.map((item, index) => [item, index]));
    const value = (item: PackageVersionSummary): number | string => {
      switch (sort.key) {
        case 'version':
          return -(order.get(item) ?? 0);
        case 'published':
          return publishedTimes?.[item.version ?? ''] ?? 0;
        case 'size':
          return sizes?.[item.version ?? ''] ?? -1;
        case 'status':
          return item.status ?? '';
      }
    };
    const sorted = [...items].sort((a, b) => {
      const left = value(a);
      const right = value(b);
      return left < right ? -1 : left > right ? 1 : 0;
    });
    return sort.descending ? sorted.reverse() : sorted;
  }, [items, sizes, publishedTimes, sort]);

  // The virtualiser's functions are stable per render by design; React Compiler cannot prove it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan,
  });
  const virtual = virtualizer.getVirtualItems();
  // The parent passes new functions on each render; rows get stable ones that call the latest
  // (scrolling re-renders this table only, so the rows in view stay as they are).
  const latest = useRef(props);
  latest.current = props;
  const onToggle = useCallback((version: string) => latest.current.onToggle(version), []);
  const onOpen = useCallback((version: string) => latest.current.onOpen(version), []);
  const selected = useMemo(() => new Set(props.selected), [props.selected]);
  // Rows are keyed by slot, as in the package list: as many slots as rows can be rendered at once,
  // so a row scrolling out hands its elements to the one scrolling in and a jump (a PageDown, a
  // scrollbar drag) updates the rows in place instead of removing and creating every row.
  const slots = Math.max(
    virtual.length,
    Math.ceil((virtualizer.scrollRect?.height ?? 0) / rowHeight) + 1 + 2 * overscan,
  );
  const before = virtual[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (virtual.at(-1)?.end ?? 0);

  return (
    <div
      className="versions-scroller"
      ref={scroller}
      style={{ height: rows.length * rowHeight + 48 }}
      // A tab stop of its own, so PageUp/PageDown scroll it even after the focused row scrolls away.
      tabIndex={0}
      role="region"
      aria-label="Versions"
      data-testid="versions-scroller"
    >
      <table className="table fixed-columns" data-testid="versions-table" aria-rowcount={rows.length + 1}>
        <colgroup>
          <col className="col-check" />
          <col className="col-version" />
          <col className="col-status" />
          <col className="col-published" />
          <col className="col-size" />
          <col className="col-tags" />
          <col className="col-origin" />
        </colgroup>
        <thead>
          <tr>
            <th className="check-cell">
              <input
                type="checkbox"
                aria-label="Select all shown versions"
                checked={props.allSelected}
                onChange={props.onToggleAll}
                data-testid="select-all-versions"
              />
            </th>
            {columns.map((column) => (
              <th
                key={column.key}
                aria-sort={
                  sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : undefined
                }
                className={column.key === 'size' ? 'numeric' : undefined}
              >
                <button
                  type="button"
                  className="sort-button"
                  onClick={() =>
                    setSort((current) => ({
                      key: column.key,
                      descending: current.key === column.key ? !current.descending : true,
                    }))
                  }
                  data-testid={`sort-${column.key}`}
                >
                  {column.label}
                  <span aria-hidden="true">
                    {sort.key === column.key ? (sort.descending ? ' ▾' : ' ▴') : ''}
                  </span>
                </button>
              </th>
            ))}
            <th>Tags</th>
            <th>Origin</th>
          </tr>
        </thead>
        <tbody>
          {before > 0 && (
            <tr aria-hidden="true" style={{ height: before }}>
              <td colSpan={7} />
            </tr>
          )}
          {virtual.map((row) => {
            const item = rows[row.index];
            if (!item) return null;
            const version = item.version ?? '';
            return (
              <VersionRow
                key={row.index % slots}
                item={item}
                index={row.index}
                selected={selected.has(version)}
                size={sizes?.[version]}
                published={publishedTimes?.[version]}
                tags={props.tagsOf(version).join(' ')}
                tagTitle={props.tagTitle}
                onToggle={onToggle}
                onOpen={onOpen}
              />
            );
          })}
          {after > 0 && (
            <tr aria-hidden="true" style={{ height: after }}>
              <td colSpan={7} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
