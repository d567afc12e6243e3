/**
 * The Offline kit page's "Seed from this computer" state: the seed started last (app.seedStart) and
 * its progress and report, read again (app.seedJob) every fraction of a second while it runs.
 */
import type { SeedJob, SeedRequest } from '../../../shared/seed';
import type { Slice } from './app-store';
import { kitPollMs } from './kit-slice';
import { toUiError, type LoadStatus, type UiError } from './load-state';

export interface SeedSlice {
  seed: { status: LoadStatus; job?: SeedJob; error?: UiError };
  startSeed(request: SeedRequest): Promise<void>;
  /** Reads the running seed's progress until it ends; returns the function that stops reading. */
  followSeed(): () => void;
}

export const createSeedSlice: Slice<SeedSlice> =
  ({ api }) =>
  (set, get) => ({
    seed: { status: 'idle' },

    async startSeed(request) {
      set({ seed: { status: 'loading' } });
      try {
        const job = await api.invoke('app.seedStart', request);
        set({ seed: { status: 'ready', job } });
      } catch (error) {
        set({ seed: { status: 'error', error: toUiError(error) } });
      }
    },

    followSeed() {
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const tick = async (): Promise<void> => {
        const job = get().seed.job;
        if (job?.state === 'running') {
          try {
            const next = await api.invoke('app.seedJob', { jobId: job.jobId });
            if (!stopped && get().seed.job?.jobId === next.jobId)
              set({ seed: { status: 'ready', job: next } });
          } catch (error) {
            if (!stopped && get().seed.job?.jobId === job.jobId)
              set({ seed: { status: 'error', job, error: toUiError(error) } });
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
