/**
 * npm install benchmark: a lockfile of 200 generated packages installed with `npm ci` from Artifact
 * Desk, cold (empty npm cache) and warm (cache kept, node_modules removed), against the same tarballs
 * served by a plain static file server (the floor). Prints medians and ratios.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, table } from './report';
import { startStaticServer } from './static-server';
import { startServe } from '../helpers/serve';
import { createNpmEnv, type NpmEnv } from '../clients/npm/npm-env';
import { createRepositories } from '../clients/npm/npm-setup';
import { npmFixture, type NpmFixture } from '../clients/npm/tarball-writer';

const packageCount = 200;
const runs = 3;

async function publishDirect(registry: string, token: string, fixture: NpmFixture): Promise<void> {
  const file = `${fixture.name}-${fixture.version}.tgz`;
  const body = {
    _id: fixture.name,
    name: fixture.name,
    'dist-tags': { latest: fixture.version },
    versions: {
      [fixture.version]: {
        ...fixture.manifest,
        dist: { integrity: fixture.integrity, shasum: fixture.shasum },
      },
    },
    _attachments: {
      [file]: {
        content_type: 'application/octet-stream',
        data: fixture.tarball.toString('base64'),
        length: fixture.tarball.length,
      },
    },
  };
  const response = await fetch(`${registry}${fixture.name}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`publish of ${fixture.name} answered ${response.status}: ${await response.text()}`);
}

async function timeCi(env: NpmEnv, project: string, cold: boolean): Promise<number> {
  await rm(path.join(project, 'node_modules'), { recursive: true, force: true });
  if (cold) await env.clearCache();
  const started = performance.now();
  const result = await env.npm(['ci', '--ignore-scripts', '--no-audit'], project);
  const elapsed = performance.now() - started;
  if (result.exitCode !== 0) throw new Error(`npm ci failed: ${result.stderr}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function measureNpm(): Promise<void> {
  const serve = await startServe({ args: ['--no-client-config'] });
  const env = await createNpmEnv();
  let floor: { url: string; stop: () => Promise<void> } | undefined;
  try {
    const setup = await createRepositories(serve.client(), 'bench', [{ name: 'npm-bench' }]);
    const registry = await setup.endpoint('npm-bench');
    await env.configure(registry, setup.token);
    const fixtures = Array.from({ length: packageCount }, (_, i) =>
      npmFixture(`bench-pkg-${String(i).padStart(3, '0')}`, '1.0.0', `bench-${i}`),
    );
    const root = path.join(env.home, 'static');
    for (let i = 0; i < fixtures.length; i += 20) {
      await Promise.all(
        fixtures.slice(i, i + 20).map((fixture) => publishDirect(registry, setup.token, fixture)),
      );
    }
    for (const fixture of fixtures) {
      const dir = path.join(root, fixture.name, '-');
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, `${fixture.name}-${fixture.version}.tgz`), fixture.tarball);
    }
    floor = await startStaticServer(root);

    const dependencies = Object.fromEntries(fixtures.map((fixture) => [fixture.name, fixture.version]));
    const desk = await env.project('bench-desk', dependencies);
    const lock = await env.npm(['install', '--package-lock-only', '--ignore-scripts'], desk);
    if (lock.exitCode !== 0) throw new Error(`npm could not resolve the lockfile: ${lock.stderr}`);
    const lockText = await readFile(path.join(desk, 'package-lock.json'), 'utf8');
    const plain = await env.project('bench-static', dependencies);
    await writeFile(
      path.join(plain, 'package-lock.json'),
      lockText
        .split(registry)
        .join(floor.url)
        .replace(/"bench-desk"/g, '"bench-static"'),
    );

    const results: Record<string, number[]> = { deskCold: [], deskWarm: [], floorCold: [], floorWarm: [] };
    for (let run = 0; run < runs; run += 1) {
      results.deskCold?.push(await timeCi(env, desk, true));
      results.deskWarm?.push(await timeCi(env, desk, false));
      results.floorCold?.push(await timeCi(env, plain, true));
      results.floorWarm?.push(await timeCi(env, plain, false));
    }
    const m = Object.fromEntries(
      Object.entries(results).map(([key, values]) => [key, median(values)]),
    ) as Record<'deskCold' | 'deskWarm' | 'floorCold' | 'floorWarm', number>;
    table(
      `npm ci of ${packageCount} packages (median of ${runs} runs)`,
      ['cache', 'Artifact Desk ms', 'static server ms', 'ratio'],
      [
        ['cold', fmt(m.deskCold, 0), fmt(m.floorCold, 0), fmt(m.deskCold / m.floorCold)],
        ['warm', fmt(m.deskWarm, 0), fmt(m.floorWarm, 0), fmt(m.deskWarm / m.floorWarm)],
      ],
    );
  } finally {
    await floor?.stop();
    await env.dispose();
    await serve.dispose();
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  await measureNpm();
}
