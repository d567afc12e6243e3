/**
 * Jobs: long work shown with progress bars. Bulk version actions (status change, copy, dispose,
 * delete) run here in batches of at most 100 versions, so a large selection makes steady progress
 * and one refused batch does not hide what the others did. Progress events pushed by the service
 * appear in the same panel.
 */
import type { PackageVersionError, SuccessfulPackageVersionInfo } from '@aws-sdk/client-codeartifact';
import type { JobProgressEvent } from '../../../shared/app-events';
import type { Slice } from './app-store';
import { toUiError, type UiError } from './load-state';

/** CodeArtifact's batch operations accept up to 100 versions per call. */
export const versionBatchSize = 100;

export interface VersionBatchResult {
  successfulVersions: Record<string, SuccessfulPackageVersionInfo>;
  failedVersions: Record<string, PackageVersionError>;
  /** Set when a whole call was refused; versions of later batches were not attempted. */
  error?: UiError;
}

export type JobState = 'running' | 'succeeded' | 'finished-with-failures' | 'failed';

export interface Job {
  id: string;
  title: string;
  total: number;
  done: number;
  failed: number;
  /** For jobs that read files (a verify): bytes read so far and in all. */
  bytes?: { done: number; total: number };
  state: JobState;
  error?: UiError;
  origin: 'renderer' | 'service';
}

export interface JobsSlice {
  jobs: Job[];
  runVersionBatches(
    title: string,
    versions: readonly string[],
    run: (batch: string[]) => Promise<Partial<VersionBatchResult>>,
  ): Promise<VersionBatchResult>;
  applyJobEvent(event: JobProgressEvent): void;
  dismissJob(id: string): void;
  clearFinishedJobs(): void;
}

function finalState(job: Job): JobState {
  if (job.error) return 'failed';
  return job.failed > 0 ? 'finished-with-failures' : 'succeeded';
}

export const createJobsSlice: Slice<JobsSlice> = () => (set) => {
  let sequence = 0;
  const update = (id: string, change: (job: Job) => Job): void =>
    set((state) => ({ jobs: state.jobs.map((job) => (job.id === id ? change(job) : job)) }));

  return {
    jobs: [],

    async runVersionBatches(title, versions, run) {
      const id = `job-${++sequence}`;
      const unique = [...new Set(versions)];
      set((state) => ({
        jobs: [
          { id, title, total: unique.length, done: 0, failed: 0, state: 'running', origin: 'renderer' },
          ...state.jobs,
        ],
      }));
      const result: VersionBatchResult = { successfulVersions: {}, failedVersions: {} };
      for (let start = 0; start < unique.length; start += versionBatchSize) {
        const batch = unique.slice(start, start + versionBatchSize);
        try {
          const answer = await run(batch);
          Object.assign(result.successfulVersions, answer.successfulVersions ?? {});
          Object.assign(result.failedVersions, answer.failedVersions ?? {});
          const failed = Object.keys(answer.failedVersions ?? {}).length;
          update(id, (job) => ({ ...job, done: job.done + batch.length, failed: job.failed + failed }));
        } catch (error) {
          result.error = toUiError(error);
          update(id, (job) => ({ ...job, error: result.error }));
          break;
        }
      }
      update(id, (job) => ({ ...job, state: finalState(job) }));
      return result;
    },

    applyJobEvent(event) {
      const id = `service-${event.jobId}`;
      const count = (value: number): number => (Number.isFinite(value) && value >= 0 ? value : 0);
      const job: Job = {
        id,
        title: event.title,
        total: count(event.total),
        done: count(event.done),
        ...(event.bytesTotal !== undefined
          ? { bytes: { done: count(event.bytesDone ?? 0), total: count(event.bytesTotal) } }
          : {}),
        failed: 0,
        state: event.state,
        error: event.state === 'failed' ? { message: event.message ?? 'The job failed.' } : undefined,
        origin: 'service',
      };
      set((state) => ({
        jobs: state.jobs.some((candidate) => candidate.id === id)
          ? state.jobs.map((candidate) => (candidate.id === id ? job : candidate))
          : [job, ...state.jobs],
      }));
    },

    dismissJob(id) {
      set((state) => ({ jobs: state.jobs.filter((job) => job.id !== id) }));
    },

    clearFinishedJobs() {
      set((state) => ({ jobs: state.jobs.filter((job) => job.state === 'running') }));
    },
  };
};
