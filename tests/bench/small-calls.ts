/**
 * Small API calls (DescribeDomain through the real SDK) sent one after another from a worker thread
 * while a benchmark does something big, so their latency is the server's: the big transfer's
 * client-side work runs on the benchmark's own thread and cannot delay them.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const source = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const { CodeartifactClient, DescribeDomainCommand } = require(workerData.sdk);
const client = new CodeartifactClient({ endpoint: workerData.endpoint, region: workerData.region,
  credentials: workerData.credentials, maxAttempts: 1 });
let running = false;
let max = 0;
let calls = 0;
async function loop() {
  while (running) {
    const started = performance.now();
    await client.send(new DescribeDomainCommand({ domain: workerData.domain }));
    max = Math.max(max, performance.now() - started);
    calls++;
  }
  parentPort.postMessage({ maxMs: max, calls });
}
parentPort.on('message', (message) => {
  if (message === 'start') {
    max = 0;
    calls = 0;
    running = true;
    client.send(new DescribeDomainCommand({ domain: workerData.domain })).then(() => {
      parentPort.postMessage('started');
      return loop();
    });
  } else if (message === 'stop') running = false;
  else if (message === 'close') { client.destroy(); parentPort.close(); }
});
`;

export interface SmallCallTarget {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  readonly domain: string;
}

export interface SmallCalls {
  /** Runs `work` while the calls are sent; returns its result and the calls' worst latency. */
  during<T>(work: () => Promise<T>): Promise<{ result: T; maxMs: number; calls: number }>;
  close(): Promise<void>;
}

export function smallCalls(target: SmallCallTarget): SmallCalls {
  const sdk = createRequire(import.meta.url).resolve('@aws-sdk/client-codeartifact');
  const worker = new Worker(source, { eval: true, workerData: { ...target, sdk } });
  const next = (): Promise<unknown> =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.setMaxListeners(0);
    });
  return {
    async during(work) {
      const started = next();
      worker.postMessage('start');
      await started;
      const stopped = next() as Promise<{ maxMs: number; calls: number }>;
      try {
        const result = await work();
        worker.postMessage('stop');
        return { result, ...(await stopped) };
      } catch (error) {
        worker.postMessage('stop');
        await stopped;
        throw error;
      }
    },
    async close() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('close');
      await exited;
    },
  };
}
