/**
 * Data safety from the UI: a backup of the running data directory into a folder, (desktop only) a
 * restore from one, which restarts the app on the restored data, and a verify of every stored file
 * with a repair of what can be fetched again. Progress arrives as service job events in the jobs
 * panel; the slice keeps the last answer or error of each.
 */
import type {
  BackupResult,
  RepairBlobsResult,
  RestoreResult,
  VerifyStoreResult,
} from '../../../shared/app-operations';
import type { Slice } from './app-store';
import { toUiError, type LoadStatus, type UiError } from './load-state';

export interface DataSafetySlice {
  backup: { status: LoadStatus; value?: BackupResult; error?: UiError };
  restore: { status: LoadStatus; value?: RestoreResult; error?: UiError };
  verify: { status: LoadStatus; value?: VerifyStoreResult; error?: UiError };
  repair: { status: LoadStatus; value?: RepairBlobsResult; error?: UiError };
  runBackup(destination: string): Promise<void>;
  runRestore(source: string): Promise<void>;
  runVerify(): Promise<void>;
  /** Fetches the verify's repairable files again; the verify's list stays until the next verify. */
  runRepair(): Promise<void>;
}

export const createDataSafetySlice: Slice<DataSafetySlice> =
  ({ api }) =>
  (set, get) => ({
    backup: { status: 'idle' },
    restore: { status: 'idle' },
    verify: { status: 'idle' },
    repair: { status: 'idle' },

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

    async runVerify() {
      set({ verify: { status: 'loading' }, repair: { status: 'idle' } });
      try {
        set({ verify: { status: 'ready', value: await api.invoke('app.verifyStore', {}) } });
      } catch (error) {
        set({ verify: { status: 'error', error: toUiError(error) } });
      }
    },

    async runRepair() {
      const blobs = (get().verify.value?.findings ?? [])
        .filter((finding) => finding.repairable)
        .map(({ domain, sha256 }) => ({ domain, sha256 }));
      if (blobs.length === 0) return;
      set({ repair: { status: 'loading' } });
      try {
        set({ repair: { status: 'ready', value: await api.invoke('app.repairBlobs', { blobs }) } });
      } catch (error) {
        set({ repair: { status: 'error', error: toUiError(error) } });
      }
    },
  });
