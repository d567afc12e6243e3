/**
 * Package search across every domain and repository (app.searchPackages) for the search screen and
 * for the command palette (each keeps its own results, so the palette never disturbs the screen
 * under it), and whether the palette is open. Only the answer to the latest question is kept: a slow
 * answer to an older query never replaces a newer one.
 */
import type { PackageSearchHit } from '../../../shared/app-operations';
import type { Slice } from './app-store';
import { toUiError, type LoadStatus, type UiError } from './load-state';

export interface PackageSearch {
  readonly query: string;
  readonly format?: string;
  readonly status: LoadStatus;
  readonly hits: readonly PackageSearchHit[];
  readonly truncated: boolean;
  readonly error?: UiError;
}

/** Who asked: the search screen or the command palette. */
export type SearchPlace = 'screen' | 'palette';

export interface SearchSlice {
  packageSearch: Readonly<Record<SearchPlace, PackageSearch>>;
  paletteOpen: boolean;
  setPaletteOpen(open: boolean): void;
  /** Searches package names; an empty query clears the results without asking the service. */
  searchPackages(
    place: SearchPlace,
    query: string,
    format?: string,
    options?: { maxResults?: number },
  ): Promise<void>;
}

const idle: PackageSearch = { query: '', status: 'idle', hits: [], truncated: false };

export const createSearchSlice: Slice<SearchSlice> =
  ({ api }) =>
  (set, get) => {
    const asked: Record<SearchPlace, number> = { screen: 0, palette: 0 };
    const put = (place: SearchPlace, search: PackageSearch): void =>
      set((state) => ({ packageSearch: { ...state.packageSearch, [place]: search } }));
    return {
      packageSearch: { screen: idle, palette: idle },
      paletteOpen: false,

      setPaletteOpen(open) {
        set({ paletteOpen: open });
      },

      async searchPackages(place, query, format, options = {}) {
        const ticket = ++asked[place];
        const trimmed = query.trim();
        const scope = format ? { format } : {};
        if (trimmed === '') {
          put(place, { ...idle, ...scope });
          return;
        }
        const previous = get().packageSearch[place];
        put(place, {
          query: trimmed,
          ...scope,
          status: 'loading',
          hits: previous.hits,
          truncated: previous.truncated,
        });
        try {
          const result = await api.invoke('app.searchPackages', {
            query: trimmed,
            ...scope,
            ...(options.maxResults ? { maxResults: options.maxResults } : {}),
          });
          if (ticket !== asked[place]) return;
          put(place, {
            query: trimmed,
            ...scope,
            status: 'ready',
            hits: result.packages,
            truncated: result.truncated,
          });
        } catch (error) {
          if (ticket !== asked[place]) return;
          put(place, {
            query: trimmed,
            ...scope,
            status: 'error',
            hits: [],
            truncated: false,
            error: toUiError(error),
          });
        }
      },
    };
  };
