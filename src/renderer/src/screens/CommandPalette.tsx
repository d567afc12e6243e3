/**
 * The command palette (Ctrl+K, ⌘K on a Mac): one box to jump to any screen, domain, repository or
 * package. Typing narrows the places the app knows and searches package names across every
 * repository; Up/Down move the highlighted row (wrapping), Enter goes there, Escape closes.
 * The last row always opens the full search screen for what was typed.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { Modal } from '../components/Modal';
import { matchPlaces, packageItem, placeItems, type PaletteItem } from '../lib/palette-items';
import { useApp } from '../store/store-context';
import { searchDelayMs } from './SearchScreen';

const maxPlaces = 8;
const maxPackages = 12;

const kindLabel: Record<PaletteItem['kind'], string> = {
  screen: 'Screen',
  domain: 'Domain',
  repository: 'Repository',
  package: 'Package',
  search: 'Search',
};

export function CommandPalette({ onClose }: { onClose: () => void }): React.JSX.Element {
  const domains = useApp((state) => state.domains.items);
  const repositories = useApp((state) => state.repositories);
  const search = useApp((state) => state.packageSearch.palette);
  const searchPackages = useApp((state) => state.searchPackages);
  const navigate = useApp((state) => state.navigate);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();

  useEffect(() => {
    const timer = setTimeout(
      () => void searchPackages('palette', query, undefined, { maxResults: maxPackages }),
      query.trim() === '' ? 0 : searchDelayMs,
    );
    return () => clearTimeout(timer);
  }, [query, searchPackages]);

  const places = useMemo(() => {
    const names = domains.map((domain) => domain.name ?? '').filter(Boolean);
    const byDomain: Record<string, string[]> = {};
    for (const name of names)
      byDomain[name] = (repositories[name]?.items ?? []).map((repository) => repository.name ?? '');
    return placeItems(names, byDomain);
  }, [domains, repositories]);

  const trimmed = query.trim();
  const packagesShown = search.query === trimmed && trimmed !== '';
  const items = useMemo((): PaletteItem[] => {
    const found = matchPlaces(places, query, maxPlaces);
    if (trimmed === '') return found;
    const packages = packagesShown ? search.hits.map(packageItem) : [];
    return [
      ...found,
      ...packages,
      {
        id: 'search',
        label: `Search all repositories for “${trimmed}”`,
        kind: 'search',
        route: { screen: 'search', query: trimmed },
      },
    ];
  }, [places, query, trimmed, packagesShown, search.hits]);

  const current = Math.min(active, items.length - 1);
  const go = (item: PaletteItem | undefined): void => {
    if (!item) return;
    onClose();
    navigate(item.route);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>): void => {
    const moves: Record<string, number> = {
      ArrowDown: (current + 1) % Math.max(1, items.length),
      ArrowUp: (current - 1 + items.length) % Math.max(1, items.length),
    };
    if (event.key === 'Enter') {
      event.preventDefault();
      go(items[current]);
      return;
    }
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setActive(next);
    document.getElementById(`${listId}-${next}`)?.scrollIntoView({ block: 'nearest' });
  };

  const status =
    trimmed === ''
      ? ''
      : search.status === 'loading' || !packagesShown
        ? 'Searching packages…'
        : search.status === 'error'
          ? (search.error?.message ?? 'The package search failed.')
          : `${items.length - 1} results`;

  return (
    <Modal title="Go to" onClose={onClose} testId="command-palette">
      <input
        type="text"
        className="palette-input"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={items[current] ? `${listId}-${current}` : undefined}
        aria-label="Screen, domain, repository or package"
        placeholder="Screen, domain, repository or package…"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        data-autofocus
        data-testid="palette-input"
      />
      <p className="muted palette-status" role="status" data-testid="palette-status">
        {status}
      </p>
      <ul className="palette-list" role="listbox" id={listId} aria-label="Places" data-testid="palette-list">
        {items.map((item, index) => (
          <li
            key={item.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === current}
            className={`palette-item${index === current ? ' active' : ''}`}
            onMouseMove={() => index !== current && setActive(index)}
            onClick={() => go(item)}
            data-testid="palette-item"
            data-kind={item.kind}
          >
            <span className="palette-kind">{kindLabel[item.kind]}</span>
            <span className="palette-label">{item.label}</span>
            {item.detail && <span className="palette-detail">{item.detail}</span>}
          </li>
        ))}
      </ul>
      <p className="muted palette-keys">
        <kbd>↑</kbd> <kbd>↓</kbd> to move, <kbd>Enter</kbd> to open, <kbd>Esc</kbd> to close
      </p>
    </Modal>
  );
}
