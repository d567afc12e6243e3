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
import { startServe } from '../helpers/serve';
import { fmt, table } from './report';

const keys = {
  accessKeyId: 'AKIABENCHMIRROR00001',
  secretAccessKey: 'bench-mirror-secret-000000000000000000',
};
const region = 'us-east-1';

export async function measureMirror(): Promise<void> {
  const count = Number(process.env['BENCH_MIRROR_VERSIONS'] ?? 1000);
  const work = mkdtempSync(join(tmpdir(), 'artifact-desk-bench-mirror-'));
  const remote = await startServe({ ...keys, region, dataDir: join(work, 'remote') });
  process.env['AWS_ACCESS_KEY_ID'] = keys.accessKeyId;
  process.env['AWS_SECRET_ACCESS_KEY'] = keys.secretAccessKey;
  const local = await startService({ dataDir: join(work, 'local'), port: 0, useClientConfig: false });
  try {
    const client = remote.client();
    await client.send(new CreateDomainCommand({ domain: 'bench' }));
    await client.send(new CreateRepositoryCommand({ domain: 'bench', repository: 'releases' }));
    const target = { domain: 'bench', repository: 'releases', namespace: 'bench', package: 'app' };
    let next = 0;
    let started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < count) {
          const i = next++;
          await publishGeneric(client, target, `1.0.${i}`, 'app.bin', `build ${i} `.repeat(100));
        }
      }),
    );
    const publishMs = performance.now() - started;
    client.destroy();
    started = performance.now();
    const id = local.mirror.start({
      direction: 'pull',
      remote: { region, domain: 'bench', endpoint: remote.endpoint },
      scope: {},
      overwrite: false,
    });
    const job = await local.mirror.run(id);
    const pullMs = performance.now() - started;
    if (job.state !== 'done' || job.done !== count)
      throw new Error(`the pull ended ${job.state}: ${job.message ?? ''}`);
    table(
      `Mirror pull of ${count} generic versions vs ${count} direct PublishPackageVersion calls (8 in flight)`,
      ['figure', 'value'],
      [
        ['direct publishes s', fmt(publishMs / 1000)],
        ['pull s', fmt(pullMs / 1000)],
        ['pull versions/s', fmt(count / (pullMs / 1000), 0)],
        ['pull ÷ publishes', fmt(pullMs / publishMs)],
      ],
    );
  } finally {
    await local.stop();
    await remote.stop('SIGTERM', 180_000);
    rmSync(work, { recursive: true, force: true });
  }
}
