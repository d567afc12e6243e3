/**
 * A domain's activity timeline (app.listActivity, newest first, filtered by repository and part of a
 * package name, more pages on request) and its storage figures (app.storageUsage). The timeline
 * kept is the one for the filter last asked for: an answer for an older filter is dropped.
 */
import type { ActivityEvent, StorageUsage } from '../../../shared/app-operations';
import type { LoadOptions } from './load-state';
import type { Slice } from './app-store';
import { toUiError, type LoadStatus, type UiError } from './load-state';

export interface ActivityFilter {
  readonly repository?: string;
  readonly package?: string;
}

export interface ActivityTimeline {
  readonly domain: string;
  readonly filter: ActivityFilter;
  readonly status: LoadStatus;
  readonly events: readonly ActivityEvent[];
  readonly nextToken?: string;
  readonly error?: UiError;
}

export interface StorageState {
  readonly domain: string;
  readonly status: LoadStatus;
  readonly value?: StorageUsage;
  readonly error?: UiError;
}

export interface ActivitySlice {
  activity?: ActivityTimeline;
  storage?: StorageState;
  /** Loads the first page for `filter` (or, with `more`, the next page of the current one). */
  loadActivity(
    domain: string,
    filter: ActivityFilter,
    options?: LoadOptions & { more?: boolean },
  ): Promise<void>;
  loadStorage(domain: string, options?: LoadOptions): Promise<void>;
}

const pageSize = 100;

function sameFilter(a: ActivityFilter, b: ActivityFilter): boolean {
  return (a.repository ?? '') === (b.repository ?? '') && (a.package ?? '') === (b.package ?? '');
}

export const createActivitySlice: Slice<ActivitySlice> =
  ({ api }) =>
  (set, get) => {
    let asked = 0;
    return {
      async loadActivity(domain, filter, options = {}) {
        const ticket = ++asked;
        const previous = get().activity;
        const same = previous?.domain === domain && sameFilter(previous.filter, filter);
        const more = options.more && same && previous.nextToken !== undefined;
        const kept = same ? previous.events : [];
        if (!options.quiet || !same)
          set({
            activity: {
              domain,
              filter,
              status: 'loading',
              events: kept,
              ...(same && previous.nextToken ? { nextToken: previous.nextToken } : {}),
            },
          });
        try {
          const page = await api.invoke('app.listActivity', {
            domain,
            ...(filter.repository ? { repository: filter.repository } : {}),
            ...(filter.package?.trim() ? { package: filter.package.trim() } : {}),
            maxResults: pageSize,
            ...(more && previous.nextToken ? { nextToken: previous.nextToken } : {}),
          });
          if (ticket !== asked) return;
          set({
            activity: {
              domain,
              filter,
              status: 'ready',
              events: more ? [...kept, ...page.events] : page.events,
              ...(page.nextToken ? { nextToken: page.nextToken } : {}),
            },
          });
        } catch (error) {
          if (ticket !== asked) return;
          set({ activity: { domain, filter, status: 'error', events: kept, error: toUiError(error) } });
        }
      },

      async loadStorage(domain, options = {}) {
        const previous = get().storage;
        const same = previous?.domain === domain;
        if (!options.quiet || !same)
          set({
            storage: {
              domain,
              status: 'loading',
              ...(same && previous.value ? { value: previous.value } : {}),
            },
          });
        try {
          const value = await api.invoke('app.storageUsage', { domain });
          if (get().storage?.domain !== domain) return;
          set({ storage: { domain, status: 'ready', value } });
        } catch (error) {
          if (get().storage?.domain !== domain) return;
          set({ storage: { domain, status: 'error', error: toUiError(error) } });
        }
      },
    };
  };
