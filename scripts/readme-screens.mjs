// The README's pictures of the main screens are taken by the Playwright run: each e2e spec's
// `saveScreen(name)` writes test-results/screens/<name>.png, and the README shows
// docs/screens/<name>.png. `npm run screens` copies the pictures the README names from the last run
// into docs/screens/ (after `npx playwright test` or the specs that take them), so the README shows
// the screens as the current code draws them; it names any picture the run did not leave.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The screen names the README shows (docs/screens/<name>.png), in order of first appearance.
 * @param {string} readme
 * @returns {string[]}
 */
export function readmeScreens(readme) {
  const names = [...readme.matchAll(/\]\(docs\/screens\/([a-z0-9-]+)\.png\)/g)].map(
    (match) => match[1] ?? '',
  );
  return [...new Set(names)];
}

function main() {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const missing = [];
  for (const name of readmeScreens(readme)) {
    const taken = path.join(repoRoot, 'test-results', 'screens', `${name}.png`);
    if (!existsSync(taken)) {
      missing.push(name);
      continue;
    }
    copyFileSync(taken, path.join(repoRoot, 'docs', 'screens', `${name}.png`));
    process.stdout.write(`docs/screens/${name}.png updated\n`);
  }
  if (missing.length > 0) {
    process.stderr.write(
      `No picture from the last run for: ${missing.join(', ')}. Run the e2e specs that take them first.\n`,
    );
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
