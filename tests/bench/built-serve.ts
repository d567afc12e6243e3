/**
 * `serve` started the way the README tells a user to (`npm run serve`, which runs
 * `scripts/artifact-desk.mjs`: build if the sources changed, then the built command line in the same
 * process), so the benchmarks measure the built code and the pid they sample is the server's own.
 */
import path from 'node:path';
import { repoRoot, startServe, type ServeHandle, type ServeOptions } from '../helpers/serve';

export function startBuiltServe(options: Omit<ServeOptions, 'command'> = {}): Promise<ServeHandle> {
  return startServe({
    startTimeoutMs: 300_000,
    ...options,
    command: {
      file: process.execPath,
      args: [path.join(repoRoot, 'scripts', 'artifact-desk.mjs'), 'serve'],
      cwd: repoRoot,
    },
  });
}
