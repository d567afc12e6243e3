/**
 * Runs a headless command (`kit`, `seed`) as a real child process (tsx on the sources, as startServe
 * runs `serve`) and gives back its exit status, output and, with `--json`, the parsed report.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { OfflineKitReport } from '../../src/shared/offline-kit';
import type { SeedReport } from '../../src/shared/seed';
import { CreateDomainCommand, CreateRepositoryCommand } from '@aws-sdk/client-codeartifact';
import { childEnv, repoRoot, startServe } from './serve';

export interface CliRun<Report> {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The report, when `--json` was given and the command printed one. */
  readonly report?: Report;
}

export type KitRun = CliRun<OfflineKitReport>;

export function runCliCommand<Report>(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun<Report>> {
  const cli = path.join(repoRoot, 'src', 'main', 'cli.ts');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cli, command, ...args],
      { cwd: repoRoot, env: { ...childEnv(), ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        let report: Report | undefined;
        if (args.includes('--json')) {
          try {
            report = JSON.parse(stdout) as Report;
          } catch {
            report = undefined;
          }
        }
        resolve({ code, stdout, stderr, ...(report ? { report } : {}) });
      },
    );
  });
}

export function runKitCommand(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<KitRun> {
  return runCliCommand<OfflineKitReport>('kit', args, env);
}

/**
 * Makes `dataDir` hold `domain` with an empty repository `seeded` for a `seed` run: a `serve` that
 * creates them and stops (the seed command takes the data directory's lock itself).
 */
export async function prepareSeedTarget(dataDir: string, domain: string): Promise<void> {
  const serve = await startServe({ dataDir, args: ['--no-client-config'] });
  try {
    await serve.client().send(new CreateDomainCommand({ domain }));
    await serve.client().send(new CreateRepositoryCommand({ domain, repository: 'seeded' }));
  } finally {
    await serve.stop();
  }
}

export function runSeedCommand(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun<SeedReport>> {
  return runCliCommand<SeedReport>('seed', args, env);
}

/**
 * The options of a kit into `repository` of `domain` on `dataDir`, its external `connection`
 * fetching from `upstream` and the user's own client configuration left alone.
 */
export function kitOptions(
  dataDir: string,
  domain: string,
  repository: string,
  connection: string,
  upstream: string,
): string[] {
  return [
    '--data-dir',
    dataDir,
    '--domain',
    domain,
    '--repository',
    repository,
    '--external-upstream',
    `${connection}=${upstream}`,
    '--no-client-config',
  ];
}
