/**
 * The domain's Promote tab: the last diff of two repositories (app.diffRepositories) and the last
 * promotion or its dry-run preview (app.promoteVersions), kept with the request they answer so a
 * late answer to an older request never replaces a newer one.
 */
import type {
  PromotionRequest,
  PromotionResult,
  RepositoryDiff,
  RepositoryDiffRequest,
} from '../../../shared/app-operations';
import type { Slice } from './app-store';
import { toUiError, type LoadStatus, type UiError } from './load-state';

export interface PromotionState {
  readonly diff: {
    readonly request?: RepositoryDiffRequest;
    readonly status: LoadStatus;
    readonly value?: RepositoryDiff;
    readonly error?: UiError;
  };
  readonly result: {
    readonly status: LoadStatus;
    readonly value?: PromotionResult;
    readonly error?: UiError;
  };
}

export interface PromotionSlice {
  promotion: PromotionState;
  diffRepositories(request: RepositoryDiffRequest): Promise<void>;
  /** Runs the promotion (or its preview); after a real one the diff is read again. */
  promoteVersions(request: PromotionRequest): Promise<void>;
}

export const createPromotionSlice: Slice<PromotionSlice> =
  ({ api }) =>
  (set, get) => ({
    promotion: { diff: { status: 'idle' }, result: { status: 'idle' } },

    async diffRepositories(request) {
      set({ promotion: { diff: { request, status: 'loading' }, result: { status: 'idle' } } });
      try {
        const value = await api.invoke('app.diffRepositories', request);
        if (get().promotion.diff.request === request)
          set({ promotion: { ...get().promotion, diff: { request, status: 'ready', value } } });
      } catch (error) {
        if (get().promotion.diff.request === request)
          set({
            promotion: { ...get().promotion, diff: { request, status: 'error', error: toUiError(error) } },
          });
      }
    },

    async promoteVersions(request) {
      set({ promotion: { ...get().promotion, result: { status: 'loading' } } });
      try {
        const value = await api.invoke('app.promoteVersions', request);
        set({ promotion: { ...get().promotion, result: { status: 'ready', value } } });
        if (!value.dryRun) {
          const { diff } = get().promotion;
          const { versions: _versions, allowOverwrite: _overwrite, dryRun: _dryRun, ...pair } = request;
          const fresh = await api.invoke('app.diffRepositories', pair);
          set({ promotion: { ...get().promotion, diff: { ...diff, status: 'ready', value: fresh } } });
        }
      } catch (error) {
        set({ promotion: { ...get().promotion, result: { status: 'error', error: toUiError(error) } } });
      }
    },
  });
