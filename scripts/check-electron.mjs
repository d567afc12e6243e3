// Runs before `npm start` and `npm run dev`: is the Electron binary there? `npm ci` with
// ELECTRON_SKIP_BINARY_DOWNLOAD set (or offline) installs the electron package without it, and
// requiring the package then tries to download it and ends in a stack trace. This looks without
// downloading anything (the same path.txt and dist/ the package reads, and ELECTRON_OVERRIDE_DIST_PATH)
// and, when the binary is missing, says what happened, how to get it, and that `npm run serve`
// shows the same app in a browser. Plain JavaScript: it runs before anything is built.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * Where the Electron executable is, or why there is none.
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ executable?: string, problem?: string }}
 */
export function findElectron(env = process.env) {
  let packageDir;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { problem: 'the electron package is not installed (an install with --omit=dev leaves it out)' };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const executable = path.join(override, relative || 'electron');
    return existsSync(executable)
      ? { executable }
      : { problem: `ELECTRON_OVERRIDE_DIST_PATH points at ${override}, which holds no Electron executable` };
  }
  if (!relative) {
    const skipped = env['ELECTRON_SKIP_BINARY_DOWNLOAD'] ? ' (ELECTRON_SKIP_BINARY_DOWNLOAD is set)' : '';
    return { problem: `the Electron binary was not downloaded when the packages were installed${skipped}` };
  }
  const executable = path.join(packageDir, 'dist', relative);
  return existsSync(executable)
    ? { executable }
    : { problem: `the Electron binary is missing from ${path.join(packageDir, 'dist')}` };
}

/** @param {string} problem */
export function missingElectronMessage(problem) {
  return [
    'Artifact Desk cannot open its desktop window: ' + problem + '.',
    '',
    'The same app runs in your browser without Electron:',
    '  npm run serve        then open the "console:" address it prints',
    '',
    'To get the desktop window, fetch the Electron binary once while online:',
    '  node node_modules/electron/install.js',
    '(or install again without ELECTRON_SKIP_BINARY_DOWNLOAD; ELECTRON_MIRROR names a mirror to fetch',
    'from, and ELECTRON_OVERRIDE_DIST_PATH a folder holding an Electron you already have), then npm start.',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const found = findElectron();
  if (found.problem) {
    process.stderr.write(`${missingElectronMessage(found.problem)}\n`);
    process.exit(1);
  }
}
