/**
 * The `public:npmjs` external connection as an offline cache, measured with the real npm: a tree of
 * 200 packages (each depends on two others) on a fake public registry that the service finds by
 * asking npm. `npm install` with no lockfile and an empty npm cache, everything already cached in
 * Artifact Desk, once with the registry up (warm) and once with it stopped (offline): the ratio says
 * what being offline costs. And the cost of revalidating one packument with the registry (an
 * If-None-Match answered 304) against using the stored one within its TTL.
 *
 * Run alone with `npx tsx tests/bench/npm-upstream.ts`.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, table } from './report';
import { startServe, type ServeHandle } from '../helpers/serve';
import { startFakeRegistry } from '../clients/npm/fake-registry';
import { createNpmEnv, type NpmEnv } from '../clients/npm/npm-env';
import { createRepositories } from '../clients/npm/npm-setup';
import { npmFixture } from '../clients/npm/tarball-writer';

export const packageCount = 200;
const runs = 3;
export const nameOf = (i: number): string => `tree-pkg-${String(i).padStart(3, '0')}`;

/** Package i depends on 2i+1 and 2i+2: one root pulls in the whole tree, level by level. */
export function treeFixtures() {
  return Array.from({ length: packageCount }, (_, i) => {
    const dependencies: Record<string, string> = {};
    for (const child of [2 * i + 1, 2 * i + 2])
      if (child < packageCount) dependencies[nameOf(child)] = '^1.0.0';
    return npmFixture(nameOf(i), '1.0.0', `tree-${i}`, { dependencies });
  });
}

async function appRegistry(serve: ServeHandle): Promise<{ registry: string; token: string }> {
  const setup = await createRepositories(serve.client(), 'bench', [
    { name: 'npm-store', external: 'public:npmjs' },
    { name: 'app', upstreams: ['npm-store'] },
  ]);
  return { registry: await setup.endpoint('app'), token: setup.token };
}

/** `npm install` of the tree with no lockfile, no node_modules and an empty npm cache. */
async function timeInstall(env: NpmEnv, project: string): Promise<number> {
  await rm(path.join(project, 'node_modules'), { recursive: true, force: true });
  await rm(path.join(project, 'package-lock.json'), { force: true });
  await env.clearCache();
  const started = performance.now();
  const result = await env.npm(['install', '--ignore-scripts', '--no-audit'], project);
  const elapsed = performance.now() - started;
  if (result.exitCode !== 0) throw new Error(`npm install failed: ${result.stderr}`);
  return elapsed;
}

/** Milliseconds of one packument GET. */
async function packumentMs(registry: string, token: string, i: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${registry}${nameOf(i)}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/vnd.npm.install-v1+json' },
  });
  if (!response.ok) throw new Error(`packument ${nameOf(i)} answered ${response.status}`);
  await response.arrayBuffer();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function measureNpmUpstream(): Promise<void> {
  const fake = await startFakeRegistry(treeFixtures());
  const env = await createNpmEnv();
  // The service learns of the fake registry only through `npm config get registry`.
  const clientEnv = { npm_config_registry: fake.url };
  const serve = await startServe({ env: clientEnv, startTimeoutMs: 120_000 });
  const revalidating = await startServe({
    env: clientEnv,
    args: ['--upstream-ttl', '0'],
    startTimeoutMs: 120_000,
  });
  try {
    const app = await appRegistry(serve);
    await env.configure(app.registry, app.token);
    const project = await env.project('tree-app', { [nameOf(0)]: '^1.0.0' });
    await timeInstall(env, project); // fills Artifact Desk's cache from the fake registry

    // Online and offline runs alternate, so both see the same load on the machine.
    const online: number[] = [];
    const offline: number[] = [];
    for (let run = 0; run < runs; run++) {
      online.push(await timeInstall(env, project));
      await fake.stop();
      offline.push(await timeInstall(env, project));
      await fake.restart();
    }

    const other = await appRegistry(revalidating);
    for (let i = 0; i < packageCount; i++) await packumentMs(other.registry, other.token, i); // stores each once
    // Each package asked of both services in turn (two rounds), so both see the same load.
    const before = fake.notModified();
    const storedMs: number[] = [];
    const revalidatedMs: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < packageCount; i++) {
        storedMs.push(await packumentMs(app.registry, app.token, i));
        revalidatedMs.push(await packumentMs(other.registry, other.token, i));
      }
    }
    const answered304 = fake.notModified() - before;
    const stored = median(storedMs);
    const revalidated = median(revalidatedMs);

    const on = median(online);
    const off = median(offline);
    table(
      `npm install (no lockfile, empty npm cache) of a ${packageCount}-package tree through public:npmjs, everything cached (median of ${runs})`,
      ['upstream', 'ms', 'ratio offline / online warm'],
      [
        ['online (warm)', fmt(on, 0), ''],
        ['offline (stopped)', fmt(off, 0), fmt(off / on)],
      ],
    );
    table(
      `Packument GET through public:npmjs, median of ${2 * packageCount} GETs one after another`,
      ['packument', 'ms per packument', 'upstream 304 answers'],
      [
        ['stored, within TTL', fmt(stored), '0'],
        ['revalidated (TTL 0, If-None-Match)', fmt(revalidated), String(answered304)],
        ['revalidation cost', fmt(revalidated - stored), ''],
      ],
    );
  } finally {
    await env.dispose();
    await revalidating.dispose();
    await serve.dispose();
    await fake.stop();
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  await measureNpmUpstream();
}
