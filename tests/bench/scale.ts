/**
 * How the service behaves as one npm package grows to 1k … 1M versions, measured against `serve`
 * child processes started as `npm run serve` does (built code; their own pids, so RSS is the
 * server's alone):
 *
 * - `scale=COUNTS`: start-up (spawn to listening), idle and peak RSS, data directory size; then npm
 *   publish p50 at the smallest and the largest count up to 100k, both servers running at once and
 *   the publishes alternating between them;
 * - `packument=COUNTS`: the packument built in a fresh process (cold), the first GET after a restart
 *   (the kept document) against the first GET from a freshly started static server process sending
 *   the same bytes, warm GETs interleaved with the static server's, the worst latency of small API
 *   calls (DescribeDomain from a worker thread) meanwhile and alone, the server's RSS.
 *
 * Versions are seeded through the store with the same record functions the publish path uses
 * (version row, blob row with the stored package.json fields, asset row, dist-tag); the tarball
 * files themselves are not written, since nothing measured here reads them (1M files would measure
 * the file system). Each version's package.json is a realistic ~700-byte manifest.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { factFamily, internFactBody } from '../../src/main/engine/assets/blob-fact-bodies';
import { findDomain, findRepository } from '../../src/main/engine/lookups';
import { packageCoordinates } from '../../src/main/engine/packages/package-coordinates';
import {
  descriptionFieldsOf,
  ensurePackage,
  findPackage,
  publishedOriginDefaults,
  putDistTag,
} from '../../src/main/engine/packages/package-records';
import { versionSortKey } from '../../src/main/engine/package-versions/version-order';
import { internDependencyList } from '../../src/main/engine/packages/dependency-lists';
import { internDescription, noDescription } from '../../src/main/engine/packages/version-descriptions';
import { npmManifestFacts, versionMetadataOf } from '../../src/main/http/formats/npm/npm-manifest';
import { npmAssetName } from '../../src/main/http/formats/npm/npm-publish';
import { startService } from '../../src/main/service/service';
import { npmFixture } from '../clients/npm/tarball-writer';
import { cpuMillis, peakResidentBytes, residentBytes } from '../helpers/process-memory';
import type { ServeHandle } from '../helpers/serve';
import { startBuiltServe } from './built-serve';
import { freePort } from './free-port';
import { fmt, percentile, table } from './report';
import { smallCalls, type SmallCalls } from './small-calls';
import { startStaticServerProcess } from './static-server';

const accountId = '111122223333';
const region = 'us-east-1';
const domain = 'bench';
const repository = 'npm-store';
const packageName = 'big';
const mib = 1024 * 1024;

export function versionName(i: number): string {
  return `${Math.floor(i / 1_000_000)}.${Math.floor(i / 1000) % 1000}.${i % 1000}`;
}

/**
 * The package.json of one version. `gitHead` (the commit it was published from, which npm records
 * for every publish from a git checkout) differs per version, so no two versions' stored fields are
 * the same text, as in a real package's history.
 */
function manifestOf(version: string): Record<string, unknown> {
  return {
    name: packageName,
    version,
    gitHead: createHash('sha1').update(version).digest('hex'),
    description: 'A package with very many versions, for measuring how the registry scales',
    main: 'index.js',
    license: 'MIT',
    keywords: ['bench', 'scale', 'registry'],
    repository: { type: 'git', url: 'git+https://example.invalid/big.git' },
    dependencies: { 'dep-a': '^1.2.3', 'dep-b': '~2.0.0', '@scope/dep-c': '>=3 <4' },
    devDependencies: { 'dev-a': '^5.0.0' },
    engines: { node: '>=18' },
    scripts: { test: 'node test.js', build: 'tsc -p .' },
  };
}

/**
 * A data directory holding `count` versions of one npm package, written through the store in a few
 * set-based statements per 50k versions (one journal record each), with the rows publish writes:
 * version (summary, repository, licence, readme, five dependencies), blob with the package.json
 * fields a packument carries, asset, dist-tag. Digests are distinct per version (decimal digits are
 * valid hex).
 */
export async function seedNpmVersions(dataDir: string, count: number): Promise<void> {
  const service = await startService({ dataDir, port: 0, accountId, region });
  try {
    await service.invoke('CreateDomain', { domain });
    await service.invoke('CreateRepository', { domain, repository });
    const coordinates = packageCoordinates('npm', undefined, packageName);
    const sample = manifestOf('0.0.0');
    const metadata = versionMetadataOf(sample, undefined);
    const started = Date.now();
    const batch = 50_000;
    for (let start = 0; start < count; start += batch) {
      const entries: [string, string, number][] = [];
      for (let i = start; i < Math.min(count, start + batch); i++) {
        const version = versionName(i);
        entries.push([version, versionSortKey('npm', version), i + 1]);
      }
      const list = JSON.stringify(entries);
      service.store.write((db) => {
        const domainRow = findDomain(db, domain, accountId);
        const repositoryRow = domainRow && findRepository(db, domainRow, repository);
        if (!domainRow || !repositoryRow) throw new Error('seed target missing');
        const pkg =
          findPackage(db, repositoryRow.id, coordinates) ??
          ensurePackage(db, repositoryRow.id, coordinates, publishedOriginDefaults, started);
        // CROSS JOIN keeps json_each the outer loop, so each entry finds its version by index.
        const each = `FROM json_each(?) j`;
        const n = `json_extract(j.value, '$[2]')`;
        // The description a publish of this metadata stores, shared by every seeded version.
        const descriptionId = internDescription(db, descriptionFieldsOf(metadata, noDescription));
        // Likewise the dependency list, the same for every seeded version.
        const dependencyListId = internDependencyList(db, metadata.dependencies ?? []);
        db.run(
          `INSERT INTO package_versions (package_id, version, sort_key, status, revision, published_time,
             updated_time, origin_type, origin_repository, description_id, dependency_list_id)
           SELECT ?, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), 'Published',
             printf('r%d', ${n}), ? + ${n}, ? + ${n}, 'INTERNAL', ?, ?, ? ${each}`,
          [pkg.id, started, started, repository, descriptionId, dependencyListId, list],
        );
        db.run(
          `INSERT INTO package_version_readmes (version_id, readme)
           SELECT v.id, printf('# big' || char(10) || char(10) || 'Version %s.', v.version) ${each}
           CROSS JOIN package_versions v ON v.package_id = ? AND v.version = json_extract(j.value, '$[0]')`,
          [list, pkg.id],
        );
        db.run(
          `INSERT INTO domain_blobs (domain_id, sha256, size, md5, sha1, sha512, created_time)
           SELECT ?, unhex(printf('%064d', ${n})), 2048, unhex(printf('%032d', ${n})), unhex(printf('%040d', ${n})),
             unhex(printf('%0128d', ${n})), ? ${each}`,
          [domainRow.id, started, list],
        );
        const factRows: [number, string, number][] = [];
        for (let i = start; i < Math.min(count, start + batch); i++) {
          for (const [kind, body] of Object.entries(npmManifestFacts(manifestOf(versionName(i)))))
            factRows.push([i + 1, kind, internFactBody(db, body, factFamily(kind, coordinates))]);
        }
        db.run(
          `INSERT INTO blob_facts (domain_id, sha256, kind, body_id)
           SELECT ?, unhex(printf('%064d', json_extract(j.value, '$[0]'))), json_extract(j.value, '$[1]'),
             json_extract(j.value, '$[2]') ${each}`,
          [domainRow.id, JSON.stringify(factRows)],
        );
        db.run(
          `INSERT INTO package_version_assets (version_id, name, domain_id, sha256, created_time)
           SELECT v.id, ?, ?, unhex(printf('%064d', ${n})), ? ${each}
           CROSS JOIN package_versions v ON v.package_id = ? AND v.version = json_extract(j.value, '$[0]')`,
          [npmAssetName, domainRow.id, started, list, pkg.id],
        );
        putDistTag(db, pkg.id, 'latest', versionName(Math.min(count, start + batch) - 1), started);
      });
      await service.store.flush();
    }
  } finally {
    await service.stop();
  }
}

function dataSize(dataDir: string): number {
  return Number(execFileSync('du', ['-sb', dataDir], { encoding: 'utf8' }).split(/\s/)[0]);
}

async function tokenAndEndpoint(serve: ServeHandle): Promise<{ token: string; registry: string }> {
  const { GetAuthorizationTokenCommand, GetRepositoryEndpointCommand } =
    await import('@aws-sdk/client-codeartifact');
  const client = serve.client();
  const { authorizationToken } = await client.send(new GetAuthorizationTokenCommand({ domain }));
  const { repositoryEndpoint } = await client.send(
    new GetRepositoryEndpointCommand({ domain, repository, format: 'npm' }),
  );
  client.destroy();
  return { token: authorizationToken ?? '', registry: repositoryEndpoint ?? '' };
}

/** GETs `url` reading the body as it streams (kept only in `saveTo`), as a client that parses it would. */
export function timedGet(
  url: string,
  token?: string,
  saveTo?: string,
): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = httpGet(
      url,
      token ? { headers: { Authorization: `Bearer ${token}` } } : {},
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`GET ${url} answered ${response.statusCode}`));
          return;
        }
        const out = saveTo === undefined ? undefined : createWriteStream(saveTo);
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          out?.write(chunk);
        });
        response.on('error', reject);
        response.on('end', () => {
          const ms = performance.now() - started;
          if (!out) return resolve({ ms, bytes });
          out.end(() => resolve({ ms, bytes }));
        });
      },
    );
    request.on('error', reject);
  });
}

interface SizeFigures {
  versions: number;
  startMs: number;
  /** CPU time the server used until it listened: what start-up costs whatever the machine's load. */
  startCpuMs: number;
  idleRss: number;
  peakRss: number;
  dataBytes: number;
}

async function measureSize(count: number): Promise<SizeFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), `artifact-desk-bench-scale-${count}-`));
  try {
    await seedNpmVersions(dataDir, count);
    const started = performance.now();
    const serve = await startBuiltServe({ dataDir });
    const startMs = performance.now() - started;
    try {
      const startCpuMs = await cpuMillis(serve.pid);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const idleRss = await residentBytes(serve.pid);
      const peakRss = await peakResidentBytes(serve.pid);
      return { versions: count, startMs, startCpuMs, idleRss, peakRss, dataBytes: dataSize(dataDir) };
    } finally {
      await serve.stop('SIGTERM', 180_000);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One `npm publish` of a new version of the package (the request npm sends), timed. */
async function publishOnce(target: { token: string; registry: string }, version: string): Promise<number> {
  const fixture = npmFixture(packageName, version, `p${version}`);
  const body = JSON.stringify({
    _id: packageName,
    name: packageName,
    'dist-tags': { latest: fixture.version },
    versions: {
      [fixture.version]: {
        ...fixture.manifest,
        dist: { integrity: fixture.integrity, shasum: fixture.shasum },
      },
    },
    _attachments: {
      [`${packageName}-${fixture.version}.tgz`]: {
        content_type: 'application/octet-stream',
        data: fixture.tarball.toString('base64'),
        length: fixture.tarball.length,
      },
    },
  });
  const started = performance.now();
  const response = await fetch(`${target.registry}${packageName}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${target.token}`, 'Content-Type': 'application/json' },
    body,
  });
  await response.arrayBuffer();
  if (response.status !== 201) throw new Error(`publish answered ${response.status}`);
  return performance.now() - started;
}

/**
 * npm publish p50 into the package at two sizes, both servers running at once and the publishes
 * alternating between them, so the machine's load weighs on both alike.
 */
async function publishRatio(small: number, large: number, count = 60): Promise<[number, number]> {
  const dirs = [small, large].map((n) => mkdtempSync(join(tmpdir(), `artifact-desk-bench-publish-${n}-`)));
  const serves: ServeHandle[] = [];
  try {
    for (const [i, dir] of dirs.entries()) await seedNpmVersions(dir, i === 0 ? small : large);
    for (const dir of dirs)
      serves.push(await startBuiltServe({ dataDir: dir, args: ['--no-client-config'] }));
    const targets = await Promise.all(serves.map((serve) => tokenAndEndpoint(serve)));
    const samples: number[][] = [[], []];
    for (let i = 0; i < count + 10; i++) {
      for (const [t, target] of targets.entries()) {
        const ms = await publishOnce(target, `9.0.${i}`);
        // The first publishes warm the code paths.
        if (i >= 10) samples[t]?.push(ms);
      }
    }
    const p50 = (values: number[] | undefined) =>
      percentile(
        [...(values ?? [])].sort((a, b) => a - b),
        50,
      );
    return [p50(samples[0]), p50(samples[1])];
  } finally {
    for (const serve of serves) await serve.stop('SIGTERM', 180_000);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

interface PackumentFigures {
  versions: number;
  bytes: number;
  /** Built in a fresh process with nothing kept (a cold build, every version read). */
  coldMs: number;
  /** The first GET after a restart, the document having been built before it. */
  firstMs: number;
  /** The first GET from a freshly started static server. */
  staticFirstMs: number;
  warmMedianMs: number;
  warmMinMs: number;
  staticMedianMs: number;
  staticMinMs: number;
  maxSmallCallMs: number;
  smallCalls: number;
  /** The worst small call with no packument asked meanwhile. */
  aloneMaxMs: number;
  rssDuring: number;
  peakRss: number;
}

/** Samples the RSS of `pid` every 50 ms while `work` runs; returns the highest. */
async function rssWhile<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; rss: number }> {
  let rss = 0;
  const sampler = setInterval(() => {
    residentBytes(pid).then(
      (now) => (rss = Math.max(rss, now)),
      () => undefined,
    );
  }, 50);
  try {
    const result = await work();
    return { result, rss: Math.max(rss, await residentBytes(pid)) };
  } finally {
    clearInterval(sampler);
  }
}

function probeOf(serve: ServeHandle): SmallCalls {
  return smallCalls({
    endpoint: serve.endpoint,
    region: serve.region,
    credentials: { accessKeyId: serve.accessKeyId, secretAccessKey: serve.secretAccessKey },
    domain,
  });
}

async function measurePackument(count: number, rounds: number): Promise<PackumentFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), `artifact-desk-bench-packument-${count}-`));
  const staticRoot = mkdtempSync(join(tmpdir(), 'artifact-desk-bench-packument-static-'));
  // The user's npm, pip and Maven settings are not asked: their answers are not what is measured.
  // The same port across the restart, as a user's configured endpoint keeps it: tarball URLs in
  // the kept document name it.
  const serveOptions = { dataDir, args: ['--no-client-config', '--port', String(await freePort())] };
  const staticFile = join(staticRoot, 'npm', packageName);
  await mkdir(join(staticRoot, 'npm'), { recursive: true });
  try {
    await seedNpmVersions(dataDir, count);
    // A fresh process builds the document from the store (nothing kept yet).
    let serve = await startBuiltServe(serveOptions);
    let probe = probeOf(serve);
    let cold: { result: { ms: number; bytes: number }; maxMs: number; calls: number };
    let coldRss: number;
    try {
      const { token, registry } = await tokenAndEndpoint(serve);
      ({ result: cold, rss: coldRss } = await rssWhile(serve.pid, () =>
        probe.during(() => timedGet(`${registry}${packageName}`, token, staticFile)),
      ));
    } finally {
      await probe.close();
    }
    const peakCold = await peakResidentBytes(serve.pid);
    await serve.stop('SIGTERM', 180_000);
    const parsed = JSON.parse(readFileSync(staticFile, 'utf8')) as { versions: Record<string, unknown> };
    const listed = Object.keys(parsed.versions).length;
    if (listed !== count) throw new Error(`the packument lists ${listed} versions, not ${count}`);

    serve = await startBuiltServe(serveOptions);
    probe = probeOf(serve);
    const floor = await startStaticServerProcess(staticRoot);
    try {
      const { token, registry } = await tokenAndEndpoint(serve);
      const url = `${registry}${packageName}`;
      const staticUrl = `${floor.url}npm/${packageName}`;
      // Both processes are fresh: the first answer of each pays its own start-up costs.
      const { result: first, rss: firstRss } = await rssWhile(serve.pid, () =>
        probe.during(() => timedGet(url, token)),
      );
      const staticFirst = await probe.during(() => timedGet(staticUrl));
      const warm: number[] = [];
      const fixed: number[] = [];
      let maxSmall = Math.max(cold.maxMs, first.maxMs);
      let calls = cold.calls + first.calls;
      // Interleaved, with the small calls running in both: the static server, then the service.
      for (let round = 0; round < rounds; round++) {
        fixed.push((await probe.during(() => timedGet(staticUrl))).result.ms);
        const served = await probe.during(() => timedGet(url, token));
        warm.push(served.result.ms);
        maxSmall = Math.max(maxSmall, served.maxMs);
        calls += served.calls;
      }
      // The same calls with nothing else asked of the server: what the machine's load alone costs them.
      const alone = await probe.during(() => new Promise((resolve) => setTimeout(resolve, 3000)));
      warm.sort((a, b) => a - b);
      fixed.sort((a, b) => a - b);
      return {
        aloneMaxMs: alone.maxMs,
        versions: count,
        bytes: cold.result.bytes,
        coldMs: cold.result.ms,
        firstMs: first.result.ms,
        staticFirstMs: staticFirst.result.ms,
        warmMedianMs: percentile(warm, 50),
        warmMinMs: warm[0] ?? NaN,
        staticMedianMs: percentile(fixed, 50),
        staticMinMs: fixed[0] ?? NaN,
        maxSmallCallMs: maxSmall,
        smallCalls: calls,
        rssDuring: Math.max(coldRss, firstRss),
        peakRss: Math.max(peakCold, await peakResidentBytes(serve.pid)),
      };
    } finally {
      await floor.stop();
      await probe.close();
      await serve.stop('SIGTERM', 180_000);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(staticRoot, { recursive: true, force: true });
  }
}

/** Version counts from a row's argument (`10000,100000`, `10k`, `1m`), or the defaults. */
export function countsFrom(arg: string | undefined, defaults: readonly number[]): number[] {
  if (!arg) return [...defaults];
  return arg.split(',').map((part) => {
    const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(part.trim());
    if (!match?.[1]) throw new Error(`'${part}' is not a version count (e.g. 10000, 10k, 1m)`);
    const unit = match[2]?.toLowerCase();
    return Math.round(Number(match[1]) * (unit === 'k' ? 1000 : unit === 'm' ? 1_000_000 : 1));
  });
}

const mb = (bytes: number): string => fmt(bytes / mib, 0);

export async function measurePackuments(arg?: string): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const count of countsFrom(arg, [10_000, 100_000])) {
    const f = await measurePackument(count, count >= 100_000 ? 3 : 7);
    rows.push([
      `${count / 1000}k`,
      fmt(f.bytes / mib, 1),
      fmt(f.coldMs, 0),
      `${fmt(f.firstMs, 0)} / ${fmt(f.staticFirstMs, 0)}`,
      `${fmt(f.warmMinMs, 0)} / ${fmt(f.warmMedianMs, 0)}`,
      `${fmt(f.staticMinMs, 0)} / ${fmt(f.staticMedianMs, 0)}`,
      fmt(f.firstMs / f.staticFirstMs, 1),
      fmt(f.coldMs / f.staticFirstMs, 1),
      fmt(f.warmMedianMs / f.staticMedianMs, 1),
      `${fmt(f.maxSmallCallMs, 0)} (${f.smallCalls})`,
      fmt(f.aloneMaxMs, 0),
      mb(f.rssDuring),
      mb(f.peakRss),
    ]);
  }
  table(
    'npm packument of one package (full form) from a serve process, vs a Node static server sending the same bytes',
    [
      'versions',
      'MiB',
      'cold build ms',
      'first GET after restart ms / static',
      'warm min / median ms',
      'static min / median ms',
      'first ÷ static first',
      'cold build ÷ static first',
      'warm ÷ static',
      'max DescribeDomain ms meanwhile (calls)',
      'max DescribeDomain ms alone',
      'server RSS during MiB',
      'server peak RSS MiB',
    ],
    rows,
  );
}

export async function measureScale(arg?: string): Promise<void> {
  const counts = countsFrom(arg, [1_000, 10_000, 100_000, 1_000_000]);
  const figures: SizeFigures[] = [];
  for (const count of counts) {
    try {
      figures.push(await measureSize(count));
    } catch (error) {
      console.log(`(${count} versions skipped: ${error instanceof Error ? error.message : String(error)})`);
    }
  }
  table(
    'One npm package with N versions: serve start-up (npm run serve, built), memory, data size',
    [
      'versions',
      'spawn to listening ms',
      'server CPU to listening ms',
      'idle RSS MiB',
      'peak RSS MiB',
      'data dir MiB',
      'bytes/version (data)',
    ],
    figures.map((f) => [
      f.versions.toLocaleString('en'),
      fmt(f.startMs, 0),
      fmt(f.startCpuMs, 0),
      mb(f.idleRss),
      mb(f.peakRss),
      mb(f.dataBytes),
      fmt(f.dataBytes / f.versions, 0),
    ]),
  );
  const first = figures[0];
  const last = figures[figures.length - 1];
  if (first && last && last.versions > first.versions)
    console.log(
      `memory per version (idle RSS difference ${first.versions.toLocaleString('en')} → ${last.versions.toLocaleString('en')}): ` +
        `${fmt((last.idleRss - first.idleRss) / (last.versions - first.versions), 0)} bytes`,
    );
  const small = Math.min(...counts);
  const large = Math.min(Math.max(...counts), 100_000);
  if (large > small) {
    const [p50Small, p50Large] = await publishRatio(small, large);
    table(
      'npm publish p50 into the package, the two servers running at once and publishes alternating',
      ['versions', 'p50 ms'],
      [
        [small.toLocaleString('en'), fmt(p50Small, 1)],
        [large.toLocaleString('en'), fmt(p50Large, 1)],
        [`${large.toLocaleString('en')} ÷ ${small.toLocaleString('en')}`, fmt(p50Large / p50Small)],
      ],
    );
  }
}
