/**
 * Arrow-key navigation for lists whose rows are focusable (`data-nav-item`): Up/Down move focus,
 * Home/End jump, Enter or Space activate the row as a click would.
 */
import type React from 'react';

export function onListKeyDown(event: React.KeyboardEvent<HTMLElement>): void {
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
  const target = event.target as HTMLElement;
  if (!target.matches('[data-nav-item]')) return;
  if ((event.key === 'Enter' || event.key === ' ') && target.tagName !== 'BUTTON' && target.tagName !== 'A') {
    event.preventDefault();
    target.click();
    return;
  }
  if (!keys.includes(event.key)) return;
  const items = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-nav-item]')];
  const index = items.indexOf(target);
  if (index < 0) return;
  event.preventDefault();
  const next =
    event.key === 'ArrowDown'
      ? Math.min(items.length - 1, index + 1)
      : event.key === 'ArrowUp'
        ? Math.max(0, index - 1)
        : event.key === 'Home'
          ? 0
          : items.length - 1;
  items[next]?.focus();
}
