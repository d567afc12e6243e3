/**
 * The Mirror page's state: the remote and scope being compared, the last plan, the mirror jobs and
 * the one whose per-version results are shown. Job counts follow the service's `mirror-progress`
 * events; the open job's items are read again when its counts change.
 */
import type { MirrorStartRequest } from '../../../shared/app-operations';
import type {
  MirrorDirection,
  MirrorJobDetail,
  MirrorJobSummary,
  MirrorPlan,
  MirrorRemote,
  MirrorScope,
} from '../../../shared/mirror';
import type { Slice } from './app-store';
import { toUiError, type LoadStatus, type UiError } from './load-state';

export interface MirrorSlice {
  mirrorPlan: { status: LoadStatus; value?: MirrorPlan; error?: UiError };
  mirrorJobs: { status: LoadStatus; value?: readonly MirrorJobSummary[]; error?: UiError };
  mirrorJob: { status: LoadStatus; value?: MirrorJobDetail; error?: UiError };
  mirrorStartError?: UiError;
  planMirror(remote: MirrorRemote, scope: MirrorScope): Promise<void>;
  startMirror(
    direction: MirrorDirection,
    remote: MirrorRemote,
    scope: MirrorScope,
    overwrite: boolean,
  ): Promise<void>;
  loadMirrorJobs(): Promise<void>;
  openMirrorJob(id: number): Promise<void>;
  cancelMirrorJob(id: number): Promise<void>;
  /** Follows the service's progress events; returns the function that stops following. */
  followMirror(): () => void;
}

export const createMirrorSlice: Slice<MirrorSlice> =
  ({ api }) =>
  (set, get) => ({
    mirrorPlan: { status: 'idle' },
    mirrorJobs: { status: 'idle' },
    mirrorJob: { status: 'idle' },

    async planMirror(remote, scope) {
      set({ mirrorPlan: { status: 'loading' } });
      try {
        set({
          mirrorPlan: { status: 'ready', value: await api.invoke('app.mirrorPlan', { remote, scope }) },
        });
      } catch (error) {
        set({ mirrorPlan: { status: 'error', error: toUiError(error) } });
      }
    },

    async startMirror(direction, remote, scope, overwrite) {
      const request: MirrorStartRequest = { direction, remote, scope, overwrite };
      set({ mirrorStartError: undefined });
      try {
        const job = await api.invoke('app.mirrorStart', request);
        await get().loadMirrorJobs();
        await get().openMirrorJob(job.id);
      } catch (error) {
        set({ mirrorStartError: toUiError(error) });
      }
    },

    async loadMirrorJobs() {
      try {
        const jobs = await api.invoke('app.mirrorJobs', {});
        set({ mirrorJobs: { status: 'ready', value: jobs } });
      } catch (error) {
        set({ mirrorJobs: { status: 'error', error: toUiError(error) } });
      }
    },

    async openMirrorJob(id) {
      try {
        set({ mirrorJob: { status: 'ready', value: await api.invoke('app.mirrorJob', { id }) } });
      } catch (error) {
        set({ mirrorJob: { status: 'error', error: toUiError(error) } });
      }
    },

    async cancelMirrorJob(id) {
      await api.invoke('app.mirrorCancel', { id });
      await get().loadMirrorJobs();
      await get().openMirrorJob(id);
    },

    followMirror() {
      let refreshing = false;
      let again = false;
      const refresh = async (): Promise<void> => {
        if (refreshing) {
          again = true;
          return;
        }
        refreshing = true;
        try {
          await get().loadMirrorJobs();
          const open = get().mirrorJob.value;
          if (open) await get().openMirrorJob(open.id);
        } finally {
          refreshing = false;
          if (again) {
            again = false;
            void refresh();
          }
        }
      };
      return api.on('mirror-progress', () => void refresh());
    },
  });
