/**
 * An offline kit as a job of the running service: progress goes to the UI as `job-progress` events
 * (at most every 100 ms and at the end, so a 2,000-package kit does not flood the window), besides
 * the caller's own progress callback. OfflineKitJobs runs kits in the background for the UI, which
 * reads a job's progress and, at the end, its report by id.
 */
import { randomUUID } from 'node:crypto';
import {
  kitComplete,
  type KitProgress,
  type OfflineKitJob,
  type OfflineKitReport,
  type OfflineKitRequest,
} from '../../shared/offline-kit';
import type { AppEventHub } from '../service/app-event-hub';
import { runOfflineKit, type OfflineKitDeps } from './run-offline-kit';

const eventIntervalMs = 100;

export type OfflineKitRunner = (
  request: OfflineKitRequest,
  onProgress?: (progress: KitProgress) => void,
  /** The id its `job-progress` events carry (a new one when absent). */
  jobId?: string,
) => Promise<OfflineKitReport>;

export function offlineKitJob(deps: OfflineKitDeps, events: AppEventHub): OfflineKitRunner {
  return async (request, onProgress, jobId = newKitJobId()) => {
    const title = `Offline kit from ${request.fileName} into ${request.repository}`;
    let last = 0;
    let latest: KitProgress = { done: 0, total: 0, bytes: 0 };
    events.emit({ type: 'job-progress', jobId, title, state: 'running', done: 0, total: 0 });
    try {
      const report = await runOfflineKit(deps, request, (progress) => {
        latest = progress;
        onProgress?.(progress);
        const now = Date.now();
        if (now - last >= eventIntervalMs) {
          last = now;
          events.emit({
            type: 'job-progress',
            jobId,
            title,
            state: 'running',
            done: progress.done,
            total: progress.total,
            ...(progress.current ? { message: progress.current } : {}),
          });
        }
      });
      const problems = report.counts.missing + report.counts.mismatch;
      events.emit({
        type: 'job-progress',
        jobId,
        title,
        state: kitComplete(report) ? 'succeeded' : 'failed',
        done: latest.done,
        total: latest.total,
        message: kitComplete(report) ? 'complete' : `${problems} package(s) missing or mismatched`,
      });
      return report;
    } catch (error) {
      events.emit({
        type: 'job-progress',
        jobId,
        title,
        state: 'failed',
        done: latest.done,
        total: latest.total,
        message: (error as Error).message,
      });
      throw error;
    }
  };
}

function newKitJobId(): string {
  return `offline-kit-${randomUUID()}`;
}

/** Finished jobs kept for the UI to read back; older ones are forgotten. */
const keptJobs = 20;

export class OfflineKitJobs {
  private readonly jobs = new Map<string, OfflineKitJob>();

  constructor(private readonly run: OfflineKitRunner) {}

  /** Starts a kit and answers at once with its job; the work goes on in the background. */
  start(request: OfflineKitRequest): OfflineKitJob {
    const jobId = newKitJobId();
    const base = {
      jobId,
      fileName: request.fileName,
      domain: request.domain,
      repository: request.repository,
    };
    const job: OfflineKitJob = { ...base, state: 'running', progress: { done: 0, total: 0, bytes: 0 } };
    this.jobs.set(jobId, job);
    this.forgetOld();
    const update = (next: Partial<OfflineKitJob>): void => {
      const current = this.jobs.get(jobId);
      if (current) this.jobs.set(jobId, { ...current, ...next });
    };
    this.run(request, (progress) => update({ progress }), jobId).then(
      (report) => update({ state: kitComplete(report) ? 'succeeded' : 'failed', report }),
      (error: unknown) =>
        update({
          state: 'failed',
          error: { name: (error as Error).name, message: (error as Error).message },
        }),
    );
    return job;
  }

  get(jobId: string): OfflineKitJob | undefined {
    return this.jobs.get(jobId);
  }

  private forgetOld(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= keptJobs) return;
      if (job.state !== 'running') this.jobs.delete(id);
    }
  }
}
