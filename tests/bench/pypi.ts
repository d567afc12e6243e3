/**
 * The pip part of the format benchmark: `pip download` of 50 wheels from Artifact Desk (the built
 * `serve`) against the same wheels behind the Node static server of the other rows (a PEP 503 tree
 * of files: the floor), in interleaved rounds (static, then Artifact Desk, each round; min and
 * median printed), plus Artifact Desk fetching them through a `public:pypi` external connection
 * whose upstream is that static server (the first fetch ingests, later ones serve the cache).
 * Beside wall time it prints the CPU time of pip (with its child processes) and of the server
 * process per run, which the machine's load moves far less than the wall time.
 */
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
} from '@aws-sdk/client-codeartifact';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBuiltServe } from './built-serve';
import { startStaticServerProcess } from './static-server';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { buildDists, indexUrl, isolatedEnv, makeVenv, run } from '../clients/pypi/python-tools';
import { fmt, percentile, table } from './report';
import { cpuMillis } from '../helpers/process-memory';

const wheelCount = 50;

interface Run {
  readonly ms: number;
  readonly pipCpuMs: number;
  readonly serverCpuMs: number;
}

/** A PEP 503 tree of static files: simple/{project}/index.html and the wheels under packages/. */
async function writeStaticIndex(root: string, wheels: string[]): Promise<void> {
  await mkdir(path.join(root, 'packages'), { recursive: true });
  const projects: string[] = [];
  for (const wheel of wheels) {
    const name = path.basename(wheel);
    const project = (name.split('-')[0] ?? '').replace(/[-_.]+/g, '-').toLowerCase();
    const data = await readFile(wheel);
    await writeFile(path.join(root, 'packages', name), data);
    const sha = createHash('sha256').update(data).digest('hex');
    await mkdir(path.join(root, 'simple', project), { recursive: true });
    await writeFile(
      path.join(root, 'simple', project, 'index.html'),
      `<!DOCTYPE html><html><body><a href="../../packages/${name}#sha256=${sha}">${name}</a></body></html>\n`,
    );
    projects.push(project);
  }
  await writeFile(
    path.join(root, 'simple', 'index.html'),
    `<!DOCTYPE html><html><body>${projects.map((p) => `<a href="${p}/">${p}</a>`).join('\n')}</body></html>\n`,
  );
}

export async function measurePypi(arg?: string): Promise<void> {
  const rounds = arg ? Number(arg) : 3;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`pypi takes a number of rounds, not '${arg}'`);
  const work = await makeTempDir('artifact-desk-bench-pypi-');
  const home = path.join(work, 'home');
  await mkdir(home, { recursive: true });
  const env = isolatedEnv(home);
  const wheels: string[] = [];
  for (let i = 0; i < wheelCount; i++) {
    wheels.push(
      (await buildDists(path.join(work, 'wheels'), `benchpkg${i}`, '1.0.0', { wheelOnly: true })).wheel,
    );
  }
  const projects = wheels.map((_, i) => `benchpkg${i}`);
  const staticRoot = path.join(work, 'static');
  await writeStaticIndex(staticRoot, wheels);
  const staticServer = await startStaticServerProcess(staticRoot);
  const staticIndex = `${staticServer.url}simple/`;
  const serve = await startBuiltServe({
    args: ['--no-client-config', '--external-upstream', `public:pypi=${staticIndex}`],
  });
  try {
    const pip = await makeVenv(path.join(work, 'venv'), env);
    const client = serve.client();
    const domain = 'bench';
    await client.send(new CreateDomainCommand({ domain }));
    await client.send(new CreateRepositoryCommand({ domain, repository: 'local' }));
    await client.send(new CreateRepositoryCommand({ domain, repository: 'mirror' }));
    await client.send(
      new AssociateExternalConnectionCommand({
        domain,
        repository: 'mirror',
        externalConnection: 'public:pypi',
      }),
    );
    const token = (await client.send(new GetAuthorizationTokenCommand({ domain }))).authorizationToken ?? '';
    const endpoint = async (repository: string) =>
      (await client.send(new GetRepositoryEndpointCommand({ domain, repository, format: 'pypi' })))
        .repositoryEndpoint ?? '';
    const local = await endpoint('local');
    const mirror = await endpoint('mirror');
    const upload = await run(
      'twine',
      ['upload', '--non-interactive', '--disable-progress-bar', '--repository-url', local, ...wheels],
      { ...env, TWINE_USERNAME: 'aws', TWINE_PASSWORD: token },
      600_000,
    );
    if (upload.code !== 0) throw new Error(`twine upload failed: ${upload.stderr}`);

    let runs = 0;
    /** pip run under Python's `resource`, which prints the CPU time its child used. */
    const timedPip = `import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print("pip-cpu-ms", round((used.ru_utime + used.ru_stime) * 1000))
sys.exit(code)`;
    const download = async (index: string, serverPid: number): Promise<Run> => {
      const out = path.join(work, `out-${++runs}`);
      const serverBefore = await cpuMillis(serverPid);
      const started = performance.now();
      const result = await run(
        'python3',
        ['-c', timedPip, pip, 'download', '--no-deps', '-d', out, '--index-url', index, ...projects],
        env,
        600_000,
      );
      const ms = performance.now() - started;
      const serverCpuMs = (await cpuMillis(serverPid)) - serverBefore;
      if (result.code !== 0) throw new Error(`pip download from ${index} failed: ${result.stderr}`);
      const got = await readdir(out);
      if (got.length !== wheelCount)
        throw new Error(`pip download fetched ${got.length} files, expected ${wheelCount}`);
      await rm(out, { recursive: true, force: true });
      return { ms, serverCpuMs, pipCpuMs: Number(/pip-cpu-ms (\d+)/.exec(result.stdout)?.[1] ?? NaN) };
    };
    const floor: Run[] = [];
    const desk: Run[] = [];
    const cached: Run[] = [];
    const mirrorFirst = await download(indexUrl(mirror, token), serve.pid);
    for (let round = 0; round < rounds; round++) {
      floor.push(await download(staticIndex, staticServer.pid));
      desk.push(await download(indexUrl(local, token), serve.pid));
      cached.push(await download(indexUrl(mirror, token), serve.pid));
    }
    const figures = (values: number[]) => {
      const sorted = [...values].sort((x, y) => x - y);
      return { min: sorted[0] ?? NaN, median: percentile(sorted, 50) };
    };
    const f = figures(floor.map((r) => r.ms));
    const row = (label: string, list: Run[]) => {
      const g = figures(list.map((r) => r.ms));
      return [
        label,
        fmt(g.min, 0),
        fmt(g.median, 0),
        fmt(g.median / f.median),
        fmt(figures(list.map((r) => r.pipCpuMs)).median, 0),
        fmt(figures(list.map((r) => r.serverCpuMs)).median, 0),
      ];
    };
    table(
      `pip download of ${wheelCount} wheels, ${rounds} interleaved rounds (ratio of medians to the static server; CPU medians per run)`,
      ['source', 'min ms', 'median ms', 'ratio', 'pip CPU ms', 'server CPU ms'],
      [
        row('Node static server of the same files (floor)', floor),
        row('Artifact Desk (published)', desk),
        row('Artifact Desk via public:pypi, cached', cached),
        [
          'Artifact Desk via public:pypi, first fetch (once)',
          fmt(mirrorFirst.ms, 0),
          '',
          fmt(mirrorFirst.ms / f.median),
          fmt(mirrorFirst.pipCpuMs, 0),
          fmt(mirrorFirst.serverCpuMs, 0),
        ],
      ],
    );
  } finally {
    await serve.dispose();
    await staticServer.stop();
    await removeDir(work);
  }
}
