/**
 * The pip part of the format benchmark: `pip download` of 50 wheels from Artifact Desk against the
 * same wheels behind a plain static file server (python's http.server over a PEP 503 tree: the
 * floor). Measured cold (first run after start) and warm (the same run again), plus Artifact Desk
 * fetching them through a `public:pypi` external connection whose upstream is that static server
 * (first fetch ingests, the second serves the cache). Prints a table of times and ratios.
 */
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
} from '@aws-sdk/client-codeartifact';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startServe } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { buildDists, indexUrl, isolatedEnv, makeVenv, run } from '../clients/pypi/python-tools';
import { fmt, table } from './report';

const wheelCount = 50;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
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

async function startStaticServer(root: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    'python3',
    ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', root],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const answer = await fetch(`http://127.0.0.1:${port}/simple/`);
      if (answer.ok) break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url: `http://127.0.0.1:${port}/simple/`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function measurePypi(): Promise<void> {
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
  const staticServer = await startStaticServer(staticRoot);
  const serve = await startServe({
    args: ['--no-client-config', '--external-upstream', `public:pypi=${staticServer.url}`],
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
    const download = async (index: string): Promise<number> => {
      const out = path.join(work, `out-${++runs}`);
      const started = performance.now();
      const result = await run(
        pip,
        ['download', '--no-deps', '-d', out, '--index-url', index, ...projects],
        env,
        600_000,
      );
      const elapsed = performance.now() - started;
      if (result.code !== 0) throw new Error(`pip download from ${index} failed: ${result.stderr}`);
      const got = await readdir(out);
      if (got.length !== wheelCount)
        throw new Error(`pip download fetched ${got.length} files, expected ${wheelCount}`);
      await rm(out, { recursive: true, force: true });
      return elapsed;
    };
    const floorCold = await download(staticServer.url);
    const floorWarm = await download(staticServer.url);
    const deskCold = await download(indexUrl(local, token));
    const deskWarm = await download(indexUrl(local, token));
    const mirrorFirst = await download(indexUrl(mirror, token));
    const mirrorCached = await download(indexUrl(mirror, token));
    table(
      `pip download of ${wheelCount} wheels (ms; ratio to the static file server, same run)`,
      ['source', 'cold ms', 'warm ms', 'cold ratio', 'warm ratio'],
      [
        ['static file server (floor)', fmt(floorCold, 0), fmt(floorWarm, 0), '1.00', '1.00'],
        [
          'Artifact Desk (published)',
          fmt(deskCold, 0),
          fmt(deskWarm, 0),
          fmt(deskCold / floorCold),
          fmt(deskWarm / floorWarm),
        ],
        [
          'Artifact Desk via public:pypi (first fetch / cached)',
          fmt(mirrorFirst, 0),
          fmt(mirrorCached, 0),
          fmt(mirrorFirst / floorCold),
          fmt(mirrorCached / floorWarm),
        ],
      ],
    );
  } finally {
    await serve.dispose();
    await staticServer.stop();
    await removeDir(work);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  await measurePypi();
}
