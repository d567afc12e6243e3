/**
 * The desktop package carries a working headless `serve`: electron-builder packs `out/` and the
 * production dependencies (package.json's `files` and `dependencies`), and the packed
 * `out/main/cli.js` must run from that file set alone, with nothing from devDependencies.
 *
 * The Electron binary cannot be downloaded everywhere this runs, so the package is made with a
 * stand-in Electron distribution and without asar (the same files, readable by plain Node); the
 * packed command line then runs with this Node, as the app's binary runs it with
 * ELECTRON_RUN_AS_NODE=1.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CreateDomainCommand, ListDomainsCommand } from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../scripts/build-state.mjs';
import { repoRoot, startServe } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

let workDir: string;

beforeAll(async () => {
  workDir = await makeTempDir('artifact-desk-package-');
});

afterAll(async () => {
  await removeDir(workDir);
});

function runBuilder(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const builder = path.join(repoRoot, 'node_modules', 'electron-builder', 'cli.js');
    const child = spawn(process.execPath, [builder, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`electron-builder failed (${code}):\n${output}`)),
    );
  });
}

describe('the packaged desktop app', () => {
  it('runs serve from its own files, without devDependencies', async () => {
    ensureBuilt();
    const fakeElectron = path.join(workDir, 'electron-dist');
    await mkdir(fakeElectron);
    await writeFile(path.join(fakeElectron, 'electron'), '#!/bin/sh\nexit 1\n');
    await chmod(path.join(fakeElectron, 'electron'), 0o755);
    const output = path.join(workDir, 'package');
    await runBuilder([
      '--dir',
      '--linux',
      '--publish',
      'never',
      `-c.electronDist=${fakeElectron}`,
      `-c.directories.output=${output}`,
      '-c.asar=false',
    ]);
    const app = path.join(output, 'linux-unpacked', 'resources', 'app');
    for (const devOnly of ['tsx', 'electron-vite', 'electron', 'vitest']) {
      expect(existsSync(path.join(app, 'node_modules', devOnly)), `${devOnly} is not packaged`).toBe(false);
    }

    const serve = await startServe({
      command: {
        file: process.execPath,
        args: [path.join(app, 'out', 'main', 'cli.js'), 'serve'],
        cwd: workDir,
      },
    });
    try {
      const client = serve.client();
      await client.send(new CreateDomainCommand({ domain: 'packaged' }));
      const listed = await client.send(new ListDomainsCommand({}));
      expect(listed.domains?.map((domain) => domain.name)).toEqual(['packaged']);
      const consoleUrl = /^ {2}console: +(\S+)$/m.exec(serve.output().stdout)?.[1] ?? '';
      const page = await fetch(consoleUrl);
      expect(page.status, 'the packaged console page is served').toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      await serve.dispose();
    }
  }, 600_000);
});
