/**
 * Runs a headless command as a real child process (tsx on the sources, as startServe runs `serve`)
 * and gives back its exit status and output.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { childEnv, repoRoot } from './serve';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'src', 'main', 'cli.ts'), ...args],
      { cwd: repoRoot, env: childEnv(), timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}
