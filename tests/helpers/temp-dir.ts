/**
 * Temporary directories for end-to-end tests: every suite gets its own data directory under the
 * system temp folder so a test never touches a user's real data or another suite's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export async function makeTempDir(prefix = 'artifact-desk-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  // Retries cover a child process that is still closing files when the suite ends.
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}
