/**
 * The offline kit against what it saves a developer from: the 200-package tree of the npm-upstream
 * row (package i depends on 2i+1 and 2i+2) on a fake public registry, behind an `app` repository
 * reading through `npm-store` and its `public:npmjs` connection. Each round starts two fresh, empty
 * services on the same port (so the lockfile's resolved URLs hold): one answers `npm ci` with an empty
 * npm cache (online, cold: every packument and tarball comes from the upstream), the other makes the
 * kit of the same package-lock.json. Rounds alternate which goes first; min and median of each and
 * the ratio kit ÷ npm ci are printed. The service runs in this process for both, as in the api rows.
 *
 * Run alone with `npx tsx tests/bench/kit.ts [rounds]` or `npm run bench -- kit[=rounds]`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { kitComplete } from '../../src/shared/offline-kit';
import { startService, type RunningService } from '../../src/main/service/service';
import { startFakeRegistry, type FakeRegistry } from '../clients/npm/fake-registry';
import { createNpmEnv, type NpmEnv } from '../clients/npm/npm-env';
import { fmt, table } from './report';
import { freePort } from './free-port';
import { nameOf, packageCount, treeFixtures } from './npm-upstream';

const domain = 'bench';
// One account for every fresh service: it is part of the endpoint URL the lockfile's tarballs name.
const accountId = '111122223333';

interface Fresh {
  readonly service: RunningService;
  readonly registry: string;
  readonly token: string;
  dispose(): Promise<void>;
}

/** A new, empty service on `port` with `app` → `npm-store` → public:npmjs (the fake registry). */
async function freshService(port: number, fake: FakeRegistry): Promise<Fresh> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'artifact-desk-bench-kit-'));
  const service = await startService({
    dataDir,
    host: '127.0.0.1',
    port,
    accountId,
    externalUpstreams: { 'public:npmjs': fake.url },
    useClientConfig: false,
  });
  await service.invoke('CreateDomain', { domain });
  await service.invoke('CreateRepository', { domain, repository: 'npm-store' });
  await service.invoke('AssociateExternalConnection', {
    domain,
    repository: 'npm-store',
    externalConnection: 'public:npmjs',
  });
  await service.invoke('CreateRepository', {
    domain,
    repository: 'app',
    upstreams: [{ repositoryName: 'npm-store' }],
  });
  const { repositoryEndpoint } = await service.invoke('GetRepositoryEndpoint', {
    domain,
    repository: 'app',
    format: 'npm',
  });
  const { authorizationToken } = await service.invoke('GetAuthorizationToken', { domain });
  return {
    service,
    registry: repositoryEndpoint ?? '',
    token: authorizationToken ?? '',
    async dispose() {
      await service.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function timeNpmCi(port: number, fake: FakeRegistry, env: NpmEnv, project: string): Promise<number> {
  const fresh = await freshService(port, fake);
  try {
    await env.configure(fresh.registry, fresh.token);
    await rm(path.join(project, 'node_modules'), { recursive: true, force: true });
    await env.clearCache();
    const started = performance.now();
    const result = await env.npm(['ci', '--ignore-scripts', '--no-audit'], project);
    const elapsed = performance.now() - started;
    if (result.exitCode !== 0) throw new Error(`npm ci failed: ${result.stderr}`);
    return elapsed;
  } finally {
    await fresh.dispose();
  }
}

async function timeKit(port: number, fake: FakeRegistry, lockfile: string): Promise<number> {
  const fresh = await freshService(port, fake);
  try {
    const started = performance.now();
    const report = await fresh.service.offlineKit({
      domain,
      repository: 'app',
      fileName: 'package-lock.json',
      content: lockfile,
    });
    const elapsed = performance.now() - started;
    if (!kitComplete(report) || report.counts.fetched !== packageCount)
      throw new Error(`the kit is not complete: ${JSON.stringify(report.counts)}`);
    return elapsed;
  } finally {
    await fresh.dispose();
  }
}

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

export async function measureKit(arg?: string): Promise<void> {
  const rounds = arg === undefined ? 3 : Number(arg);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`kit takes a number of rounds, not '${arg}'`);
  const fake = await startFakeRegistry(treeFixtures());
  const env = await createNpmEnv();
  const port = await freePort();
  try {
    // The lockfile, written once by npm against a service on the port every round uses.
    const project = await env.project('kit-tree', { [nameOf(0)]: '^1.0.0' });
    const setup = await freshService(port, fake);
    try {
      await env.configure(setup.registry, setup.token);
      const locked = await env.npm(['install', '--package-lock-only', '--ignore-scripts'], project);
      if (locked.exitCode !== 0) throw new Error(`npm could not write the lockfile: ${locked.stderr}`);
    } finally {
      await setup.dispose();
    }
    const lockfile = await readFile(path.join(project, 'package-lock.json'), 'utf8');

    const npmCi: number[] = [];
    const kit: number[] = [];
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        npmCi.push(await timeNpmCi(port, fake, env, project));
        kit.push(await timeKit(port, fake, lockfile));
      } else {
        kit.push(await timeKit(port, fake, lockfile));
        npmCi.push(await timeNpmCi(port, fake, env, project));
      }
    }
    const ci = sorted(npmCi);
    const k = sorted(kit);
    const mid = Math.floor(rounds / 2);
    const [ciMin, ciMedian, kitMin, kitMedian] = [ci[0], ci[mid], k[0], k[mid]].map(
      (v) => v ?? Number.NaN,
    ) as [number, number, number, number];
    table(
      `Offline kit of a ${packageCount}-package tree's package-lock.json against npm ci online cold (fresh service, empty npm cache; ${rounds} interleaved rounds)`,
      ['run', 'min ms', 'median ms'],
      [
        ['npm ci, online, cold', fmt(ciMin, 0), fmt(ciMedian, 0)],
        ['kit', fmt(kitMin, 0), fmt(kitMedian, 0)],
        ['kit ÷ npm ci', fmt(kitMin / ciMin), fmt(kitMedian / ciMedian)],
      ],
    );
  } finally {
    await env.dispose();
    await fake.stop();
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  await measureKit(process.argv[2]);
}
