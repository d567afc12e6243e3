/**
 * Runs the headless `kit` command as a real child process (tsx on the sources, as startServe runs
 * `serve`) and gives back its exit status, output and, with `--json`, the parsed report.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { OfflineKitReport } from '../../src/shared/offline-kit';
import { childEnv, repoRoot } from './serve';

export interface KitRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The report, when `--json` was given and the command printed one. */
  readonly report?: OfflineKitReport;
}

export function runKitCommand(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<KitRun> {
  const cli = path.join(repoRoot, 'src', 'main', 'cli.ts');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cli, 'kit', ...args],
      { cwd: repoRoot, env: { ...childEnv(), ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        let report: OfflineKitReport | undefined;
        if (args.includes('--json')) {
          try {
            report = JSON.parse(stdout) as OfflineKitReport;
          } catch {
            report = undefined;
          }
        }
        resolve({ code, stdout, stderr, ...(report ? { report } : {}) });
      },
    );
  });
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
