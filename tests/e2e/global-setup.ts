/**
 * Before the e2e run: make sure the system Chromium is there (a clear failure, not a skip, when it
 * is not), and that the renderer the console serves is built and not older than its sources, so a
 * test never drives yesterday's UI. Building takes a few seconds and happens only when needed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const builtPage = path.join(repoRoot, 'out', 'renderer', 'index.html');
const sources = ['src/renderer', 'src/shared', 'electron.vite.config.ts', 'package.json'];

function newestModification(target: string): number {
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(target))
    newest = Math.max(newest, newestModification(path.join(target, entry)));
  return newest;
}

export function rendererIsCurrent(): boolean {
  if (!existsSync(builtPage)) return false;
  const built = statSync(builtPage).mtimeMs;
  return sources.every((source) => {
    const full = path.join(repoRoot, source);
    return !existsSync(full) || newestModification(full) <= built;
  });
}

export default function globalSetup(): void {
  const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    throw new Error(
      `The e2e tests drive the system Chromium at ${chromium}, which is missing. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  if (rendererIsCurrent()) return;
  console.log('Building the renderer for the console (electron-vite build)…');
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    { cwd: repoRoot, encoding: 'utf8', timeout: 600_000 },
  );
  if (result.status !== 0) {
    throw new Error(
      `electron-vite build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
