/**
 * Before the e2e run: make sure the system Chromium is there (a clear failure, not a skip, when it
 * is not), and that the app the console serves is built from the sources as they are, so a test
 * never drives yesterday's UI. The same check as `npm run serve` (scripts/build-state.mjs) decides;
 * building takes a few seconds and happens only when something changed.
 */
import { existsSync } from 'node:fs';
import { ensureBuilt } from '../../scripts/build-state.mjs';

export default function globalSetup(): void {
  const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    throw new Error(
      `The e2e tests drive the system Chromium at ${chromium}, which is missing. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  ensureBuilt();
}
