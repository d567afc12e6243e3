/**
 * The e2e test fixture: every test gets its own `serve` (fresh data directory, free port on
 * 127.0.0.1, its own console token), the console URL to open, an SDK client signed for it, and a
 * `saveScreen(name)` that keeps a named picture of a screen under test-results/screens/. The
 * service is stopped (by pid) and its data directory removed after the test, pass or fail.
 *
 *   import { test, expect } from './fixtures';
 *   test('…', async ({ page, desk }) => { await page.goto(desk.consoleUrl); … });
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CodeartifactClient } from '@aws-sdk/client-codeartifact';
import { test as base, expect } from '@playwright/test';
import { consoleLines } from '../helpers/console-lines';
import { repoRoot, startServe } from '../helpers/serve';

export interface Desk {
  /** The CodeArtifact endpoint, `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** The console page with its token, as serve printed it. */
  readonly consoleUrl: string;
  readonly consoleToken: string;
  readonly dataDir: string;
  readonly accountId: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** An SDK client for this service (destroyed after the test). */
  readonly client: CodeartifactClient;
  /** The service's output so far, for failure messages. */
  output(): { stdout: string; stderr: string };
}

export interface Options {
  /** Extra `serve` flags for the test's service (e.g. `--external-upstream C=URL`); none by default. */
  serveArgs: string[];
  /** Extra environment for the test's service (e.g. AWS credentials its mirror uses); none by default. */
  serveEnv: Record<string, string>;
}

export interface Fixtures {
  desk: Desk;
  /** Saves a full-page screenshot as test-results/screens/<name>.png and attaches it to the report. */
  saveScreen: (name: string) => Promise<void>;
}

export const screensDir = path.join(repoRoot, 'test-results', 'screens');

export { consoleLines };

export const test = base.extend<Options & Fixtures>({
  serveArgs: [[], { option: true }],
  serveEnv: [{}, { option: true }],
  desk: async ({ serveArgs, serveEnv }, use) => {
    const handle = await startServe({ args: serveArgs, env: serveEnv });
    try {
      const { url, token } = consoleLines(handle.output().stdout);
      await use({
        endpoint: handle.endpoint,
        consoleUrl: url,
        consoleToken: token,
        dataDir: handle.dataDir,
        accountId: handle.accountId,
        region: handle.region,
        credentials: { accessKeyId: handle.accessKeyId, secretAccessKey: handle.secretAccessKey },
        client: handle.client(),
        output: () => handle.output(),
      });
    } finally {
      await handle.dispose();
    }
  },
  saveScreen: async ({ page }, use, testInfo) => {
    await use(async (name) => {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
        throw new Error(`screenshot names are kebab-case, got '${name}'`);
      await mkdir(screensDir, { recursive: true });
      const file = path.join(screensDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await testInfo.attach(name, { path: file, contentType: 'image/png' });
    });
  },
});

export { expect };
