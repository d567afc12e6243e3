/**
 * The desktop app for real, where the Electron binary is installed: build, launch with a throwaway
 * userData folder, wait for the window's ready marker, and check what only a running app can show —
 * no Node in the page, only the bridge's two functions exposed and answering, navigation blocked,
 * the endpoint serving the SDK, and a clean shutdown that releases the data directory.
 *
 * Machines without the binary (the npm install here skips its download) skip this file with a
 * message; it never triggers the download itself: `require('electron')` would, so the binary is
 * located from the package's own path.txt instead.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CodeartifactClient, ListDomainsCommand } from '@aws-sdk/client-codeartifact';
import { describe, expect, it } from 'vitest';
import { startService } from '../../src/main/service/service';
import type { DesktopBridge } from '../../src/shared/desktop-bridge';
import { repoRoot } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

/** The Electron executable the package would run, if it is on disk; never downloads it. */
function electronBinary(): string | undefined {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  const binary = override ? join(override, relative) : join(packageDir, 'dist', relative);
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();
const skipMessage =
  'Electron smoke test skipped: the Electron binary is not installed in node_modules/electron ' +
  '(the install skips its download). Run `npx install-electron` where the download is possible to run it.';

/** A display for Electron on a Linux machine without one: a private Xvfb, stopped by pid afterwards. */
async function withDisplay<T>(run: (env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
  if (process.platform !== 'linux' || process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']) {
    return run(process.env);
  }
  const xvfb = ['/usr/bin/Xvfb', '/usr/local/bin/Xvfb'].find((path) => existsSync(path));
  if (!xvfb)
    throw new Error('Electron needs a display here: install the xvfb package (Xvfb) or set DISPLAY.');
  const display = 90 + Math.floor(Math.random() * 100);
  const server: ChildProcess = spawn(
    xvfb,
    [`:${display}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'],
    {
      stdio: 'ignore',
    },
  );
  try {
    const socket = `/tmp/.X11-unix/X${display}`;
    const deadline = Date.now() + 10_000;
    while (!existsSync(socket)) {
      if (Date.now() > deadline || server.exitCode !== null)
        throw new Error(`Xvfb :${display} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return await run({ ...process.env, DISPLAY: `:${display}` });
  } finally {
    if (server.pid !== undefined && server.exitCode === null) process.kill(server.pid, 'SIGTERM');
  }
}

describe('Electron desktop app', () => {
  it(
    binary ? 'opens a locked-down window over a working service and shuts down cleanly' : skipMessage,
    async (ctx) => {
      if (!binary) {
        console.warn(skipMessage);
        ctx.skip(skipMessage);
        return;
      }
      const build = spawnSync(
        process.execPath,
        [join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
        {
          cwd: repoRoot,
          encoding: 'utf8',
          timeout: 300_000,
        },
      );
      expect(build.status, `electron-vite build failed:\n${build.stdout}\n${build.stderr}`).toBe(0);

      const userData = await makeTempDir('artifact-desk-electron-');
      try {
        await writeFile(
          join(userData, 'settings.json'),
          JSON.stringify({ port: 0, accountId: '123456789012' }),
        );
        const { _electron } = await import('@playwright/test');
        await withDisplay(async (env) => {
          const app = await _electron.launch({
            executablePath: binary,
            args: [repoRoot, `--user-data-dir=${userData}`],
            env: Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('AWS_'))) as Record<
              string,
              string
            >,
            timeout: 60_000,
          });
          let closed = false;
          try {
            const window = await app.firstWindow();
            await window.waitForSelector('[data-app-state="ready"]', { timeout: 30_000 });
            const pageUrl = window.url();
            expect(pageUrl).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html/);

            // No Node in the page; only the bridge.
            expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
              'undefined',
            );
            expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
              'undefined',
            );
            const status = await window.evaluate(async () =>
              (globalThis as unknown as { artifactDesk: DesktopBridge }).artifactDesk.invoke(
                'app.status',
                {},
              ),
            );
            expect(status).toMatchObject({ ok: true, value: { mode: 'desktop', accountId: '123456789012' } });
            const created = await window.evaluate(async () =>
              (globalThis as unknown as { artifactDesk: DesktopBridge }).artifactDesk.invoke('CreateDomain', {
                domain: 'from-window',
              }),
            );
            expect(created).toMatchObject({ ok: true });

            // The bridge exposes its two functions and nothing of Electron.
            const bridgeKeys = await window.evaluate(() =>
              Object.keys((globalThis as unknown as { artifactDesk: object }).artifactDesk).sort(),
            );
            expect(bridgeKeys).toEqual(['invoke', 'on']);

            // Navigation away is blocked.
            await window.evaluate(() => {
              (globalThis as unknown as { location: { href: string } }).location.href =
                'https://example.invalid/';
            });
            await new Promise((resolve) => setTimeout(resolve, 500));
            expect(window.url()).toBe(pageUrl);

            // The same service answers the SDK, with the credentials the app keeps.
            const credentials = await window.evaluate(async () =>
              (globalThis as unknown as { artifactDesk: DesktopBridge }).artifactDesk.invoke(
                'app.credentials',
                {},
              ),
            );
            if (!credentials.ok || !status.ok) throw new Error('the bridge refused app.credentials');
            const client = new CodeartifactClient({
              endpoint: status.value.endpoint,
              region: status.value.region,
              credentials: { ...credentials.value },
              maxAttempts: 1,
            });
            const listed = await client.send(new ListDomainsCommand({}));
            client.destroy();
            expect(listed.domains?.map((domain) => domain.name)).toEqual(['from-window']);

            await app.close();
            closed = true;
          } finally {
            if (!closed) await app.close().catch(() => undefined);
          }
        });

        // The shutdown checkpointed and released the data directory: it opens again with the domain.
        const again = await startService({ dataDir: join(userData, 'data'), port: 0 });
        try {
          const listed = await again.invoke('ListDomains', {});
          expect(listed.domains?.map((domain) => domain.name)).toEqual(['from-window']);
        } finally {
          await again.stop();
        }
      } finally {
        await removeDir(userData);
      }
    },
    420_000,
  );
});
