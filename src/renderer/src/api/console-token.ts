/**
 * The console token: `serve` prints a URL carrying `?token=…`; the page takes it once, keeps it for
 * the browser tab in sessionStorage and removes it from the address bar so it is not bookmarked,
 * shared in a screenshot or left in history.
 */
import { consoleTokenParam, consoleTokenStorageKey } from '../../../shared/console-protocol';

export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface TokenHistory {
  replaceState(data: unknown, unused: string, url?: string | null): void;
}

/** Moves a `?token=` from the URL into storage, then answers the stored token (if any). */
export function takeConsoleToken(
  href: string,
  history: TokenHistory,
  storage: TokenStorage,
): string | undefined {
  const url = new URL(href);
  const fromUrl = url.searchParams.get(consoleTokenParam);
  if (fromUrl !== null) {
    url.searchParams.delete(consoleTokenParam);
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    if (fromUrl.trim() !== '') storage.setItem(consoleTokenStorageKey, fromUrl.trim());
  }
  return storage.getItem(consoleTokenStorageKey) ?? undefined;
}

export function storeConsoleToken(storage: TokenStorage, token: string): void {
  storage.setItem(consoleTokenStorageKey, token.trim());
}

export function forgetConsoleToken(storage: TokenStorage): void {
  storage.removeItem(consoleTokenStorageKey);
}
