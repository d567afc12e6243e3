/**
 * Data safety from the UI: a backup of the running data directory into a folder, and (desktop
 * only) a restore from one, which restarts the app on the restored data. Progress of both arrives
 * as service job events in the jobs panel; the slice keeps the last answer or error of each.
 */
import type { BackupResult, RestoreResult } from '../../../shared/app-operations';
import type { Slice } from './app-store';
import { toUiError, type LoadStatus, type UiError } from './load-state';

export interface DataSafetySlice {
  backup: { status: LoadStatus; value?: BackupResult; error?: UiError };
  restore: { status: LoadStatus; value?: RestoreResult; error?: UiError };
  runBackup(destination: string): Promise<void>;
  runRestore(source: string): Promise<void>;
}

export const createDataSafetySlice: Slice<DataSafetySlice> =
  ({ api }) =>
  (set) => ({
    backup: { status: 'idle' },
    restore: { status: 'idle' },

    async runBackup(destination) {
      set({ backup: { status: 'loading' } });
      try {
        set({ backup: { status: 'ready', value: await api.invoke('app.backup', { destination }) } });
      } catch (error) {
        set({ backup: { status: 'error', error: toUiError(error) } });
      }
    },

    async runRestore(source) {
      set({ restore: { status: 'loading' } });
      try {
        set({ restore: { status: 'ready', value: await api.invoke('app.restore', { source }) } });
      } catch (error) {
        set({ restore: { status: 'error', error: toUiError(error) } });
      }
    },
  });
