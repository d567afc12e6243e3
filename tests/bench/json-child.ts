/**
 * A bench script run in a fresh process (`node --import tsx SCRIPT ARGS…`), which prints its result
 * as one line of JSON after a marker among whatever else it prints.
 */
import { spawn } from 'node:child_process';

export interface JsonChildOptions {
  readonly cwd: string;
  /** Marks the result line. */
  readonly prefix: string;
  /** Names the run in the error when it fails. */
  readonly what: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** The JSON value the script prints after `prefix`; rejects with the end of its stderr when it fails. */
export async function jsonFromChild<T>(
  script: string,
  args: readonly string[],
  options: JsonChildOptions,
): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = out.split('\n').find((candidate) => candidate.startsWith(options.prefix));
  if (code !== 0 || !line) throw new Error(`${options.what} failed (exit ${code}):\n${err.slice(-4000)}`);
  return JSON.parse(line.slice(options.prefix.length)) as T;
}
