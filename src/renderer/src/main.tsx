/**
 * Renderer entry: picks the transport (the desktop bridge when the preload exposed one, otherwise the
 * web console's HTTP transport with its token), builds the api and the store, and mounts the app.
 * In the console, a missing or refused token shows the token prompt instead of the app.
 */
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi, type Api } from './api/api';
import { createBridgeTransport, findDesktopBridge } from './api/bridge-transport';
import { forgetConsoleToken, storeConsoleToken, takeConsoleToken } from './api/console-token';
import { createConsoleTransport } from './api/console-transport';
import { App } from './App';
import { TokenPrompt } from './screens/TokenPrompt';
import { createAppStore, type AppStore, type Preferences } from './store/app-store';
import { StoreProvider, useApp } from './store/store-context';
import './styles/app.css';

const preferences: Preferences = {
  load: (key) => {
    try {
      return window.localStorage.getItem(key) ?? undefined;
    } catch {
      return undefined;
    }
  },
  save: (key, value) => {
    try {
      window.localStorage.setItem(key, value);
    } catch {
      // Private windows may refuse storage; the choice then lasts for this page only.
    }
  },
};

function Gate({ onToken }: { onToken: (token: string) => void }): React.JSX.Element {
  const access = useApp((state) => state.access);
  const [attempt, setAttempt] = useState(0);
  if (access !== 'granted') {
    return (
      <TokenPrompt
        rejected={access === 'token-rejected'}
        onSubmit={(token) => {
          onToken(token);
          setAttempt(attempt + 1);
        }}
      />
    );
  }
  // A new attempt remounts the app so its first loads and event stream run with the new token.
  return <App key={attempt} />;
}

function start(): { store: AppStore; onToken: (token: string) => void } {
  const bridge = findDesktopBridge(window);
  if (bridge) {
    return {
      store: createAppStore(createApi(createBridgeTransport(bridge)), preferences),
      onToken: () => undefined,
    };
  }
  let token = takeConsoleToken(window.location.href, window.history, window.sessionStorage);
  // The transport reports a refused token to the store, which is built from the transport's api.
  const holder: { store?: AppStore } = {};
  const api: Api = createApi(
    createConsoleTransport({
      baseUrl: window.location.origin,
      token: () => token,
      fetch: (input, init) => window.fetch(input, init),
      openEvents: (url) => new EventSource(url),
      onUnauthorized: () => {
        forgetConsoleToken(window.sessionStorage);
        holder.store?.getState().setAccess('token-rejected');
      },
    }),
  );
  const store = createAppStore(api, preferences);
  holder.store = store;
  if (!token) store.getState().setAccess('token-required');
  return {
    store,
    onToken: (entered) => {
      token = entered;
      storeConsoleToken(window.sessionStorage, entered);
      store.getState().setAccess('granted');
    },
  };
}

const root = document.getElementById('root');
if (root) {
  const { store, onToken } = start();
  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={store}>
        <Gate onToken={onToken} />
      </StoreProvider>
    </StrictMode>,
  );
}
