// End-to-end tests of the UI: the renderer served as the web console by a real `serve` (one per
// test, own data dir and port, see tests/e2e/fixtures.ts), driven in the system's Chromium because
// Playwright's own browser download is not available everywhere this runs.
import { defineConfig } from '@playwright/test';

const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  // Each test starts its own service; two at a time is what a two-core machine carries comfortably.
  workers: process.env['CI'] ? 1 : 2,
  forbidOnly: Boolean(process.env['CI']),
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: chromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    // Every test leaves a screenshot of where it ended, kept as an artifact in test-results/.
    screenshot: 'on',
    trace: 'retain-on-failure',
    video: 'off',
  },
});
