/**
 * Pulling 1,000 versions from a remote (a `serve` child reached with the SDK, as AWS would be) into
 * a fresh local store, against publishing the same 1,000 versions to that remote directly with
 * PublishPackageVersion, both 8 calls in flight. The pull plans first (lists every version and its
 * assets), then per version reads status, metadata and each asset, verifies SHA-256 and commits the
 * version, so the ratio is what mirroring costs over the plain uploads it replays.
 * BENCH_MIRROR_VERSIONS changes the count.
 */
import { CreateDomainCommand, CreateRepositoryCommand } from '@aws-sdk/client-codeartifact';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startService } from '../../src/main/service/service';
import { publishGeneric } from '../helpers/packages';
import { startServe, type ServeHandle } from '../helpers/serve';
import { fmt, median, table } from './report';

const keys = {
  accessKeyId: 'AKIABENCHMIRROR00001',
  secretAccessKey: 'bench-mirror-secret-000000000000000000',
};
const region = 'us-east-1';

/** Publishes `count` versions into a new remote repository, 8 in flight; returns the milliseconds. */
async function publishAll(remote: ServeHandle, repository: string, count: number): Promise<number> {
  const client = remote.client();
  try {
    await client.send(new CreateRepositoryCommand({ domain: 'bench', repository }));
    const target = { domain: 'bench', repository, namespace: 'bench', package: 'app' };
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < count) {
          const i = next++;
          await publishGeneric(client, target, `1.0.${i}`, 'app.bin', `build ${i} `.repeat(100));
        }
      }),
    );
    return performance.now() - started;
  } finally {
    client.destroy();
  }
}

/** Pulls one remote repository into a fresh local store; returns the milliseconds. */
async function pullAll(remote: ServeHandle, dataDir: string, repository: string, count: number) {
  const local = await startService({ dataDir, port: 0, useClientConfig: false });
  try {
    const started = performance.now();
    const id = local.mirror.start({
      direction: 'pull',
      remote: { region, domain: 'bench', endpoint: remote.endpoint },
      scope: { repositories: [repository] },
      overwrite: false,
    });
    const job = await local.mirror.run(id);
    const ms = performance.now() - started;
    if (job.state !== 'done' || job.done !== count)
      throw new Error(`the pull ended ${job.state} with ${job.done} of ${count}: ${job.message ?? ''}`);
    return ms;
  } finally {
    await local.stop();
  }
}

export async function measureMirror(): Promise<void> {
  const count = Number(process.env['BENCH_MIRROR_VERSIONS'] ?? 1000);
  const rounds = Number(process.env['BENCH_MIRROR_ROUNDS'] ?? 3);
  const work = mkdtempSync(join(tmpdir(), 'artifact-desk-bench-mirror-'));
  const remote = await startServe({
    ...keys,
    region,
    dataDir: join(work, 'remote'),
    startTimeoutMs: 180_000,
  });
  process.env['AWS_ACCESS_KEY_ID'] = keys.accessKeyId;
  process.env['AWS_SECRET_ACCESS_KEY'] = keys.secretAccessKey;
  try {
    const client = remote.client();
    await client.send(new CreateDomainCommand({ domain: 'bench' }));
    client.destroy();
    const publishes: number[] = [];
    const pulls: number[] = [];
    const ratios: number[] = [];
    // Interleaved: each round publishes a new repository directly, then pulls it into a new store.
    for (let round = 0; round < rounds; round++) {
      const repository = `releases-${round}`;
      publishes.push(await publishAll(remote, repository, count));
      pulls.push(await pullAll(remote, join(work, `local-${round}`), repository, count));
      ratios.push(pulls[round]! / publishes[round]!);
    }
    const stats = (values: number[]) => ({ min: Math.min(...values), median: median(values) });
    const p = stats(publishes);
    const q = stats(pulls);
    const r = stats(ratios);
    table(
      `Mirror pull of ${count} generic versions vs ${count} direct PublishPackageVersion calls (8 in flight, ${rounds} interleaved rounds)`,
      ['figure', 'min', 'median'],
      [
        ['direct publishes s', fmt(p.min / 1000), fmt(p.median / 1000)],
        ['pull s', fmt(q.min / 1000), fmt(q.median / 1000)],
        ['pull versions/s', fmt(count / (q.median / 1000), 0), ''],
        ['pull ÷ publishes', fmt(r.min), fmt(r.median)],
      ],
    );
  } finally {
    await remote.stop('SIGTERM', 180_000);
    rmSync(work, { recursive: true, force: true });
  }
}
