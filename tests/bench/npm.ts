/**
 * npm install of a project with 200 dependencies from three registries serving the same packuments
 * and tarballs: Artifact Desk (`serve`, built), a Node static server of files (the floor), and
 * Verdaccio 6 (a devDependency, started on loopback by this row and stopped by its pid).
 *
 * Each round restarts all three servers, then installs once (cold: the server's first answers after
 * its start) and once more (warm), with no lockfile (`npm install`: every packument is asked) and
 * with one (`npm ci`: tarballs only). The npm cache is emptied before every install, so every
 * request reaches the server. The servers take turns within a round; min and median are printed,
 * with the CPU time each server process and npm itself used per install (medians).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, percentile, table } from './report';
import { startBuiltServe } from './built-serve';
import { freePort } from './free-port';
import { startStaticServerProcess } from './static-server';
import type { ServeHandle } from '../helpers/serve';
import { cpuMillis } from '../helpers/process-memory';
import { createNpmEnv, type NpmEnv } from '../clients/npm/npm-env';
import { createRepositories } from '../clients/npm/npm-setup';
import { npmFixture, type NpmFixture } from '../clients/npm/tarball-writer';

const packageCount = 200;

function publishBody(registry: string, fixture: NpmFixture): string {
  const file = `${fixture.name}-${fixture.version}.tgz`;
  return JSON.stringify({
    _id: fixture.name,
    name: fixture.name,
    'dist-tags': { latest: fixture.version },
    versions: {
      [fixture.version]: {
        ...fixture.manifest,
        dist: {
          integrity: fixture.integrity,
          shasum: fixture.shasum,
          tarball: `${registry}${fixture.name}/-/${file}`,
        },
      },
    },
    _attachments: {
      [file]: {
        content_type: 'application/octet-stream',
        data: fixture.tarball.toString('base64'),
        length: fixture.tarball.length,
      },
    },
  });
}

async function publish(registry: string, token: string | undefined, fixture: NpmFixture): Promise<void> {
  const response = await fetch(`${registry}${fixture.name}`, {
    method: 'PUT',
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      'Content-Type': 'application/json',
    },
    body: publishBody(registry, fixture),
  });
  if (!response.ok)
    throw new Error(
      `publish of ${fixture.name} to ${registry} answered ${response.status}: ${await response.text()}`,
    );
}

async function publishAll(
  registry: string,
  token: string | undefined,
  fixtures: NpmFixture[],
): Promise<void> {
  for (let i = 0; i < fixtures.length; i += 20)
    await Promise.all(fixtures.slice(i, i + 20).map((fixture) => publish(registry, token, fixture)));
}

/** A registry under test: where npm points, and how to restart it (its pid changes). */
interface Registry {
  readonly label: string;
  readonly url: string;
  pid(): number;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function deskRegistry(env: NpmEnv, fixtures: NpmFixture[]): Promise<Registry & { token: string }> {
  const port = await freePort();
  const dataDir = path.join(env.home, 'desk-data');
  const options = { dataDir, args: ['--no-client-config', '--port', String(port)] };
  let serve: ServeHandle = await startBuiltServe(options);
  const setup = await createRepositories(serve.client(), 'bench', [{ name: 'npm-bench' }]);
  const url = await setup.endpoint('npm-bench');
  await env.configure(url, setup.token);
  await publishAll(url, setup.token, fixtures);
  return {
    label: 'Artifact Desk',
    url,
    token: setup.token,
    pid: () => serve.pid,
    restart: async () => {
      await serve.stop('SIGTERM', 180_000);
      serve = await startBuiltServe(options);
    },
    stop: async () => void (await serve.stop('SIGTERM', 180_000)),
  };
}

/** Files a static server sends as they are: each packument as Artifact Desk answers it, tarballs beside. */
async function staticRegistry(
  env: NpmEnv,
  desk: { url: string; token: string },
  fixtures: NpmFixture[],
): Promise<Registry> {
  const root = path.join(env.home, 'static');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  await mkdir(path.join(root, '-', 'tarballs'), { recursive: true });
  for (const fixture of fixtures) {
    const response = await fetch(`${desk.url}${fixture.name}`, {
      headers: { Authorization: `Bearer ${desk.token}`, Accept: 'application/json' },
    });
    const file = `${fixture.name}-${fixture.version}.tgz`;
    const packument = (await response.text())
      .split(`${desk.url}${fixture.name}/-/${file}`)
      .join(`${url}-/tarballs/${file}`);
    await writeFile(path.join(root, fixture.name), packument);
    await writeFile(path.join(root, '-', 'tarballs', file), fixture.tarball);
  }
  let server = await startStaticServerProcess(root, port);
  return {
    label: 'static',
    url,
    pid: () => server.pid,
    restart: async () => {
      await server.stop();
      server = await startStaticServerProcess(root, port);
    },
    stop: () => server.stop(),
  };
}

/** Verdaccio 6 from devDependencies, with its own storage, no uplinks, anyone may publish. */
async function verdaccioRegistry(env: NpmEnv, fixtures: NpmFixture[]): Promise<Registry | string> {
  let bin: string;
  try {
    bin = path.join(
      path.dirname(createRequire(import.meta.url).resolve('verdaccio/package.json')),
      'bin',
      'verdaccio',
    );
  } catch {
    return 'verdaccio is not installed (npm ci installs it as a devDependency)';
  }
  const dir = path.join(env.home, 'verdaccio');
  await mkdir(path.join(dir, 'storage'), { recursive: true });
  const config = path.join(dir, 'config.yaml');
  await writeFile(
    config,
    [
      `storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $all',
      'web:',
      '  enable: false',
      'log: { type: stdout, format: pretty, level: fatal }',
      'server:',
      '  keepAliveTimeout: 60',
      'max_body_size: 100mb',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const started = performance.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}`);
      const up = await fetch(`${url}-/ping`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) return;
      if (performance.now() - started > 120_000) throw new Error('verdaccio did not answer within 2 minutes');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const stop = async (): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  try {
    await start();
    await publishAll(url, undefined, fixtures);
  } catch (error) {
    await stop();
    return `verdaccio could not be started or filled: ${error instanceof Error ? error.message : String(error)}`;
  }
  return {
    label: 'Verdaccio',
    url,
    pid: () => child?.pid ?? 0,
    restart: async () => {
      await stop();
      await start();
    },
    stop,
  };
}

type Mode = 'no lockfile' | 'lockfile';
type Temperature = 'cold' | 'warm';

interface Sample {
  ms: number;
  /** CPU time of the server process during the install. */
  cpuMs: number;
  /** CPU time of npm itself during the install (the client parses, checks and writes everything). */
  clientCpuMs: number;
}

async function install(
  env: NpmEnv,
  project: string,
  registry: Registry,
  mode: Mode,
  lockText: string | undefined,
): Promise<Sample> {
  await rm(path.join(project, 'node_modules'), { recursive: true, force: true });
  await rm(path.join(project, 'package-lock.json'), { force: true });
  if (mode === 'lockfile') {
    if (lockText === undefined) throw new Error('no lockfile recorded');
    await writeFile(path.join(project, 'package-lock.json'), lockText);
  }
  await env.clearCache();
  // npm's default retries, for every registry alike: on a loaded machine a reused keep-alive socket
  // can be reset by its server, which npm's default settings retry.
  const common = ['--ignore-scripts', '--no-audit', '--fetch-retries', '2', '--registry', registry.url];
  const args = mode === 'lockfile' ? ['ci', ...common] : ['install', ...common];
  const pid = registry.pid();
  const cpuBefore = await cpuMillis(pid);
  const started = performance.now();
  const result = await env.npmTimed(args, project);
  const ms = performance.now() - started;
  const cpuMs = (await cpuMillis(pid)) - cpuBefore;
  if (result.exitCode !== 0)
    throw new Error(`npm ${args[0]} from ${registry.label} failed: ${result.stderr}`);
  return { ms, cpuMs, clientCpuMs: result.cpuMs };
}

export async function measureNpm(arg?: string): Promise<void> {
  const rounds = arg ? Number(arg) : 3;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`npm takes a number of rounds, not '${arg}'`);
  const env = await createNpmEnv();
  const registries: Registry[] = [];
  try {
    const fixtures = Array.from({ length: packageCount }, (_, i) =>
      npmFixture(`bench-pkg-${String(i).padStart(3, '0')}`, '1.0.0', `bench-${i}`),
    );
    const desk = await deskRegistry(env, fixtures);
    registries.push(desk);
    registries.push(await staticRegistry(env, desk, fixtures));
    const verdaccio = await verdaccioRegistry(env, fixtures);
    if (typeof verdaccio === 'string') console.log(`(Verdaccio skipped: ${verdaccio})`);
    else registries.push(verdaccio);

    const dependencies = Object.fromEntries(fixtures.map((fixture) => [fixture.name, `^${fixture.version}`]));
    const projects = new Map<Registry, { dir: string; lock: string }>();
    for (const [i, registry] of registries.entries()) {
      const dir = await env.project(`bench-${i}`, dependencies);
      const lock = await env.npm(
        ['install', '--package-lock-only', '--ignore-scripts', '--registry', registry.url],
        dir,
      );
      if (lock.exitCode !== 0)
        throw new Error(`npm could not resolve from ${registry.label}: ${lock.stderr}`);
      projects.set(registry, { dir, lock: await readFile(path.join(dir, 'package-lock.json'), 'utf8') });
    }

    const samples = new Map<string, Sample[]>();
    const keep = (registry: Registry, mode: Mode, temperature: Temperature, sample: Sample): void => {
      const key = `${registry.label}\n${mode}\n${temperature}`;
      samples.set(key, [...(samples.get(key) ?? []), sample]);
    };
    for (let round = 0; round < rounds; round++) {
      for (const mode of ['no lockfile', 'lockfile'] as const) {
        for (const registry of registries) await registry.restart();
        // Turns rotate each round so no server always goes first.
        const order = registries.map((_, i) => registries[(i + round) % registries.length] as Registry);
        for (const temperature of ['cold', 'warm'] as const) {
          for (const registry of order) {
            const project = projects.get(registry);
            if (!project) continue;
            keep(registry, mode, temperature, await install(env, project.dir, registry, mode, project.lock));
          }
        }
      }
    }

    const figure = (label: string, mode: Mode, temperature: Temperature) => {
      const list = samples.get(`${label}\n${mode}\n${temperature}`) ?? [];
      const ms = list.map((s) => s.ms).sort((a, b) => a - b);
      const cpu = list.map((s) => s.cpuMs).sort((a, b) => a - b);
      const clientCpu = list.map((s) => s.clientCpuMs).sort((a, b) => a - b);
      return list.length === 0
        ? undefined
        : {
            min: ms[0] ?? NaN,
            median: percentile(ms, 50),
            cpu: percentile(cpu, 50),
            clientCpu: percentile(clientCpu, 50),
          };
    };
    const cell = (f: { min: number; median: number } | undefined): string =>
      f ? `${fmt(f.min, 0)} / ${fmt(f.median, 0)}` : 'skipped';
    const rows: string[][] = [];
    for (const mode of ['no lockfile', 'lockfile'] as const) {
      for (const temperature of ['cold', 'warm'] as const) {
        const d = figure('Artifact Desk', mode, temperature);
        const s = figure('static', mode, temperature);
        const v = figure('Verdaccio', mode, temperature);
        rows.push([
          `${mode === 'lockfile' ? 'npm ci' : 'npm install'} (${mode}), ${temperature}`,
          cell(d),
          cell(s),
          cell(v),
          d && s ? fmt(d.median / s.median) : '',
          d && v ? fmt(d.median / v.median) : '',
          [d, s, v].map((f) => (f ? fmt(f.cpu, 0) : '-')).join(' / '),
          [d, s, v].map((f) => (f ? fmt(f.clientCpu, 0) : '-')).join(' / '),
        ]);
      }
    }
    table(
      `npm of ${packageCount} dependencies, npm cache emptied before each install (${rounds} rounds, servers restarted each round)`,
      [
        'install',
        'Artifact Desk min / median ms',
        'static min / median ms',
        'Verdaccio min / median ms',
        'Desk ÷ static',
        'Desk ÷ Verdaccio',
        'server CPU ms per install (Desk / static / Verdaccio)',
        'npm CPU ms per install (Desk / static / Verdaccio)',
      ],
      rows,
    );
  } finally {
    for (const registry of registries) await registry.stop().catch(() => undefined);
    await env.dispose();
  }
}
