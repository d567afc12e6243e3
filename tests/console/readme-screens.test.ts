/**
 * The README's screen pictures come from the Playwright run: every docs/screens picture it shows is
 * in the repository, and an e2e spec takes it with `saveScreen` under the same name, so
 * `npm run screens` after a run brings each one up to date.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeScreens } from '../../scripts/readme-screens.mjs';
import { repoRoot } from '../helpers/serve';

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const e2eDir = path.join(repoRoot, 'tests', 'e2e');
const taken = new Set(
  readdirSync(e2eDir)
    .filter((file) => file.endsWith('.spec.ts'))
    .flatMap((file) =>
      [...readFileSync(path.join(e2eDir, file), 'utf8').matchAll(/saveScreen\('([a-z0-9-]+)'\)/g)].map(
        (match) => match[1],
      ),
    ),
);

describe('README screen pictures', () => {
  const names = readmeScreens(readme);

  it('shows the main screens', () => {
    for (const screen of [
      'first-run',
      'quick-start',
      'package-page',
      'repository-connect',
      'search',
      'mirror-pulled',
    ])
      expect(names, `the README shows ${screen}`).toContain(screen);
  });

  it.each(names)('%s is in docs/screens and an e2e spec takes it', (name) => {
    expect(
      existsSync(path.join(repoRoot, 'docs', 'screens', `${name}.png`)),
      `docs/screens/${name}.png exists`,
    ).toBe(true);
    expect(taken.has(name), `a spec in tests/e2e calls saveScreen('${name}')`).toBe(true);
  });
});
