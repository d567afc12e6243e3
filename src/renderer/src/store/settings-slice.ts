/**
 * Settings: where the service listens and as which account (app.status), the local access key
 * (revealed on request, rotated on request) and the colour theme, remembered between starts.
 */
import type { LocalCredentials } from '../../../shared/app-operations';
import type { AppStatus } from '../../../shared/app-status';
import type { UpstreamTimingsUpdate } from '../../../shared/upstream-timings';
import type { Slice } from './app-store';
import { toUiError, type LoadStatus, type UiError } from './load-state';

export type ThemeChoice = 'system' | 'light' | 'dark';

const themeKey = 'artifact-desk.theme';

export interface SettingsSlice {
  appStatus: { status: LoadStatus; value?: AppStatus; error?: UiError };
  /** The access key; `value` is present only while revealed. */
  credentials: { status: LoadStatus; value?: LocalCredentials; error?: UiError };
  theme: ThemeChoice;
  /** The formats whose client endpoints the service serves (app.servedFormats). */
  servedFormats: { status: LoadStatus; value?: readonly string[]; error?: UiError };
  loadAppStatus(): Promise<void>;
  loadServedFormats(): Promise<void>;
  revealCredentials(): Promise<void>;
  hideCredentials(): void;
  rotateCredentials(): Promise<void>;
  setTheme(theme: ThemeChoice): void;
  /** Saves the upstream timeout and TTL (kept in the data directory); rejects with the refusal. */
  saveUpstreamTimings(update: UpstreamTimingsUpdate): Promise<void>;
}

function readTheme(value: string | undefined): ThemeChoice {
  return value === 'light' || value === 'dark' ? value : 'system';
}

export const createSettingsSlice: Slice<SettingsSlice> =
  ({ api, preferences }) =>
  (set) => ({
    appStatus: { status: 'idle' },
    credentials: { status: 'idle' },
    theme: readTheme(preferences.load(themeKey)),
    servedFormats: { status: 'idle' },

    async loadServedFormats() {
      set({ servedFormats: { status: 'loading' } });
      try {
        set({ servedFormats: { status: 'ready', value: await api.invoke('app.servedFormats', {}) } });
      } catch (error) {
        set({ servedFormats: { status: 'error', error: toUiError(error) } });
      }
    },

    async loadAppStatus() {
      set((state) => ({ appStatus: { status: 'loading', value: state.appStatus.value } }));
      try {
        const value = await api.invoke('app.status', {});
        set({ appStatus: { status: 'ready', value } });
      } catch (error) {
        set((state) => ({
          appStatus: { status: 'error', value: state.appStatus.value, error: toUiError(error) },
        }));
      }
    },

    async revealCredentials() {
      set({ credentials: { status: 'loading' } });
      try {
        set({ credentials: { status: 'ready', value: await api.invoke('app.credentials', {}) } });
      } catch (error) {
        set({ credentials: { status: 'error', error: toUiError(error) } });
      }
    },

    hideCredentials() {
      set({ credentials: { status: 'idle' } });
    },

    async rotateCredentials() {
      set((state) => ({ credentials: { status: 'loading', value: state.credentials.value } }));
      try {
        set({ credentials: { status: 'ready', value: await api.invoke('app.rotateCredentials', {}) } });
      } catch (error) {
        set({ credentials: { status: 'error', error: toUiError(error) } });
      }
    },

    setTheme(theme) {
      preferences.save(themeKey, theme);
      set({ theme });
    },

    async saveUpstreamTimings(update) {
      const upstreamTimings = await api.invoke('app.setUpstreamTimings', update);
      set((state) => ({
        appStatus: state.appStatus.value
          ? { ...state.appStatus, value: { ...state.appStatus.value, upstreamTimings } }
          : state.appStatus,
      }));
    },
  });
