/**
 * Starts the headless `serve` command as a real child process, exactly as a user would, and gives
 * tests what it printed (endpoint, credentials, account, region) plus an SDK client bound to it.
 *
 * The child is node itself with tsx loaded through `--import`, so the pid we hold is the server's
 * own pid: a SIGKILL really kills the server (the tsx launcher would leave its child running).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodeartifactClient } from '@aws-sdk/client-codeartifact';
import { makeTempDir, removeDir } from './temp-dir';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cliEntry = path.join(repoRoot, 'src', 'main', 'cli.ts');

export interface ServeOptions {
  /** Data directory to use; when omitted a fresh temp dir is created and removed by dispose(). */
  dataDir?: string;
  accountId?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** How long to wait for the banner; the first start compiles TypeScript on the fly. */
  startTimeoutMs?: number;
  /** Extra command-line flags for `serve` (e.g. `--external-upstream C=URL`, `--no-client-config`). */
  args?: string[];
  /**
   * Start `serve` with this command line instead of tsx on the sources, e.g.
   * `{ file: 'npm', args: ['run', 'serve', '--'], cwd: clone }`; the serve options follow `args`.
   */
  command?: { file: string; args: string[]; cwd: string };
  /**
   * Run the server under a parent that never reaps it (`sh` exec'ing `cat`), so after a kill it
   * stays a zombie as long as the handle lives: the state a restart meets when the server's parent
   * has not yet collected it. `stop`/`kill` then only signal the server and do not wait.
   */
  unreapedParent?: boolean;
  /** Extra environment for the child (e.g. the HOME and npm settings its client queries see). */
  env?: NodeJS.ProcessEnv;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServeHandle {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  region: string;
  dataDir: string;
  pid: number;
  /** Everything the child has written so far. */
  output(): { stdout: string; stderr: string };
  /** An SDK client for this server; `credentials`/`region` override what serve printed. */
  client(overrides?: {
    credentials?: { accessKeyId: string; secretAccessKey: string };
    region?: string;
  }): CodeartifactClient;
  /** Sends `signal` (default SIGTERM) and waits for the exit; escalates to SIGKILL after the timeout. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitStatus>;
  /** SIGKILL: the crash a power cut or `kill -9` causes. */
  kill(): Promise<ExitStatus>;
  /** Stops the child if it still runs, destroys clients, removes the data dir if this handle created it. */
  dispose(): Promise<void>;
}

/** The error startServe rejects with when the child exits or stays silent; carries its output. */
export class ServeStartError extends Error {
  constructor(
    message: string,
    readonly stdout: string,
    readonly stderr: string,
    readonly exit?: ExitStatus,
  ) {
    super(message);
    this.name = 'ServeStartError';
  }
}

// Children that a crashed test run could otherwise leave listening.
const liveChildren = new Map<ChildProcess, (signal: NodeJS.Signals) => void>();
// Servers started under an unreaped parent (killing the parent does not stop them).
const unreapedServers = new Set<number>();
process.once('exit', () => {
  for (const pid of unreapedServers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const signalChild of liveChildren.values()) {
    try {
      signalChild('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * The kernel's one-letter state of a process (R, S, D, Z for a zombie not yet reaped …), or
 * undefined when no such process exists. Linux only.
 */
export function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** Whether a process of the group still runs (zombies left to a slow init do not count). Linux. */
function groupRuns(groupId: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(group) === groupId && state !== 'Z' && state !== 'X') return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

async function groupEmptied(groupId: number): Promise<void> {
  while (groupRuns(groupId)) await new Promise((resolve) => setTimeout(resolve, 20));
}

function processRuns(pid: number): boolean {
  const state = processState(pid);
  return state !== undefined && state !== 'Z' && state !== 'X';
}

const bannerPatterns = {
  endpoint: /endpoint:\s+(\S+)/,
  // The banner's own line, not the upgrade lines a first start prints before it.
  dataDir: /^ +data directory:\s+(.+?)\s*$/m,
  accountId: /account id:\s+(\S+)/,
  region: /region:\s+(\S+)/,
  accessKeyId: /access key id:\s+(\S+)/,
  secretAccessKey: /secret access key:\s+(\S+)/,
} as const;

type Banner = { -readonly [K in keyof typeof bannerPatterns]: string };

function parseBanner(stdout: string): Banner | undefined {
  const found: Partial<Banner> = {};
  for (const [key, pattern] of Object.entries(bannerPatterns) as [keyof Banner, RegExp][]) {
    const match = pattern.exec(stdout);
    if (!match?.[1]) return undefined;
    found[key] = match[1];
  }
  return found as Banner;
}

const maxCapturedChars = 1_000_000;

export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Credentials or profiles of the machine must never leak into the server under test, nor the
    // settings of an npm script this runs under into an npm it starts.
    if (!key.startsWith('AWS_') && !key.startsWith('npm_')) env[key] = value;
  }
  env.NO_COLOR = '1';
  return env;
}

export async function startServe(options: ServeOptions = {}): Promise<ServeHandle> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await makeTempDir('artifact-desk-serve-'));
  const serveArgs = ['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir];
  if (options.accountId !== undefined) serveArgs.push('--account-id', options.accountId);
  if (options.region !== undefined) serveArgs.push('--region', options.region);
  if (options.accessKeyId !== undefined) serveArgs.push('--access-key-id', options.accessKeyId);
  if (options.secretAccessKey !== undefined) serveArgs.push('--secret-access-key', options.secretAccessKey);
  if (options.args) serveArgs.push(...options.args);
  const launch = options.command;
  // The program and its arguments: tsx on the sources unless a command of its own is given.
  const [file, ...args] = launch
    ? [launch.file, ...launch.args, ...serveArgs]
    : [process.execPath, '--import', 'tsx', cliEntry, 'serve', ...serveArgs];
  const cwd = launch?.cwd ?? repoRoot;
  const env = { ...childEnv(), ...options.env };
  // Under an unreaped parent the child is `sh`, which starts the server, prints its pid and becomes a
  // `cat` that never waits for it; `cat` reads a pipe from this process, so it ends when the test
  // process does, however that ends. A command of its own (npm …) runs in its own process group,
  // so a signal reaches the server under it.
  const grouped = launch !== undefined && !options.unreapedParent;
  const child = options.unreapedParent
    ? spawn('/bin/sh', ['-c', '"$@" & echo "server pid: $!"; exec cat >/dev/null', 'sh', file, ...args], {
        cwd,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      })
    : spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: grouped });
  const signalChild = (signal: NodeJS.Signals): void => {
    if (grouped && child.pid !== undefined) process.kill(-child.pid, signal);
    else child.kill(signal);
  };
  liveChildren.set(child, signalChild);

  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    if (stdout.length < maxCapturedChars) stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    if (stderr.length < maxCapturedChars) stderr += chunk;
  });

  let exitStatus: ExitStatus | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => {
      // npm may exit before the server under it has finished: wait for the whole group.
      void (grouped && child.pid !== undefined ? groupEmptied(child.pid) : Promise.resolve()).then(() => {
        exitStatus = { code, signal };
        liveChildren.delete(child);
        resolve(exitStatus);
      });
    });
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const cleanupAfterFailedStart = async (): Promise<void> => {
    const serverPid = Number(/server pid: (\d+)/.exec(stdout)?.[1]);
    if (options.unreapedParent && Number.isInteger(serverPid) && processRuns(serverPid)) {
      process.kill(serverPid, 'SIGKILL');
    }
    if (!exitStatus) {
      signalChild('SIGKILL');
      await exited;
    }
    if (ownsDataDir) await removeDir(dataDir);
  };

  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const banner = await new Promise<Banner>((resolve, reject) => {
    const fail = (message: string): void => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(
        new ServeStartError(
          `${message}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
          stdout,
          stderr,
          exitStatus,
        ),
      );
    };
    let serverGoneAt: number | undefined;
    const check = (): void => {
      const parsed = parseBanner(stdout);
      if (parsed) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(parsed);
        return;
      }
      // Under an unreaped parent the exit of the server itself shows only in /proc.
      const serverPid = Number(/server pid: (\d+)/.exec(stdout)?.[1]);
      if (options.unreapedParent && Number.isInteger(serverPid) && !processRuns(serverPid)) {
        serverGoneAt ??= Date.now();
        // Let the last chunks of output land before reporting.
        if (Date.now() - serverGoneAt > 50) fail('serve exited before it was ready');
      }
    };
    // The banner can arrive in several chunks; polling the accumulated text is simpler than
    // tracking line boundaries and costs nothing measurable.
    const poll = setInterval(check, 20);
    const timer = setTimeout(
      () => fail(`serve did not print its endpoint within ${timeoutMs} ms`),
      timeoutMs,
    );
    child.stdout?.on('data', check);
    void exited.then((status) => {
      // Let the last chunks of output land before reporting.
      setTimeout(() => {
        check();
        fail(`serve exited (code ${status.code}, signal ${status.signal}) before it was ready`);
      }, 50);
    });
    void spawnError.then((error) => fail(`serve could not be spawned: ${error.message}`));
  }).catch(async (error: unknown) => {
    await cleanupAfterFailedStart();
    throw error;
  });

  const pid = options.unreapedParent ? Number(/server pid: (\d+)/.exec(stdout)?.[1]) : child.pid;
  if (pid === undefined || !Number.isInteger(pid)) throw new Error('serve has no pid');
  if (options.unreapedParent) unreapedServers.add(pid);
  const clients: CodeartifactClient[] = [];

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<ExitStatus> => {
    if (exitStatus) return exitStatus;
    if (options.unreapedParent) {
      process.kill(pid, signal);
      return { code: null, signal };
    }
    signalChild(signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const result = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      signalChild('SIGKILL');
      await exited;
      throw new Error(`serve (pid ${pid}) did not exit within ${timeoutMs} ms of ${signal}; killed it`);
    }
    return result;
  };

  return {
    endpoint: banner.endpoint,
    accessKeyId: banner.accessKeyId,
    secretAccessKey: banner.secretAccessKey,
    accountId: banner.accountId,
    region: banner.region,
    dataDir: banner.dataDir,
    pid,
    output: () => ({ stdout, stderr }),
    client(overrides = {}) {
      const client = new CodeartifactClient({
        endpoint: banner.endpoint,
        region: overrides.region ?? banner.region,
        credentials: overrides.credentials ?? {
          accessKeyId: banner.accessKeyId,
          secretAccessKey: banner.secretAccessKey,
        },
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    stop,
    kill: () => stop('SIGKILL'),
    async dispose() {
      for (const client of clients.splice(0)) client.destroy();
      try {
        if (options.unreapedParent) {
          if (!exitStatus) {
            // The server first (it may still run), then its parent, whose exit hands the zombie to init.
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              // already gone
            }
            child.kill('SIGKILL');
            await exited;
          }
          unreapedServers.delete(pid);
        } else {
          await stop('SIGTERM');
        }
      } finally {
        if (ownsDataDir) await removeDir(dataDir);
      }
    },
  };
}

/** Waits until serve has printed a line matching `pattern` (for lines printed after the banner). */
export async function waitForOutput(
  handle: ServeHandle,
  pattern: RegExp,
  timeoutMs = 90_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(handle.output().stdout);
    if (match) return match[0];
    if (Date.now() > deadline) {
      throw new Error(
        `serve did not print ${String(pattern)} within ${timeoutMs} ms:\n${handle.output().stdout}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
