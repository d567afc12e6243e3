/**
 * An offline kit as a job of the running service: progress goes to the UI as `job-progress` events
 * (at most every 100 ms and at the end, so a 2,000-package kit does not flood the window), besides
 * the caller's own progress callback.
 */
import { randomUUID } from 'node:crypto';
import {
  kitComplete,
  type KitProgress,
  type OfflineKitReport,
  type OfflineKitRequest,
} from '../../shared/offline-kit';
import type { AppEventHub } from '../service/app-event-hub';
import { runOfflineKit, type OfflineKitDeps } from './run-offline-kit';

const eventIntervalMs = 100;

export type OfflineKitRunner = (
  request: OfflineKitRequest,
  onProgress?: (progress: KitProgress) => void,
) => Promise<OfflineKitReport>;

export function offlineKitJob(deps: OfflineKitDeps, events: AppEventHub): OfflineKitRunner {
  return async (request, onProgress) => {
    const jobId = `offline-kit-${randomUUID()}`;
    const title = `Offline kit from ${request.fileName} into ${request.repository}`;
    let last = 0;
    let latest: KitProgress = { done: 0, total: 0 };
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
