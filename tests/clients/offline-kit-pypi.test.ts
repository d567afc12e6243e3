/**
 * An offline kit from requirements files: `pip freeze` style (pins only: every file of the version is
 * fetched) and `pip-compile --generate-hashes` style (only the files with an allowed hash, each
 * checked), through the app repository's upstream and its `public:pypi` connection to a fake index;
 * then, with the index stopped, pip installs the hashed requirements from the service in a fresh venv.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
} from '@aws-sdk/client-codeartifact';
import { runKitCommand } from '../helpers/kit-cli';
import { startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { startFakeIndex, type FakeIndex } from './pypi/fake-index';
import { buildDists, indexUrl, isolatedEnv, makeVenv, run } from './pypi/python-tools';

const domain = 'pykit';
let work: string;
let dataDir: string;
let fake: FakeIndex;
let serve: ServeHandle | undefined;
let upstreamArgs: string[];
let kitlib: { wheel: string; sdist?: string };
let otherlib: { wheel: string };

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

function kit(file: string) {
  return runKitCommand([
    '--data-dir',
    dataDir,
    '--domain',
    domain,
    '--repository',
    'app',
    '--json',
    ...upstreamArgs,
    file,
  ]);
}

beforeAll(async () => {
  work = await makeTempDir('artifact-desk-kit-pypi-');
  const publicFiles = path.join(work, 'public');
  kitlib = await buildDists(publicFiles, 'kitlib', '1.0.0');
  otherlib = await buildDists(publicFiles, 'other_lib', '2.0.0', { wheelOnly: true });
  fake = await startFakeIndex(publicFiles);
  upstreamArgs = ['--external-upstream', `public:pypi=${fake.url}`, '--no-client-config'];
  dataDir = path.join(work, 'data');
  serve = await startServe({ dataDir, args: upstreamArgs });
  const client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository: 'pypi-store' }));
  await client.send(
    new AssociateExternalConnectionCommand({
      domain,
      repository: 'pypi-store',
      externalConnection: 'public:pypi',
    }),
  );
  await client.send(
    new CreateRepositoryCommand({ domain, repository: 'app', upstreams: [{ repositoryName: 'pypi-store' }] }),
  );
  await serve.stop();
}, 120_000);

afterAll(async () => {
  await serve?.dispose();
  await fake?.close();
  if (work) await removeDir(work);
});

describe('offline kit from requirements.txt', () => {
  it('fetches every file of a pinned version for pip freeze output', async () => {
    const frozen = path.join(work, 'requirements-frozen.txt');
    await writeFile(frozen, '# pip freeze\nkitlib==1.0.0\n');
    const result = await kit(frozen);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const entry = result.report?.entries.find((candidate) => candidate.name === 'kitlib');
    expect(entry?.outcome).toBe('fetched');
    expect([...(entry?.files ?? [])].sort()).toEqual(
      [path.basename(kitlib.sdist ?? ''), path.basename(kitlib.wheel)].sort(),
    );
    expect(entry?.verified, 'no hashes to check in pip freeze output').toBe(false);
  }, 120_000);

  it('fetches only the files with an allowed hash and checks each', async () => {
    const hashed = path.join(work, 'requirements.txt');
    await writeFile(
      hashed,
      [
        'kitlib==1.0.0 \\',
        `    --hash=sha256:${await sha256(kitlib.wheel)}`,
        `other-lib==2.0.0 --hash=sha256:${await sha256(otherlib.wheel)}  # via kitlib`,
        '',
      ].join('\n'),
    );
    const result = await kit(hashed);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const outcomes = result.report?.entries.map(
      (entry) => `${entry.name}:${entry.outcome}:${entry.files.join(',')}`,
    );
    expect(outcomes).toEqual([
      `kitlib:cached:${path.basename(kitlib.wheel)}`,
      `other-lib:fetched:${path.basename(otherlib.wheel)}`,
    ]);
    expect(result.report?.verified).toBe(2);
  }, 120_000);

  it('reports a pin whose files match none of its hashes', async () => {
    const wrong = path.join(work, 'requirements-wrong.txt');
    await writeFile(
      wrong,
      `kitlib==1.0.0 --hash=sha256:${'0'.repeat(64)}\nnothere==1.0 --hash=sha256:${'1'.repeat(64)}\n`,
    );
    const result = await kit(wrong);
    expect(result.code).toBe(1);
    const byName = new Map(result.report?.entries.map((entry) => [entry.name, entry]));
    expect(byName.get('kitlib')?.outcome).toBe('mismatch');
    expect(byName.get('kitlib')?.detail).toMatch(/has a hash the requirements file allows/);
    expect(byName.get('nothere')?.outcome).toBe('missing');
  }, 120_000);

  it('installs the hashed requirements with pip once the public index is stopped', async () => {
    await fake.close();
    serve = await startServe({ dataDir, args: ['--no-client-config'] });
    const client = serve.client();
    const { authorizationToken } = await client.send(new GetAuthorizationTokenCommand({ domain }));
    const { repositoryEndpoint } = await client.send(
      new GetRepositoryEndpointCommand({ domain, repository: 'app', format: 'pypi' }),
    );
    const home = path.join(work, 'pip-home');
    const env = isolatedEnv(home);
    const pip = await makeVenv(path.join(work, 'venv'), env);
    const install = await run(
      pip,
      [
        'install',
        '--require-hashes',
        '-r',
        path.join(work, 'requirements.txt'),
        '--index-url',
        indexUrl(repositoryEndpoint ?? '', authorizationToken ?? ''),
      ],
      env,
    );
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toMatch(/Successfully installed kitlib-1\.0\.0 other[-_]lib-2\.0\.0/);
  }, 180_000);
});
