/**
 * Runs a checkpoint in a worker thread (`checkpoint-worker.ts`), so the event loop of the store's
 * thread stays free while a snapshot of any size is built and written.
 *
 * Where the worker's code is: built JavaScript has it as its own entry, `checkpoint-worker.js` in
 * `out/main` (the build lists it beside `index` and `cli`), next to this module's chunk or one folder
 * up. Run from TypeScript (vitest, tsx) the worker loads `checkpoint-worker.ts` through tsx's
 * require hook, a development dependency that is there whenever the sources are run.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CheckpointJob, CheckpointWorkerMessage } from './checkpoint-worker';

export type CheckpointReport = Extract<CheckpointWorkerMessage, { kind: 'done' }>;

/** The worker could not be started at all (its code was not found or did not load). */
export class CheckpointWorkerUnavailableError extends Error {
  constructor(detail: string) {
    super(`The checkpoint worker could not start: ${detail}`);
    this.name = 'CheckpointWorkerUnavailableError';
  }
}

const workerData = { role: 'checkpoint' };

function startWorker(): Worker {
  const here = fileURLToPath(import.meta.url);
  const folder = path.dirname(here);
  if (here.endsWith('.ts')) {
    const tsxRequire = createRequire(import.meta.url).resolve('tsx/cjs/api');
    const entry = path.join(folder, 'checkpoint-worker.ts');
    const source = `require(${JSON.stringify(tsxRequire)}).require(${JSON.stringify(entry)}, ${JSON.stringify(entry)});`;
    return new Worker(source, { eval: true, workerData, execArgv: [] });
  }
  const entry = [folder, path.dirname(folder)]
    .map((dir) => path.join(dir, 'checkpoint-worker.js'))
    .find((file) => existsSync(file));
  if (!entry) throw new CheckpointWorkerUnavailableError(`checkpoint-worker.js is not beside ${here}`);
  return new Worker(entry, { workerData, execArgv: [] });
}

/**
 * Writes the snapshot holding every transaction up to `job.seq`. The journal must already hold
 * all of them on disk, in segments that begin at or below `job.seq` (the caller rotated to a new
 * segment at `job.seq + 1` and waited for it). Rejects with CheckpointWorkerUnavailableError when
 * the worker cannot start, and with the worker's error when the checkpoint fails; either way the
 * old snapshot and the journal are as they were.
 */
export function checkpointInWorker(job: CheckpointJob): Promise<CheckpointReport> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = startWorker();
    } catch (error) {
      reject(
        error instanceof CheckpointWorkerUnavailableError
          ? error
          : new CheckpointWorkerUnavailableError((error as Error).message),
      );
      return;
    }
    let started = false;
    let settled = false;
    const settle = (error: Error | undefined, report?: CheckpointReport): void => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else if (report) resolve(report);
      // The worker ends by itself after its report; a failed one is stopped.
      void worker.terminate();
    };
    worker.on('message', (message: CheckpointWorkerMessage) => {
      if (message.kind === 'started') {
        started = true;
        worker.postMessage(job);
      } else if (message.kind === 'done') settle(undefined, message);
      else settle(new Error(`Checkpoint failed: ${message.message}`));
    });
    worker.on('error', (error) =>
      settle(started ? error : new CheckpointWorkerUnavailableError(error.message)),
    );
    worker.on('exit', (code) => {
      const detail = `the worker exited with code ${code} before it reported`;
      settle(
        started ? new Error(`Checkpoint failed: ${detail}`) : new CheckpointWorkerUnavailableError(detail),
      );
    });
  });
}
