/**
 * A 1 GiB asset published through PublishPackageVersion (the SDK streams the file) to a `serve`
 * child, against `sha256sum` of the same file: the service also writes and fsyncs it and computes
 * MD5, SHA-1 and SHA-512 beside SHA-256, so sha256sum is the floor. Rounds are interleaved; each
 * round first changes the file's first bytes, so every publish stores new content (a file already
 * stored would skip the sync and rename). The client reads the file in 1 MiB pieces, as an uploader
 * of large files does (64 KiB reads double its CPU time on the same two cores). The CPU time of the
 * client (this process) and of the server per publish is printed beside the wall time; the server's
 * peak RSS shows that the body is streamed, not held. The row's argument is the size in MiB
 * (`large-publish=256`; 1024 by default).
 */
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  PublishPackageVersionCommand,
} from '@aws-sdk/client-codeartifact';
import { execFileSync } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpuMillis, peakResidentBytes } from '../helpers/process-memory';
import { startBuiltServe } from './built-serve';
import { fmt, table } from './report';

export async function measureLargePublish(arg?: string): Promise<void> {
  const sizeMib = Number(arg ?? 1024);
  if (!Number.isInteger(sizeMib) || sizeMib < 1)
    throw new Error(`large-publish takes a size in MiB, not '${arg}'`);
  const work = mkdtempSync(join(tmpdir(), 'artifact-desk-bench-large-'));
  const file = join(work, 'large.bin');
  execFileSync('sh', ['-c', `head -c ${sizeMib * 1024 * 1024} /dev/urandom > '${file}'`]);
  const serve = await startBuiltServe({ dataDir: join(work, 'data'), args: ['--no-client-config'] });
  try {
    const client = serve.client();
    await client.send(new CreateDomainCommand({ domain: 'large' }));
    await client.send(new CreateRepositoryCommand({ domain: 'large', repository: 'files' }));
    const floor: number[] = [];
    const publish: number[] = [];
    const clientCpu: number[] = [];
    const serverCpu: number[] = [];
    let sha256 = '';
    for (let round = 0; round < 3; round++) {
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.from(`round ${round}\n`), 0, undefined, 0);
      closeSync(fd);
      let started = performance.now();
      sha256 = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0] ?? '';
      floor.push(performance.now() - started);
      const serverBefore = await cpuMillis(serve.pid);
      const clientBefore = process.cpuUsage();
      started = performance.now();
      await client.send(
        new PublishPackageVersionCommand({
          domain: 'large',
          repository: 'files',
          format: 'generic',
          namespace: 'bench',
          package: 'large',
          packageVersion: `1.0.${round}`,
          assetName: 'large.bin',
          assetContent: createReadStream(file, { highWaterMark: 1024 * 1024 }),
          assetSHA256: sha256,
        }),
      );
      publish.push(performance.now() - started);
      const used = process.cpuUsage(clientBefore);
      clientCpu.push((used.user + used.system) / 1000);
      serverCpu.push((await cpuMillis(serve.pid)) - serverBefore);
    }
    client.destroy();
    const peak = await peakResidentBytes(serve.pid);
    const best = (values: number[]): number => Math.min(...values);
    const median = (values: number[]): number =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
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
        ['server peak RSS MiB', fmt(peak / 2 ** 20, 0), ''],
      ],
    );
  } finally {
    await serve.stop('SIGTERM', 180_000);
    rmSync(work, { recursive: true, force: true });
  }
}
