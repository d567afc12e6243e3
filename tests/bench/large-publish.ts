/**
 * A 1 GiB asset published through PublishPackageVersion (the SDK streams the file) to a `serve`
 * child, against `sha256sum` of the same file: the service also writes and fsyncs it and computes
 * MD5, SHA-1 and SHA-512 beside SHA-256, so sha256sum is the floor. Rounds are interleaved; each
 * round first changes the file's first bytes, so every publish stores new content (a file already
 * stored would skip the sync and rename).
 *
 * The client is a process of its own that loads only the SDK (publish-file-main.mjs, plain Node),
 * as a command-line uploader is: it opens the file, streams it in 1 MiB reads (64 KiB reads double
 * its CPU time) and sends it with the same SDK call. Inside this bench process, whose heap holds the
 * TypeScript loader and the whole harness, each garbage collection the upload's buffers set off
 * walks all of that, and the client's CPU time per GiB was about twice a lean process's; that is the
 * harness's cost, not an uploader's. The row prints the uploader's CPU time per publish and the
 * server's, the latter per thread (main thread, the digest and writer workers, the rest), and the
 * server's peak RSS, which shows that the body is streamed, not held. The row's argument is the size
 * in MiB (`large-publish=256`; 1024 by default).
 */
import { CreateDomainCommand, CreateRepositoryCommand } from '@aws-sdk/client-codeartifact';
import { execFileSync, fork } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { cpuMillis, peakResidentBytes, threadCpuMillis } from '../helpers/process-memory';
import { startBuiltServe } from './built-serve';
import { fmt, table } from './report';

interface PublishReply {
  readonly ms?: number;
  readonly cpuMs?: number;
  readonly error?: string;
}

/** The server's CPU per thread over one publish, grouped: main thread, busiest threads by rank, rest. */
function threadShares(
  before: Map<number, { name: string; ms: number }>,
  after: Map<number, { name: string; ms: number }>,
  pid: number,
): number[] {
  const spent = [...after].map(([tid, { ms }]) => ({ tid, ms: ms - (before.get(tid)?.ms ?? 0) }));
  const main = spent.find((thread) => thread.tid === pid)?.ms ?? 0;
  const others = spent
    .filter((thread) => thread.tid !== pid)
    .map((thread) => thread.ms)
    .sort((a, b) => b - a);
  // The five busiest besides the main thread are the four digest workers and the writer.
  const top = others.slice(0, 5);
  const rest = others.slice(5).reduce((sum, ms) => sum + ms, 0);
  return [main, ...top, rest];
}

export async function measureLargePublish(arg?: string): Promise<void> {
  const sizeMib = Number(arg ?? 1024);
  if (!Number.isInteger(sizeMib) || sizeMib < 1)
    throw new Error(`large-publish takes a size in MiB, not '${arg}'`);
  const work = mkdtempSync(join(tmpdir(), 'artifact-desk-bench-large-'));
  try {
    await publishRounds(work, sizeMib);
  } finally {
    // The file is as large as the row's argument: removed whether or not `serve` ever started.
    rmSync(work, { recursive: true, force: true });
  }
}

/** The row's rounds, with the file and the server's data in `work`. */
async function publishRounds(work: string, sizeMib: number): Promise<void> {
  const file = join(work, 'large.bin');
  execFileSync('sh', ['-c', `head -c ${sizeMib * 1024 * 1024} /dev/urandom > '${file}'`]);
  const serve = await startBuiltServe({ dataDir: join(work, 'data'), args: ['--no-client-config'] });
  const uploader = fork(
    fileURLToPath(new URL('./publish-file-main.mjs', import.meta.url)),
    [
      JSON.stringify({
        endpoint: serve.endpoint,
        region: serve.region,
        accessKeyId: serve.accessKeyId,
        secretAccessKey: serve.secretAccessKey,
      }),
    ],
    { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const publishWith = (input: Record<string, string>): Promise<Required<Omit<PublishReply, 'error'>>> =>
    new Promise((resolve, reject) => {
      uploader.once('message', (reply: PublishReply) =>
        reply.error || reply.ms === undefined || reply.cpuMs === undefined
          ? reject(new Error(`the uploader failed: ${reply.error}`))
          : resolve({ ms: reply.ms, cpuMs: reply.cpuMs }),
      );
      uploader.send({ file, input });
    });
  try {
    const client = serve.client();
    await client.send(new CreateDomainCommand({ domain: 'large' }));
    await client.send(new CreateRepositoryCommand({ domain: 'large', repository: 'files' }));
    client.destroy();
    const floor: number[] = [];
    const publish: number[] = [];
    const clientCpu: number[] = [];
    const serverCpu: number[] = [];
    const threads: number[][] = [];
    for (let round = 0; round < 3; round++) {
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.from(`round ${round}\n`), 0, undefined, 0);
      closeSync(fd);
      const started = performance.now();
      const sha256 = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0] ?? '';
      floor.push(performance.now() - started);
      const serverBefore = await cpuMillis(serve.pid);
      const threadsBefore = await threadCpuMillis(serve.pid);
      const published = await publishWith({
        domain: 'large',
        repository: 'files',
        format: 'generic',
        namespace: 'bench',
        package: 'large',
        packageVersion: `1.0.${round}`,
        assetName: 'large.bin',
        assetSHA256: sha256,
      });
      publish.push(published.ms);
      clientCpu.push(published.cpuMs);
      serverCpu.push((await cpuMillis(serve.pid)) - serverBefore);
      threads.push(threadShares(threadsBefore, await threadCpuMillis(serve.pid), serve.pid));
    }
    const peak = await peakResidentBytes(serve.pid);
    const best = (values: number[]): number => Math.min(...values);
    const median = (values: number[]): number =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
    const perThread = (index: number): number[] => threads.map((round) => round[index] ?? 0);
    const threadRow = (label: string, index: number): string[] => [
      label,
      fmt(best(perThread(index)) / 1000),
      fmt(median(perThread(index)) / 1000),
    ];
    table(
      `Publishing a ${sizeMib} MiB asset (PublishPackageVersion, streamed) vs sha256sum of the file`,
      ['figure', 'min', 'median'],
      [
        ['sha256sum s', fmt(best(floor) / 1000), fmt(median(floor) / 1000)],
        ['publish s', fmt(best(publish) / 1000), fmt(median(publish) / 1000)],
        [
          'publish MiB/s',
          fmt(sizeMib / (best(publish) / 1000), 0),
          fmt(sizeMib / (median(publish) / 1000), 0),
        ],
        ['speed ÷ sha256sum', fmt(best(floor) / best(publish)), fmt(median(floor) / median(publish))],
        ['client CPU s', fmt(best(clientCpu) / 1000), fmt(median(clientCpu) / 1000)],
        ['server CPU s', fmt(best(serverCpu) / 1000), fmt(median(serverCpu) / 1000)],
        threadRow('  main thread s', 0),
        ...[1, 2, 3, 4, 5].map((rank) => threadRow(`  worker #${rank} by CPU s`, rank)),
        threadRow('  other threads s', 6),
        ['server peak RSS MiB', fmt(peak / 2 ** 20, 0), ''],
      ],
    );
  } finally {
    uploader.send({ op: 'stop' });
    await serve.stop('SIGTERM', 180_000);
  }
}
