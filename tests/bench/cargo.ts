/**
 * The Cargo part of the format benchmark: `cargo fetch` of a crate depending on 30 crates, resolved
 * from Artifact Desk's sparse registry against the same crates behind a plain static file server (a
 * sparse index tree served by python's http.server: the floor), each from an empty CARGO_HOME.
 * Prints a table of times and their ratio.
 */
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
} from '@aws-sdk/client-codeartifact';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startServe } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { createCargoEnv } from '../clients/cargo/cargo-env';
import { fmt, table } from './report';

const crateCount = 30;

function indexPath(name: string): string {
  if (name.length <= 2) return `${name.length}/${name}`;
  if (name.length === 3) return `3/${name[0]}/${name}`;
  return `${name.slice(0, 2)}/${name.slice(2, 4)}/${name}`;
}

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

/** A .crate (gzip tar with `{name}-1.0.0/Cargo.toml` and a lib) written by Python's tarfile. */
async function makeCrate(dir: string, name: string): Promise<Buffer> {
  const file = path.join(dir, `${name}-1.0.0.crate`);
  execFileSync('python3', [
    '-c',
    'import sys, io, tarfile\nn = sys.argv[2]\nwith tarfile.open(sys.argv[1], "w:gz") as t:\n' +
      '  for p, d in [("Cargo.toml", f"[package]\\nname = \\"{n}\\"\\nversion = \\"1.0.0\\"\\nedition = \\"2021\\"\\n"), ("src/lib.rs", "pub fn f() {}\\n")]:\n' +
      '    b = d.encode(); i = tarfile.TarInfo(f"{n}-1.0.0/{p}"); i.size = len(b); t.addfile(i, io.BytesIO(b))',
    file,
    name,
  ]);
  return readFile(file);
}

function publishBody(name: string, crate: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify({ name, vers: '1.0.0', deps: [], features: {} }));
  const jsonLength = Buffer.alloc(4);
  jsonLength.writeUInt32LE(json.length);
  const crateLength = Buffer.alloc(4);
  crateLength.writeUInt32LE(crate.length);
  return Buffer.concat([jsonLength, json, crateLength, crate]);
}

export async function measureCargo(): Promise<void> {
  const work = await makeTempDir('artifact-desk-bench-cargo-');
  const port = await freePort();
  const staticUrl = `http://127.0.0.1:${port}/`;
  const root = path.join(work, 'static');
  const serve = await startServe({ args: ['--no-client-config'] });
  const child = spawn(
    'python3',
    ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', root],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const client = serve.client();
    const domain = 'bench';
    await client.send(new CreateDomainCommand({ domain }));
    await client.send(new CreateRepositoryCommand({ domain, repository: 'crates' }));
    const token = (await client.send(new GetAuthorizationTokenCommand({ domain }))).authorizationToken ?? '';
    const endpoint =
      (await client.send(new GetRepositoryEndpointCommand({ domain, repository: 'crates', format: 'cargo' })))
        .repositoryEndpoint ?? '';
    await mkdir(root, { recursive: true });
    await writeFile(
      path.join(root, 'config.json'),
      JSON.stringify({ dl: `${staticUrl}crates`, api: staticUrl }),
    );
    const names: string[] = [];
    for (let i = 0; i < crateCount; i++) {
      const name = `benchcrate${i}`;
      names.push(name);
      const crate = await makeCrate(work, name);
      const published = await fetch(`${endpoint}api/v1/crates/new`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${token}` },
        body: publishBody(name, crate),
      });
      if (!published.ok) throw new Error(`publish ${name}: ${await published.text()}`);
      const cksum = createHash('sha256').update(crate).digest('hex');
      const entry = { name, vers: '1.0.0', deps: [], cksum, features: {}, yanked: false, links: null, v: 1 };
      await mkdir(path.dirname(path.join(root, indexPath(name))), { recursive: true });
      await writeFile(path.join(root, indexPath(name)), `${JSON.stringify(entry)}\n`);
      await mkdir(path.join(root, 'crates', name, '1.0.0'), { recursive: true });
      await writeFile(path.join(root, 'crates', name, '1.0.0', 'download'), crate);
    }
    const times: Record<string, number> = {};
    for (const registry of ['plain', 'desk']) {
      const env = await createCargoEnv({ desk: endpoint, plain: staticUrl }, token);
      try {
        const deps = names.map((name) => `${name} = { version = "1", registry = "${registry}" }`).join('\n');
        const app = await env.app(`bench-${registry}`, deps, 'fn main() {}\n');
        const started = performance.now();
        const fetched = await env.cargo(['fetch'], app);
        times[registry] = performance.now() - started;
        if (fetched.code !== 0) throw new Error(`cargo fetch from ${registry}: ${fetched.stderr}`);
      } finally {
        await env.dispose();
      }
    }
    const floor = times.plain ?? 1;
    const desk = times.desk ?? 0;
    table(
      `cargo fetch of ${crateCount} crates (fresh CARGO_HOME), ms`,
      ['source', 'time', 'ratio'],
      [
        ['static file server (floor)', fmt(floor, 0), '1.00'],
        ['Artifact Desk sparse registry', fmt(desk, 0), fmt(desk / floor)],
      ],
    );
  } finally {
    child.kill('SIGTERM');
    await exited;
    await serve.dispose();
    await rm(root, { recursive: true, force: true });
    await removeDir(work);
  }
}
