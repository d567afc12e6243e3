/**
 * The app shell: header, sidebar, the screen the route names, the jobs panel and notices. It also
 * keeps the route in the address's hash, applies the theme and follows the service's events.
 */
import { useEffect } from 'react';
import { hashToRoute, routeToHash, type Route } from './lib/route';
import { CommandPalette } from './screens/CommandPalette';
import { DomainScreen } from './screens/DomainScreen';
import { HomeScreen } from './screens/HomeScreen';
import { JobsPanel } from './screens/JobsPanel';
import { KitScreen } from './screens/KitScreen';
import { MirrorScreen } from './screens/MirrorScreen';
import { PackageScreen } from './screens/PackageScreen';
import { RepositoryScreen } from './screens/RepositoryScreen';
import { SearchScreen } from './screens/SearchScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { Sidebar } from './screens/Sidebar';
import { VersionScreen } from './screens/VersionScreen';
import { UndoDeleteBanner } from './screens/UndoDeleteBanner';
import type { ThemeChoice } from './store/settings-slice';
import { useApp, useAppShallow, useAppStoreApi } from './store/store-context';

const nextTheme: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };

function Screen({ route }: { route: Route }): React.JSX.Element {
  switch (route.screen) {
    case 'home':
      return <HomeScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'search':
      return <SearchScreen query={route.query} {...(route.format ? { format: route.format } : {})} />;
    case 'mirror':
      return <MirrorScreen />;
    case 'kit':
      return <KitScreen />;
    case 'domain':
      return <DomainScreen domain={route.domain} tab={route.tab} group={route.group} />;
    case 'repository':
      return <RepositoryScreen domain={route.domain} repository={route.repository} tab={route.tab} />;
    case 'package': {
      const { screen: _screen, ...target } = route;
      return <PackageScreen target={target} />;
    }
    case 'version': {
      const { screen: _screen, ...target } = route;
      return <VersionScreen target={target} />;
    }
  }
}

function Notices(): React.JSX.Element {
  const notices = useApp((state) => state.notices);
  const dismissNotice = useApp((state) => state.dismissNotice);
  useEffect(() => {
    if (notices.length === 0) return;
    const timers = notices.map((notice) =>
      setTimeout(() => dismissNotice(notice.id), notice.kind === 'error' ? 10_000 : 5_000),
    );
    return () => timers.forEach(clearTimeout);
  }, [notices, dismissNotice]);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.kind}`} data-testid="notice">
          <span>{notice.text}</span>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            onClick={() => dismissNotice(notice.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

const shortcutLabel = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘K' : 'Ctrl K';

/** Ctrl+K (⌘K on a Mac) opens the command palette from anywhere, dialogs included. */
function usePaletteShortcut(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey) || event.altKey) return;
      event.preventDefault();
      store.getState().setPaletteOpen(!store.getState().paletteOpen);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

/** Mirrors the route into `location.hash` and back, so reload, back and forward keep the place. */
function useHashRoute(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const initial = hashToRoute(window.location.hash);
    store.getState().navigate(initial);
    window.history.replaceState(window.history.state, '', routeToHash(initial));
    const onHashChange = (): void => {
      const route = hashToRoute(window.location.hash);
      if (routeToHash(route) !== routeToHash(store.getState().route)) store.getState().navigate(route);
    };
    window.addEventListener('hashchange', onHashChange);
    const stop = store.subscribe((state, previous) => {
      if (state.route === previous.route) return;
      const hash = routeToHash(state.route);
      if (window.location.hash === hash) return;
      if (state.routeHistory === 'replace') window.history.replaceState(window.history.state, '', hash);
      else window.location.hash = hash;
    });
    return () => {
      window.removeEventListener('hashchange', onHashChange);
      stop();
    };
  }, [store]);
}

export function App(): React.JSX.Element {
  const route = useApp((state) => state.route);
  const domainsStatus = useApp((state) => state.domains.status);
  const appStatus = useApp((state) => state.appStatus);
  const theme = useApp((state) => state.theme);
  const runningJobs = useApp((state) => state.jobs.filter((job) => job.state === 'running').length);
  const jobCount = useApp((state) => state.jobs.length);
  const jobsPanelOpen = useApp((state) => state.jobsPanelOpen);
  const paletteOpen = useApp((state) => state.paletteOpen);
  const {
    loadDomains,
    loadAppStatus,
    startEventSync,
    refreshVisible,
    setTheme,
    setJobsPanelOpen,
    navigate,
    setPaletteOpen,
  } = useAppShallow((state) => ({
    loadDomains: state.loadDomains,
    loadAppStatus: state.loadAppStatus,
    startEventSync: state.startEventSync,
    refreshVisible: state.refreshVisible,
    setTheme: state.setTheme,
    setJobsPanelOpen: state.setJobsPanelOpen,
    navigate: state.navigate,
    setPaletteOpen: state.setPaletteOpen,
  }));
  useHashRoute();
  usePaletteShortcut();

  useEffect(() => {
    void loadDomains();
    void loadAppStatus();
    return startEventSync();
  }, [loadDomains, loadAppStatus, startEventSync]);

  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset['theme'];
    else root.dataset['theme'] = theme;
  }, [theme]);

  const ready = domainsStatus === 'ready' || domainsStatus === 'error';
  return (
    <div className="app" data-testid="app" data-app-state={ready ? 'ready' : 'loading'}>
      {/* A button, not a #main link: the address hash is the route. */}
      <button
        type="button"
        className="skip-link"
        onClick={() => document.getElementById('main')?.focus()}
        data-testid="skip-link"
      >
        Skip to content
      </button>
      <header className="topbar">
        <button
          type="button"
          className="brand"
          onClick={() => navigate({ screen: 'home' })}
          data-testid="home-link"
        >
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>{' '}
          Artifact Desk
        </button>
        {appStatus.value && (
          <code className="endpoint" title="CodeArtifact endpoint" data-testid="header-endpoint">
            {appStatus.value.endpoint}
          </code>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="button ghost palette-button"
          onClick={() => setPaletteOpen(true)}
          aria-keyshortcuts="Control+K Meta+K"
          data-testid="palette-button"
        >
          Go to… <kbd>{shortcutLabel}</kbd>
        </button>
        <button
          type="button"
          className="button ghost"
          onClick={() => void refreshVisible()}
          data-testid="refresh-button"
        >
          Refresh
        </button>
        <button
          type="button"
          className="button ghost"
          aria-pressed={jobsPanelOpen}
          onClick={() => setJobsPanelOpen(!jobsPanelOpen)}
          data-testid="jobs-button"
        >
          Jobs
          {jobCount > 0 && (
            <span className={`count${runningJobs > 0 ? ' busy' : ''}`}>{runningJobs || jobCount}</span>
          )}
        </button>
        <button
          type="button"
          className="button ghost"
          onClick={() => navigate({ screen: 'kit' })}
          data-testid="kit-button"
        >
          Offline kit
        </button>
        <button
          type="button"
          className="button ghost"
          onClick={() => navigate({ screen: 'mirror' })}
          data-testid="mirror-button"
        >
          Mirror
        </button>
        <button
          type="button"
          className="button ghost"
          onClick={() => navigate({ screen: 'settings' })}
          data-testid="settings-button"
        >
          Settings
        </button>
        <button
          type="button"
          className="button ghost"
          onClick={() => setTheme(nextTheme[theme])}
          title={`Theme: ${theme} (click for ${nextTheme[theme]})`}
          data-testid="theme-toggle"
        >
          {theme === 'dark' ? '☾ Dark' : theme === 'light' ? '☀ Light' : '◐ Auto'}
        </button>
      </header>
      <div className="layout">
        <Sidebar />
        <main className="main" id="main" tabIndex={-1}>
          <Screen route={route} />
        </main>
        <JobsPanel />
      </div>
      {paletteOpen && <CommandPalette onClose={() => setPaletteOpen(false)} />}
      <UndoDeleteBanner />
      <Notices />
    </div>
  );
}
