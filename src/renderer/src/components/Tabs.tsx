/** A row of tabs; Left/Right/Home/End move between them as the WAI-ARIA tabs pattern describes. */
import { useRef } from 'react';

export interface TabItem<T extends string> {
  readonly id: T;
  readonly label: string;
}

export function Tabs<T extends string>({
  items,
  active,
  onSelect,
  label,
}: {
  items: readonly TabItem<T>[];
  active: T;
  onSelect: (id: T) => void;
  label: string;
}): React.JSX.Element {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: React.KeyboardEvent): void => {
    const index = items.findIndex((item) => item.id === active);
    const moves: Record<string, number> = {
      ArrowRight: (index + 1) % items.length,
      ArrowLeft: (index - 1 + items.length) % items.length,
      Home: 0,
      End: items.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = items[next];
    if (!target) return;
    onSelect(target.id);
    list.current?.querySelectorAll<HTMLElement>('[role="tab"]')[next]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} ref={list} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="tab"
          aria-selected={item.id === active}
          tabIndex={item.id === active ? 0 : -1}
          className={`tab${item.id === active ? ' active' : ''}`}
          onClick={() => onSelect(item.id)}
          data-testid={`tab-${item.id}`}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
