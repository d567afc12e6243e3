/**
 * The UI's own state: the current route, short notices (what an action did), the jobs panel, and
 * the refresh that re-reads whatever is on screen when the service says its data changed.
 */
import type { Route } from '../lib/route';
import type { Slice } from './app-store';
import type { PackageRef } from './refs';

export type NoticeKind = 'success' | 'error' | 'info';

export interface Notice {
  readonly id: number;
  readonly kind: NoticeKind;
  readonly text: string;
}

/** Whether the service lets this page in: the console needs its token; the desktop is always granted. */
export type Access = 'granted' | 'token-required' | 'token-rejected';

export interface UiSlice {
  access: Access;
  route: Route;
  /**
   * How the last navigation enters the browser history: `push` adds an entry (Back returns to the
   * previous place), `replace` rewrites the current one (typing in a search box).
   */
  routeHistory: 'push' | 'replace';
  notices: Notice[];
  jobsPanelOpen: boolean;
  navigate(route: Route, options?: { readonly replace?: boolean }): void;
  notify(kind: NoticeKind, text: string): void;
  dismissNotice(id: number): void;
  setJobsPanelOpen(open: boolean): void;
  setAccess(access: Access): void;
  /**
   * Follows the service's events: a store change re-reads the screen (several changes close together
   * cause one refresh), job progress feeds the jobs panel, server status becomes a notice.
   * Returns the function that stops following.
   */
  startEventSync(): () => void;
  /** Re-reads the sidebar and the open screen in place (no loading flash). */
  refreshVisible(): Promise<void>;
}

const maxNotices = 4;

/** How long the refresh waits for more change events before re-reading. */
export const refreshDelayMs = 150;

export const createUiSlice: Slice<UiSlice> =
  ({ api }) =>
  (set, get) => {
    let noticeId = 0;
    return {
      access: 'granted',
      route: { screen: 'home' },
      routeHistory: 'push',
      notices: [],
      jobsPanelOpen: false,

      navigate(route, options = {}) {
        set({ route, routeHistory: options.replace ? 'replace' : 'push' });
      },

      notify(kind, text) {
        const notice = { id: ++noticeId, kind, text };
        set((state) => ({ notices: [...state.notices, notice].slice(-maxNotices) }));
      },

      dismissNotice(id) {
        set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) }));
      },

      setJobsPanelOpen(open) {
        set({ jobsPanelOpen: open });
      },

      setAccess(access) {
        set({ access });
      },

      startEventSync() {
        let timer: ReturnType<typeof setTimeout> | undefined;
        let running = false;
        let again = false;
        const refresh = async (): Promise<void> => {
          if (running) {
            again = true;
            return;
          }
          running = true;
          try {
            await get().refreshVisible();
          } finally {
            running = false;
            if (again) {
              again = false;
              void refresh();
            }
          }
        };
        const stops = [
          api.on('store-changed', () => {
            if (timer !== undefined) clearTimeout(timer);
            timer = setTimeout(() => {
              timer = undefined;
              void refresh();
            }, refreshDelayMs);
          }),
          api.on('job-progress', (event) => get().applyJobEvent(event)),
          api.on('server-status', (event) => {
            if (event.state === 'failed')
              get().notify('error', event.message ?? 'The service stopped working.');
            if (event.state === 'stopping') get().notify('info', 'The service is stopping.');
          }),
        ];
        return () => {
          if (timer !== undefined) clearTimeout(timer);
          for (const stop of stops) stop();
        };
      },

      async refreshVisible() {
        const state = get();
        const quiet = { quiet: true };
        const tasks: Promise<void>[] = [state.loadDomains(quiet)];
        for (const domain of Object.keys(state.repositories))
          tasks.push(state.loadRepositories(domain, quiet));
        const route = state.route;
        if (route.screen === 'domain') {
          if (route.tab === 'graph') tasks.push(state.loadDomainGraph(route.domain, quiet));
          if (route.tab === 'activity' && state.activity?.domain === route.domain)
            tasks.push(state.loadActivity(route.domain, state.activity.filter, quiet));
          if (route.tab === 'storage') tasks.push(state.loadStorage(route.domain, quiet));
          if (route.tab === 'groups') {
            tasks.push(state.loadGroups(route.domain, quiet));
            if (route.group) tasks.push(state.loadGroup(route.domain, route.group, quiet));
          }
        }
        if (route.screen === 'repository' || route.screen === 'package' || route.screen === 'version') {
          const ref = { domain: route.domain, repository: route.repository };
          tasks.push(state.loadRepository(ref, quiet));
          if (route.screen === 'repository' && route.tab === 'packages')
            tasks.push(state.loadPackages(ref, quiet));
        }
        if (route.screen === 'package' || route.screen === 'version') {
          const pkg: PackageRef = {
            domain: route.domain,
            repository: route.repository,
            format: route.format,
            package: route.package,
            ...(route.namespace ? { namespace: route.namespace } : {}),
          };
          tasks.push(state.loadPackage(pkg, quiet), state.loadVersions(pkg, quiet));
          if (route.screen === 'version')
            tasks.push(state.loadVersionDetail({ ...pkg, version: route.version }, quiet));
        }
        await Promise.all(tasks);
      },
    };
  };
