/**
 * `artifact-desk mirror` as a user runs it, against another `serve` as the remote: the plan as text
 * and JSON, a pull killed with SIGKILL and run again finishing with every version whole and none
 * twice, a remote that throttles and fails now and then still mirrored completely, and credentials
 * the remote refuses stopping the command at once with the profile named.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateDomainCommand, CreateRepositoryCommand } from '@aws-sdk/client-codeartifact';
import type { MirrorJobDetail, MirrorPlan } from '../../src/shared/mirror';
import { publishGeneric } from '../helpers/packages';
import { childEnv, repoRoot, startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { startFaultProxy } from './fault-proxy';

const keys = {
  accessKeyId: 'AKIAMIRRORCLI0000001',
  secretAccessKey: 'mirror-cli-secret-key-00000000000000000',
};
const region = 'eu-west-1';
const domain = 'offline-team';
const versionCount = 24;
const cliEntry = path.join(repoRoot, 'src', 'main', 'cli.ts');

interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command line; `until` may kill it (SIGKILL) once its stderr matches. */
function mirrorCli(args: string[], env: NodeJS.ProcessEnv, killWhen?: RegExp): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, 'mirror', ...args], {
      cwd: repoRoot,
      env: { ...childEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (killWhen?.test(stderr)) child.kill('SIGKILL');
    });
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const credentials = { AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey };

let remote: ServeHandle;
const dirs: string[] = [];

async function freshDir(): Promise<string> {
  const dir = await makeTempDir('artifact-desk-mirror-cli-');
  dirs.push(dir);
  return dir;
}

function common(dataDir: string, endpoint: string): string[] {
  return ['--data-dir', dataDir, '--domain', domain, '--region', region, '--endpoint-url', endpoint];
}

beforeAll(async () => {
  remote = await startServe({ ...keys, region, args: ['--no-client-config'] });
  const client = remote.client();
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository: 'releases', description: 'builds' }));
  const target = { domain, repository: 'releases', namespace: 'builds', package: 'app' };
  for (let i = 0; i < versionCount; i += 1) {
    await publishGeneric(client, target, `1.${i}`, `app-1.${i}.bin`, `build ${i} `.repeat(200));
  }
}, 120_000);

afterAll(async () => {
  await remote?.dispose();
  await Promise.all(dirs.map((dir) => removeDir(dir)));
});

describe('artifact-desk mirror', () => {
  it('prints the plan as text and as JSON', async () => {
    const dataDir = await freshDir();
    const text = await mirrorCli(['plan', ...common(dataDir, remote.endpoint)], credentials);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`Domain ${domain}: NOT here, on the remote`);
    expect(text.stdout).toMatch(/^ {2}releases +remote-only/m);
    expect(text.stdout).toMatch(/^ {2}only-remote +releases generic builds\/app 1\.0 +Published/m);
    expect(text.stdout).toContain(
      `0 only here, ${versionCount} only on the remote, 0 the same, 0 conflicting.`,
    );
    const json = await mirrorCli(['plan', '--json', ...common(dataDir, remote.endpoint)], credentials);
    const plan = JSON.parse(json.stdout) as MirrorPlan;
    expect(plan.counts['only-remote']).toBe(versionCount);
    expect(plan.versions[0]).toMatchObject({
      repository: 'releases',
      format: 'generic',
      namespace: 'builds',
      comparison: 'only-remote',
    });
  });

  it('finishes a pull killed with SIGKILL when run again, with every version whole and none twice', async () => {
    const dataDir = await freshDir();
    const slow = await startFaultProxy(remote.endpoint, { assetDelayMs: 100 });
    try {
      const args = ['pull', ...common(dataDir, slow.url)];
      const killed = await mirrorCli(args, credentials, /pull: ([4-9]|1\d)\/24 versions/);
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      const resumed = await mirrorCli([...args, '--json'], credentials);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toContain('Resuming job 1.');
      const job = JSON.parse(resumed.stdout) as MirrorJobDetail;
      expect(job).toMatchObject({ id: 1, state: 'done', total: versionCount, failed: 0 });
      expect(job.done + job.skipped).toBe(versionCount);
    } finally {
      await slow.close();
    }
    const after = await mirrorCli(['plan', '--json', ...common(dataDir, remote.endpoint)], credentials);
    const plan = JSON.parse(after.stdout) as MirrorPlan;
    expect(plan.counts).toEqual({ 'only-local': 0, 'only-remote': 0, same: versionCount, conflicting: 0 });
    expect(plan.versions).toHaveLength(versionCount);
  });

  it('completes against a remote that answers 429 and 503 now and then', async () => {
    const dataDir = await freshDir();
    const flaky = await startFaultProxy(remote.endpoint, { failEvery: 5 });
    try {
      const run = await mirrorCli(['pull', '--json', ...common(dataDir, flaky.url)], credentials);
      expect(run.code, run.stderr).toBe(0);
      const job = JSON.parse(run.stdout) as MirrorJobDetail;
      expect(job).toMatchObject({ state: 'done', done: versionCount, failed: 0 });
      expect(flaky.failures()).toBeGreaterThan(10);
    } finally {
      await flaky.close();
    }
  });

  it('stops at once, naming the profile, when the remote refuses the credentials', async () => {
    const dataDir = await freshDir();
    const aws = await mkdtemp(path.join(tmpdir(), 'artifact-desk-aws-'));
    dirs.push(aws);
    await writeFile(
      path.join(aws, 'credentials'),
      '[team-readonly]\naws_access_key_id = AKIAWRONGWRONGWRONG1\naws_secret_access_key = not-the-secret\n',
    );
    await writeFile(path.join(aws, 'config'), '');
    const env = {
      AWS_SHARED_CREDENTIALS_FILE: path.join(aws, 'credentials'),
      AWS_CONFIG_FILE: path.join(aws, 'config'),
    };
    const run = await mirrorCli(
      ['pull', '--profile', 'team-readonly', ...common(dataDir, remote.endpoint)],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("refused the credentials of AWS profile 'team-readonly'");
    const missing = await mirrorCli(
      ['plan', '--profile', 'nobody', ...common(dataDir, remote.endpoint)],
      env,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No AWS credentials found for profile 'nobody'");
  });
});
