/**
 * "Why this version" on the package page: the resolution trace of a version or range asked of the
 * package's repository (app.resolutionTrace), kept for the package it was asked about.
 */
import type { ResolutionTrace } from '../../../shared/app-operations';
import type { Slice } from './app-store';
import { toUiError, type LoadStatus, type UiError } from './load-state';
import { packageInput, packageKey, type PackageRef } from './refs';

export interface TraceState {
  readonly key?: string;
  readonly requested?: string;
  readonly status: LoadStatus;
  readonly trace?: ResolutionTrace;
  readonly error?: UiError;
}

export interface TraceSlice {
  trace: TraceState;
  explainVersion(ref: PackageRef, version: string): Promise<void>;
}

export const createTraceSlice: Slice<TraceSlice> =
  ({ api }) =>
  (set, get) => ({
    trace: { status: 'idle' },
    async explainVersion(ref, version) {
      const key = packageKey(ref);
      const requested = version.trim();
      set({ trace: { key, requested, status: 'loading' } });
      try {
        const trace = await api.invoke('app.resolutionTrace', {
          ...packageInput(ref),
          ...(requested ? { version: requested } : {}),
        });
        if (get().trace.key === key && get().trace.requested === requested)
          set({ trace: { key, requested, status: 'ready', trace } });
      } catch (error) {
        if (get().trace.key === key && get().trace.requested === requested)
          set({ trace: { key, requested, status: 'error', error: toUiError(error) } });
      }
    },
  });
