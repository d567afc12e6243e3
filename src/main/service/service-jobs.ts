/**
 * Long work the service does on request (a backup, a verify) reported as `job-progress` events, so
 * every window and console tab shows one progress bar per job. Progress is sent at most every
 * 100 ms (and always at the start and the end), so a job over many small files does not flood the UI.
 */
import type { AppEventHub } from './app-event-hub';

/**
 * A progress report (items, and for jobs that read files their bytes); a listener that returns a
 * promise holds the job until it settles.
 */
export type JobProgress = (done: number, total: number, bytes?: JobBytes) => void | Promise<void>;

export interface JobBytes {
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

let sequence = 0;

export async function runServiceJob<T>(
  events: AppEventHub,
  title: string,
  work: (progress: JobProgress) => Promise<T>,
  also: JobProgress = () => undefined,
): Promise<T> {
  const jobId = `${Date.now().toString(36)}-${++sequence}`;
  let last = 0;
  let counts: { done: number; total: number } & Partial<JobBytes> = { done: 0, total: 0 };
  events.emit({ type: 'job-progress', jobId, title, state: 'running', done: 0, total: 0 });
  try {
    const result = await work((done, total, bytes) => {
      counts = { done, total, ...bytes };
      const now = Date.now();
      if (now - last >= 100 || done >= total) {
        last = now;
        events.emit({ type: 'job-progress', jobId, title, state: 'running', ...counts });
      }
      return also(done, total, bytes);
    });
    events.emit({ type: 'job-progress', jobId, title, state: 'succeeded', ...counts });
    return result;
  } catch (error) {
    events.emit({
      type: 'job-progress',
      jobId,
      title,
      state: 'failed',
      ...counts,
      message: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}
