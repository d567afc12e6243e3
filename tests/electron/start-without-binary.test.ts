/**
 * `npm start` where the Electron binary is missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD, or
 * offline): it stops before building with a plain explanation that points to `npm run serve`, and
 * no stack trace; with a binary in place the check lets the start go on.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
});

async function tempDir(): Promise<string> {
  const dir = await makeTempDir('artifact-desk-electron-');
  dirs.push(dir);
  return dir;
}

function run(command: string, args: string[], overrideDir: string) {
  return spawnSync(command, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: overrideDir, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    timeout: 60_000,
  });
}

describe('desktop start without the Electron binary', () => {
  it('npm start explains what is missing and points to npm run serve, without a stack trace', async () => {
    const empty = await tempDir();
    const result = run('npm', ['start'], empty);
    expect(result.status, 'npm start fails').not.toBe(0);
    expect(result.stderr).toContain('Artifact Desk cannot open its desktop window');
    expect(result.stderr).toContain('npm run serve');
    expect(result.stderr).toContain('node node_modules/electron/install.js');
    expect(result.stderr, 'no stack trace').not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(result.stdout + result.stderr, 'stops before building').not.toContain('Building the app');
  });

  it('lets the start go on when an Electron executable is where it is looked for', async () => {
    const dir = await tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'electron'), '');
    const result = run(process.execPath, ['scripts/check-electron.mjs'], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
