/**
 * The real npm CLI in an isolated environment: a temp HOME with its own user .npmrc, cache and
 * prefix, no global config, and only loopback registry URLs, so neither the machine's npm setup nor
 * the network can influence a test.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir, removeDir } from '../../helpers/temp-dir';

export interface NpmResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface NpmEnv {
  readonly home: string;
  readonly userconfig: string;
  readonly cache: string;
  /** Writes the user .npmrc: registry plus the Bearer token for its host and path. */
  configure(registry: string, token: string): Promise<void>;
  /** Runs npm in `cwd`; never throws on a non-zero exit. */
  npm(args: readonly string[], cwd: string): Promise<NpmResult>;
  /** `npm` plus the CPU time npm and its children used (read with the shell's `times`). */
  npmTimed(args: readonly string[], cwd: string): Promise<NpmResult & { readonly cpuMs: number }>;
  /** A fresh project directory with a package.json. */
  project(name: string, dependencies?: Record<string, string>): Promise<string>;
  /** Empties npm's cache (a clean machine as far as npm knows). */
  clearCache(): Promise<void>;
  dispose(): Promise<void>;
}

export function authLine(registry: string, token: string): string {
  const url = new URL(registry);
  return `//${url.host}${url.pathname}:_authToken=${token}`;
}

export async function createNpmEnv(): Promise<NpmEnv> {
  const home = await makeTempDir('artifact-desk-npm-');
  const userconfig = path.join(home, '.npmrc');
  const cache = path.join(home, 'npm-cache');
  const globalconfig = path.join(home, 'global-npmrc');
  await writeFile(userconfig, '');
  await writeFile(globalconfig, '');
  const env = (): NodeJS.ProcessEnv => {
    const out: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!key.toLowerCase().startsWith('npm_') && !key.startsWith('AWS_')) out[key] = value;
    }
    return {
      ...out,
      HOME: home,
      npm_config_userconfig: userconfig,
      npm_config_globalconfig: globalconfig,
      npm_config_cache: cache,
      npm_config_prefix: path.join(home, 'prefix'),
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_loglevel: 'warn',
      npm_config_fetch_retries: '0',
      NO_COLOR: '1',
    };
  };
  const run = (file: string, args: readonly string[], cwd: string): Promise<NpmResult> =>
    new Promise((resolve) => {
      execFile(
        file,
        [...args],
        { cwd, env: env(), maxBuffer: 64 * 1024 * 1024, timeout: 180_000 },
        (error, stdout, stderr) => {
          const code =
            error && typeof (error as { code?: unknown }).code === 'number'
              ? (error as { code: number }).code
              : error
                ? 1
                : 0;
          resolve({ exitCode: code, stdout, stderr });
        },
      );
    });
  return {
    home,
    userconfig,
    cache,
    async configure(registry, token) {
      await writeFile(userconfig, `registry=${registry}\n${authLine(registry, token)}\n`);
    },
    npm(args, cwd) {
      return run('npm', args, cwd);
    },
    async npmTimed(args, cwd) {
      // The shell reports its children's user and system time last: npm's own CPU, not the server's.
      const result = await run(
        'sh',
        ['-c', 'npm "$@"; status=$?; times >&2; exit $status', 'sh', ...args],
        cwd,
      );
      const times = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s\s*$/.exec(result.stderr);
      const seconds = times
        ? Number(times[1]) * 60 + Number(times[2]) + Number(times[3]) * 60 + Number(times[4])
        : NaN;
      return { ...result, cpuMs: seconds * 1000 };
    },
    async project(name, dependencies = {}) {
      const dir = path.join(home, 'projects', name);
      await mkdir(dir, { recursive: true });
      await writeFile(
        path.join(dir, 'package.json'),
        JSON.stringify({ name, version: '1.0.0', private: true, dependencies }, null, 2),
      );
      return dir;
    },
    async clearCache() {
      await removeDir(cache);
    },
    dispose: () => removeDir(home),
  };
}
