/**
 * Measures the package engine: `npx tsx tests/engine/packages/measure-packages.ts`, or
 * `measurePackages()` from the benchmark runner. Prints tables of
 * publish throughput through the real SDK over HTTP (1 KiB and 10 MiB generic assets: versions/s and
 * MB/s hashed and stored, every publish fsynced before it is answered), ListPackageVersions latency on
 * a package with 10,000 versions, and CopyPackageVersions of 100 versions. Figures are for comparing
 * runs on the same machine, not thresholds.
 */
import {
  CodeartifactClient,
  CreateDomainCommand,
  CreateRepositoryCommand,
  PublishPackageVersionCommand,
} from '@aws-sdk/client-codeartifact';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createInvoker } from '../../src/main/engine/invoke';
import { requireDomain, requireRepository } from '../../src/main/engine/lookups';
import {
  ensurePackage,
  insertVersion,
  publishedOriginDefaults,
} from '../../src/main/engine/packages/package-records';
import { percentile, sequentialLatencies, table } from './report';
import { startService } from '../../src/main/service/service';

export async function measurePackages(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'artifact-desk-measure-packages-'));
  const service = await startService({ dataDir, port: 0, accountId: '111122223333', region: 'us-east-1' });
  const client = new CodeartifactClient({
    endpoint: service.url,
    region: service.region,
    credentials: service.credentials,
    maxAttempts: 1,
  });
  const domain = 'bench';
  try {
    await client.send(new CreateDomainCommand({ domain }));
    for (const repository of ['libs', 'prod'])
      await client.send(new CreateRepositoryCommand({ domain, repository }));

    // ---- publish throughput over HTTP ----
    const publishRows: (string | number)[][] = [];
    for (const { label, size, count } of [
      { label: '1 KiB', size: 1024, count: 300 },
      { label: '10 MiB', size: 10 * 1024 * 1024, count: 12 },
    ]) {
      const bodies = Array.from({ length: count }, (_, i) => {
        const body = Buffer.alloc(size, i % 251);
        body.writeUInt32BE(i, 0);
        return { body, sha256: createHash('sha256').update(body).digest('hex') };
      });
      const started = performance.now();
      const samples = await sequentialLatencies(count, (i) => {
        const { body, sha256 } = bodies[i] ?? { body: Buffer.alloc(0), sha256: '' };
        return client.send(
          new PublishPackageVersionCommand({
            domain,
            repository: 'libs',
            format: 'generic',
            namespace: 'bench',
            package: `publish-${size}`,
            packageVersion: `1.0.${i}`,
            assetName: 'payload.bin',
            assetContent: body,
            assetSHA256: sha256,
          }),
        );
      });
      const seconds = (performance.now() - started) / 1000;
      publishRows.push([
        label,
        count,
        (count / seconds).toFixed(1),
        ((count * size) / 1e6 / seconds).toFixed(1),
        percentile(samples, 50).toFixed(1),
        percentile(samples, 95).toFixed(1),
      ]);
    }
    table(
      'PublishPackageVersion over HTTP (SDK, sequential, fsync per publish)',
      ['asset', 'versions', 'versions/s', 'MB/s', 'p50 ms', 'p95 ms'],
      publishRows,
    );

    // ---- ListPackageVersions on 10,000 versions ----
    const ctx = {
      store: service.store,
      config: { accountId: service.accountId, region: service.region, endpointUrl: () => service.url },
      now: () => new Date(),
    };
    const invoke = createInvoker(ctx);
    const seedStarted = performance.now();
    const versions = 10_000;
    service.store.write((db) => {
      const repository = requireRepository(db, requireDomain(db, domain, service.accountId), 'libs');
      const pkg = ensurePackage(
        db,
        repository.id,
        { format: 'npm', namespace: '', name: 'huge' },
        publishedOriginDefaults,
        Date.now(),
      );
      for (let i = 0; i < versions; i++) {
        insertVersion(
          db,
          pkg,
          {
            version: `${Math.floor(i / 1000)}.${Math.floor(i / 10) % 100}.${i % 10}`,
            status: i % 7 === 0 ? 'Unlisted' : 'Published',
            publishedTime: 1_700_000_000_000 + i * 1000,
            origin: { originType: 'INTERNAL', repository: 'libs' },
          },
          Date.now(),
        );
      }
    });
    await service.store.flush();
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const huge = { domain, repository: 'libs', format: 'npm', package: 'huge' } as const;
    const listRows: (string | number)[][] = [];
    for (const [label, extra] of [
      ['first page (100), version order', {}],
      ['first page (100), PUBLISHED_TIME', { sortBy: 'PUBLISHED_TIME' }],
      ['first page (100), status Unlisted', { status: 'Unlisted' }],
      ['first page (1000), version order', { maxResults: 1000 }],
    ] as const) {
      const samples = await sequentialLatencies(50, () =>
        invoke('ListPackageVersions', { ...huge, ...extra }),
      );
      listRows.push([label, percentile(samples, 50).toFixed(2), percentile(samples, 95).toFixed(2)]);
    }
    const walkStarted = performance.now();
    let pages = 0;
    let nextToken: string | undefined;
    do {
      const page = await invoke('ListPackageVersions', { ...huge, maxResults: 1000, nextToken });
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    listRows.push([
      `all ${versions} versions (${pages} pages of 1000)`,
      (performance.now() - walkStarted).toFixed(2),
      '',
    ]);
    table(
      `ListPackageVersions on one package with ${versions} versions (engine, seeded in ${seedSeconds.toFixed(2)} s)`,
      ['listing', 'p50 ms', 'p95 ms'],
      listRows,
    );

    // ---- CopyPackageVersions of 100 versions ----
    const copyVersions = Array.from({ length: 100 }, (_, i) => `1.0.${i}`);
    const copyStarted = performance.now();
    const copied = await invoke('CopyPackageVersions', {
      domain,
      sourceRepository: 'libs',
      destinationRepository: 'prod',
      format: 'generic',
      namespace: 'bench',
      package: 'publish-1024',
      versions: copyVersions,
    });
    const copyMs = performance.now() - copyStarted;
    table(
      'CopyPackageVersions (engine, one call, assets shared)',
      ['versions', 'copied', 'ms', 'versions/s'],
      [
        [
          100,
          Object.keys(copied.successfulVersions ?? {}).length,
          copyMs.toFixed(1),
          (100 / (copyMs / 1000)).toFixed(0),
        ],
      ],
    );
  } finally {
    client.destroy();
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await measurePackages();
}
