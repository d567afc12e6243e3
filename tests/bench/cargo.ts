/**
 * The Cargo part of the format benchmark: `cargo fetch` of a crate depending on 30 crates, resolved
 * from Artifact Desk's sparse registry against the same crates behind the shared static file server
 * (a sparse index tree of files: the floor), each from an empty CARGO_HOME, in interleaved rounds.
 * Prints min and median times and their ratios.
 */
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
} from '@aws-sdk/client-codeartifact';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBuiltServe } from './built-serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { createCargoEnv } from '../clients/cargo/cargo-env';
import { floorRatioTable, interleavedRounds } from './report';
import { startStaticServer } from './static-server';

const crateCount = 30;
const rounds = 3;

function indexPath(name: string): string {
  if (name.length <= 2) return `${name.length}/${name}`;
  if (name.length === 3) return `3/${name[0]}/${name}`;
  return `${name.slice(0, 2)}/${name.slice(2, 4)}/${name}`;
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
  const root = path.join(work, 'static');
  const serve = await startBuiltServe({ args: ['--no-client-config'] });
  const files = await startStaticServer(root);
  const staticUrl = files.url;
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
    let runs = 0;
    const fetchFrom = async (registry: 'plain' | 'desk'): Promise<number> => {
      const env = await createCargoEnv({ desk: endpoint, plain: staticUrl }, token);
      try {
        const deps = names.map((name) => `${name} = { version = "1", registry = "${registry}" }`).join('\n');
        const app = await env.app(`bench-${registry}-${++runs}`, deps, 'fn main() {}\n');
        const started = performance.now();
        const fetched = await env.cargo(['fetch'], app);
        const elapsed = performance.now() - started;
        if (fetched.code !== 0) throw new Error(`cargo fetch from ${registry}: ${fetched.stderr}`);
        return elapsed;
      } finally {
        await env.dispose();
      }
    };
    const samples = await interleavedRounds(rounds, {
      floor: () => fetchFrom('plain'),
      desk: () => fetchFrom('desk'),
    });
    floorRatioTable(`cargo fetch of ${crateCount} crates (fresh CARGO_HOME)`, samples.floor ?? [], [
      ['Artifact Desk sparse registry', samples.desk ?? []],
    ]);
  } finally {
    await files.stop();
    await serve.dispose();
    await rm(root, { recursive: true, force: true });
    await removeDir(work);
  }
}
