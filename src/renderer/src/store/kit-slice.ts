/**
 * The Offline kit page's state: the kit started last (app.offlineKitStart) and its progress and
 * report, read again (app.offlineKitJob) every fraction of a second while it runs.
 */
import type { OfflineKitJob, OfflineKitRequest } from '../../../shared/offline-kit';
import type { Slice } from './app-store';
import { toUiError, type LoadStatus, type UiError } from './load-state';

/** How often a running kit's progress is read. */
export const kitPollMs = 300;

export interface KitSlice {
  kit: { status: LoadStatus; job?: OfflineKitJob; error?: UiError };
  startKit(request: OfflineKitRequest): Promise<void>;
  /** Reads the running kit's progress until it ends; returns the function that stops reading. */
  followKit(): () => void;
}

export const createKitSlice: Slice<KitSlice> =
  ({ api }) =>
  (set, get) => ({
    kit: { status: 'idle' },

    async startKit(request) {
      set({ kit: { status: 'loading' } });
      try {
        const job = await api.invoke('app.offlineKitStart', request);
        set({ kit: { status: 'ready', job } });
      } catch (error) {
        set({ kit: { status: 'error', error: toUiError(error) } });
      }
    },

    followKit() {
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const tick = async (): Promise<void> => {
        const job = get().kit.job;
        if (job?.state === 'running') {
          try {
            const next = await api.invoke('app.offlineKitJob', { jobId: job.jobId });
            if (!stopped && get().kit.job?.jobId === next.jobId) set({ kit: { status: 'ready', job: next } });
          } catch (error) {
            if (!stopped && get().kit.job?.jobId === job.jobId)
              set({ kit: { status: 'error', job, error: toUiError(error) } });
          }
        }
        if (!stopped) timer = setTimeout(() => void tick(), kitPollMs);
      };
      timer = setTimeout(() => void tick(), kitPollMs);
      return () => {
        stopped = true;
        if (timer !== undefined) clearTimeout(timer);
      };
    },
  });
