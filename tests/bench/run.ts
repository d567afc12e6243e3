/**
 * `npm run bench`: throughput and latency of the local service, measured through the real AWS SDK
 * over HTTP, and how they change with the size of the store. Prints tables; compares figures taken in
 * the same run (ratios), never against fixed thresholds.
 */
import {
  CodeartifactClient,
  CreateRepositoryCommand,
  DescribeDomainCommand,
} from '@aws-sdk/client-codeartifact';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, percentile, sequentialLatencies, table } from './report';
import { startService, type RunningService } from '../../src/main/service/service';
import { measureCargo } from './cargo';
import { measureGem } from './gem';
import { measureNuget, measureSwift } from './nuget-swift';
import { benchMaven } from './maven';
import { compareFormats } from './format-comparison';
import { compareReaders } from './reader-comparison';
import { measureNpm } from './npm';
import { measureNpmUpstream } from './npm-upstream';
import { measurePackages } from './packages';
import { measurePypi } from './pypi';
import { measurePackuments, measureScale } from './scale';
import { measureFormatDocuments } from './format-documents';
import { measureLargePublish } from './large-publish';
import { measureCheckpointPause } from './checkpoint-pause';
import { measureMirror } from './mirror';
import { measureKit } from './kit';
import { measureRendererScroll } from './renderer-scroll';

const accountId = '111122223333';
const region = 'us-east-1';

function clientFor(service: RunningService): CodeartifactClient {
  return new CodeartifactClient({
    endpoint: service.url,
    region,
    credentials: service.credentials,
    maxAttempts: 1,
  });
}

/** Runs `count` calls with `concurrency` in flight; returns requests per second. */
async function throughput(
  count: number,
  concurrency: number,
  call: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await call(next++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** Fills the store with `rows` repositories quickly: many operations in flight share each fsync. */
async function seed(service: RunningService, domain: string, rows: number): Promise<void> {
  const batch = 500;
  for (let start = 0; start < rows; start += batch) {
    const calls: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(rows, start + batch); i++) {
      calls.push(
        service.invoke('CreateRepository', { domain, repository: `seed-${i.toString().padStart(6, '0')}` }),
      );
    }
    await Promise.all(calls);
  }
}

/** Time from spawning `serve` in a new process to its endpoint line: what a user waits for. */
async function coldStart(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main/cli.ts', 'serve', '--port', '0', '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/endpoint:\s+\S+/.test(out)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening`)));
    });
    return performance.now() - started;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

interface SizeFigures {
  p50: number;
  p95: number;
  mean: number;
  startupMs: number;
  coldStartMs: number;
}

async function writeLatencyAt(rows: number): Promise<SizeFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), `artifact-desk-bench-${rows}-`));
  try {
    let service = await startService({ dataDir, port: 0, accountId, region });
    await service.invoke('CreateDomain', { domain: 'bench' });
    await seed(service, 'bench', rows);
    await service.stop();

    const startedAt = performance.now();
    service = await startService({ dataDir, port: 0 });
    const startupMs = performance.now() - startedAt;
    const client = clientFor(service);
    // Warm the connection and the code paths before measuring.
    for (let i = 0; i < 20; i++) {
      await client.send(new CreateRepositoryCommand({ domain: 'bench', repository: `warm-${i}` }));
    }
    const samples = await sequentialLatencies(300, (i) =>
      client.send(new CreateRepositoryCommand({ domain: 'bench', repository: `measured-${i}` })),
    );
    client.destroy();
    await service.stop();
    const coldStartMs = await coldStart(dataDir);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    return { p50: percentile(samples, 50), p95: percentile(samples, 95), mean, startupMs, coldStartMs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function apiThroughput(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'artifact-desk-bench-api-'));
  try {
    const service = await startService({ dataDir, port: 0, accountId, region });
    const client = clientFor(service);
    await service.invoke('CreateDomain', { domain: 'api' });
    const rows: (string | number)[][] = [];
    for (const concurrency of [1, 16]) {
      const read = await throughput(2000, concurrency, () =>
        client.send(new DescribeDomainCommand({ domain: 'api' })),
      );
      const write = await throughput(1000, concurrency, (i) =>
        client.send(new CreateRepositoryCommand({ domain: 'api', repository: `r${concurrency}-${i}` })),
      );
      rows.push([concurrency, fmt(read, 0), fmt(write, 0)]);
    }
    table(
      'API requests per second through @aws-sdk/client-codeartifact (SigV4, HTTP, engine, durable commit)',
      ['in flight', 'DescribeDomain (read) req/s', 'CreateRepository (write) req/s'],
      rows,
    );
    client.destroy();
    await service.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function storeSizeRows(): Promise<void> {
  const small = await writeLatencyAt(1_000);
  const large = await writeLatencyAt(100_000);
  table(
    'Write latency (CreateRepository through the SDK, acknowledged after fsync) by store size',
    ['rows in store', 'p50 ms', 'p95 ms', 'mean ms', 'open in-process ms', 'new process to listening ms'],
    [
      [
        '1k',
        fmt(small.p50),
        fmt(small.p95),
        fmt(small.mean),
        fmt(small.startupMs, 0),
        fmt(small.coldStartMs, 0),
      ],
      [
        '100k',
        fmt(large.p50),
        fmt(large.p95),
        fmt(large.mean),
        fmt(large.startupMs, 0),
        fmt(large.coldStartMs, 0),
      ],
    ],
  );
  table(
    'Ratios (100k rows / 1k rows)',
    ['figure', 'ratio'],
    [
      ['write latency p50', fmt(large.p50 / small.p50)],
      ['write latency mean', fmt(large.mean / small.mean)],
      ['open in-process', fmt(large.startupMs / small.startupMs)],
      ['new process to listening', fmt(large.coldStartMs / small.coldStartMs)],
    ],
  );
}

/**
 * Every row of the benchmark, by name, in the order a full run prints them. A row is a function
 * that measures and prints its own table; `npm run bench -- NAME …` runs only the named rows, and
 * `NAME=ARG` hands a row its argument (the scale rows take version counts: `packument=10k,100k`).
 */
const rows: Record<string, (arg?: string) => Promise<void>> = {
  api: apiThroughput,
  'store-size': storeSizeRows,
  packages: measurePackages,
  npm: measureNpm,
  'npm-upstream': measureNpmUpstream,
  kit: measureKit,
  pypi: measurePypi,
  maven: benchMaven,
  cargo: measureCargo,
  gem: measureGem,
  nuget: measureNuget,
  swift: measureSwift,
  formats: compareFormats,
  readers: compareReaders,
  packument: measurePackuments,
  documents: measureFormatDocuments,
  scale: measureScale,
  'large-publish': measureLargePublish,
  checkpoint: measureCheckpointPause,
  renderer: measureRendererScroll,
  mirror: measureMirror,
};

async function main(): Promise<void> {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const asked = process.argv.slice(2).map((word): { name: string; arg?: string } => {
    const at = word.indexOf('=');
    return at < 0 ? { name: word } : { name: word.slice(0, at), arg: word.slice(at + 1) };
  });
  const unknown = asked.map(({ name }) => name).filter((name) => !(name in rows));
  if (unknown.length > 0) {
    throw new Error(`Unknown bench rows: ${unknown.join(', ')}. Rows: ${Object.keys(rows).join(', ')}`);
  }
  console.log(
    `Artifact Desk benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}, ` +
      new Date().toISOString(),
  );
  for (const { name, arg } of asked.length > 0
    ? asked
    : Object.keys(rows).map((name): { name: string; arg?: string } => ({ name }))) {
    const started = performance.now();
    await rows[name]?.(arg);
    console.log(
      `(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s, load average ${loadavg()[0]?.toFixed(1)})`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
