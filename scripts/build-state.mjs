// @ts-check
/**
 * Whether `out/` is the build of the sources as they are now, and building it when it is not. Plain
 * JavaScript with Node built-ins only, because it runs before anything is built and on installs
 * without devDependencies.
 *
 * A build records a fingerprint of its inputs (each file's path, size and modification time) in
 * `out/build-inputs.json`; the build is current when that fingerprint matches the files on disk
 * and every entry point exists. Only metadata is read, so the check costs a few milliseconds.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const outDir = path.join(projectRoot, 'out');
/** The headless command line of the built app. */
export const builtCli = path.join(outDir, 'main', 'cli.js');

const stampFile = path.join(outDir, 'build-inputs.json');
const entryPoints = [
  builtCli,
  path.join(outDir, 'main', 'index.js'),
  path.join(outDir, 'preload', 'index.cjs'),
  path.join(outDir, 'renderer', 'index.html'),
];
/** What the build reads: every source, the build configuration and the locked dependency versions. */
const inputs = [
  'src',
  'electron.vite.config.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.base.json',
  'tsconfig.node.json',
  'tsconfig.web.json',
];

/** Path, size and modification time of every input file, hashed in a stable order. */
export function inputFingerprint() {
  const hash = createHash('sha256');
  /** @param {string} relative */
  const visit = (relative) => {
    const full = path.join(projectRoot, relative);
    let info;
    try {
      info = statSync(full);
    } catch {
      hash.update(`${relative}\0missing\n`);
      return;
    }
    if (info.isDirectory()) {
      for (const entry of readdirSync(full).sort()) visit(path.join(relative, entry));
      return;
    }
    hash.update(`${relative}\0${info.size}\0${info.mtimeMs}\n`);
  };
  for (const input of inputs) visit(input);
  return hash.digest('hex');
}

/** The fingerprint the current build was made from, or undefined when there is no complete build. */
function builtFingerprint() {
  if (!entryPoints.every((file) => existsSync(file))) return undefined;
  try {
    const recorded = JSON.parse(readFileSync(stampFile, 'utf8'));
    return typeof recorded.fingerprint === 'string' ? recorded.fingerprint : undefined;
  } catch {
    return undefined;
  }
}

export function buildIsCurrent() {
  const built = builtFingerprint();
  return built !== undefined && built === inputFingerprint();
}

const lockDir = path.join(projectRoot, 'node_modules', '.artifact-desk-build-lock');

/**
 * Runs `work` while holding a lock that other processes of this project (two `npm run serve`, test
 * files in parallel) respect, so only one builds into `out/` at a time; the others wait for it and
 * then find the build current. A lock left by a process that no longer exists is taken over.
 * @template T
 * @param {() => T} work
 * @returns {T}
 */
function withBuildLock(work) {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(lockDir, { recursive: false });
      break;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
    }
    const owner = Number(readTextOrEmpty(path.join(lockDir, 'pid')));
    if (owner > 0 && !processExists(owner)) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    Atomics.wait(pause, 0, 0, 100);
  }
  try {
    writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
    return work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** @param {string} file */
function readTextOrEmpty(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** @param {number} pid */
function processExists(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/** The electron-vite command line script, or undefined on an install without devDependencies. */
export function buildTool() {
  const script = path.join(projectRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  return existsSync(script) ? script : undefined;
}

function requireBuildTool() {
  const tool = buildTool();
  if (tool === undefined) {
    throw new Error(
      'Building needs the devDependencies (electron-vite); run `npm ci` without --omit=dev first.',
    );
  }
  return tool;
}

/** @param {{ quiet?: boolean }} options */
function buildUnlocked(options) {
  const tool = requireBuildTool();
  const fingerprint = inputFingerprint();
  const result = spawnSync(process.execPath, [tool, 'build'], {
    cwd: projectRoot,
    stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    const output = options.quiet ? `\n${result.stdout}${result.stderr}` : '';
    throw new Error(
      `The build (electron-vite build) failed with ${result.error?.message ?? `exit code ${result.status}`}.${output}`,
    );
  }
  writeFileSync(stampFile, `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() })}\n`);
}

/**
 * Builds main (with the headless command line), preload and renderer into `out/` and records the
 * inputs' fingerprint as taken before the build, so a file changed while building is seen as a
 * change next time. A failure throws.
 * @param {{ quiet?: boolean }} [options] quiet: hold the tool's output back, and show it only in
 *   the error when the build fails
 */
export function build(options = {}) {
  requireBuildTool();
  withBuildLock(() => buildUnlocked(options));
}

/**
 * Makes sure `out/` is current: builds when the sources changed and the build tools are installed.
 * Where they are not (a production install), an existing build is used as it is, with a warning
 * when the sources look newer. Messages go to stderr so stdout stays the program's own.
 * @returns {boolean} whether a build ran
 */
export function ensureBuilt() {
  if (buildIsCurrent()) return false;
  const complete = entryPoints.every((file) => existsSync(file));
  if (buildTool() === undefined) {
    if (!complete) {
      throw new Error(
        `There is no build in ${outDir} and the build tools (devDependencies) are not installed: run \`npm ci\`, then \`npm run build\`.`,
      );
    }
    process.stderr.write(
      'Note: the sources differ from what out/ was built from, and the build tools are not installed; running the existing build.\n',
    );
    return false;
  }
  return withBuildLock(() => {
    // Another process may have built it while this one waited for the lock.
    if (buildIsCurrent()) return false;
    process.stderr.write(
      complete ? 'Sources changed since the last build; rebuilding…\n' : 'Building the app (first run)…\n',
    );
    const started = Date.now();
    buildUnlocked({ quiet: true });
    process.stderr.write(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    return true;
  });
}
