/**
 * An offline kit as a job of the running service: progress goes to the UI as `job-progress` events
 * (at most every 100 ms and at the end, so a 2,000-package kit does not flood the window), besides
 * the caller's own progress callback. offlineKitJobs runs kits in the background for the UI, which
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
import { BackgroundJobs } from '../service/background-jobs';
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

/** Kits run in the background for the UI, which reads a job's progress and report by id. */
export function offlineKitJobs(
  run: OfflineKitRunner,
): BackgroundJobs<OfflineKitRequest, KitProgress, OfflineKitReport, OfflineKitJob> {
  return new BackgroundJobs(run, {
    newJobId: newKitJobId,
    started: (request, jobId) => ({
      jobId,
      fileName: request.fileName,
      domain: request.domain,
      repository: request.repository,
      state: 'running',
      progress: { done: 0, total: 0, bytes: 0 },
    }),
    outcome: (report) => (kitComplete(report) ? 'succeeded' : 'failed'),
  });
}
