/**
 * Runs Python packaging clients (pip in a fresh venv, twine, the fixture builder) with an isolated
 * environment: a temp HOME, no user pip configuration unless asked for, no cache, loopback only.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const fixturesDir = path.dirname(fileURLToPath(import.meta.url));

export function run(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({
          code,
          stdout,
          stderr: stderr + (error && typeof error.code !== 'number' ? String(error) : ''),
        });
      },
    );
  });
}

/** An environment with nothing of the machine's Python or AWS configuration in it. */
export function isolatedEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'LANG', 'LC_ALL', 'PYENV_ROOT', 'PYENV_VERSION', 'TMPDIR']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return {
    ...env,
    HOME: home,
    PIP_CONFIG_FILE: '/dev/null',
    PIP_NO_CACHE_DIR: '1',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PIP_NO_INPUT: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    NO_PROXY: '127.0.0.1,localhost',
    ...extra,
  };
}

export async function buildDists(
  out: string,
  name: string,
  version: string,
  options: { requiresPython?: string; wheelOnly?: boolean } = {},
): Promise<{ wheel: string; sdist?: string }> {
  const args = [path.join(fixturesDir, 'build-dists.py'), out, name, version];
  if (options.requiresPython) args.push(options.requiresPython);
  if (options.wheelOnly) args.push('--wheel-only');
  const result = await run('python3', args, { PATH: process.env.PATH ?? '' });
  if (result.code !== 0) throw new Error(`build-dists failed: ${result.stderr}`);
  const [wheel, sdist] = result.stdout.trim().split('\n');
  if (!wheel) throw new Error('build-dists printed nothing');
  return { wheel, sdist };
}

/** Creates a venv and returns its pip. */
export async function makeVenv(dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const result = await run('python3', ['-m', 'venv', dir], env);
  if (result.code !== 0) throw new Error(`python3 -m venv failed: ${result.stderr}`);
  return path.join(dir, 'bin', 'pip');
}

/** The index URL with `aws:TOKEN` credentials, as `aws codeartifact login --tool pip` writes it. */
export function indexUrl(endpoint: string, token: string): string {
  const url = new URL(`${endpoint}simple/`);
  url.username = 'aws';
  url.password = token;
  return url.toString();
}

/** The `*.dist-info/METADATA` of a wheel, as its zip holds it (read by Python's zipfile). */
export function wheelMetadata(file: string): Promise<Buffer> {
  const script =
    'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); ' +
    "n = [x for x in z.namelist() if x.endswith('.dist-info/METADATA')][0]; sys.stdout.buffer.write(z.read(n))";
  return new Promise((resolve, reject) =>
    execFile('python3', ['-c', script, file], { encoding: 'buffer' }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  );
}
