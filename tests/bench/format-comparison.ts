/**
 * `npm run bench -- formats[=ROUNDS[,REF]]`: publish and download per format on this checkout
 * against an earlier commit, in one run. The earlier commit is checked out into a temporary git
 * worktree (its dependencies installed there from the npm cache) and given this checkout's
 * format-publish-download.ts, so both run the same workload; each round runs that script once in a
 * fresh process per checkout, the order alternating from round to round, so load on the machine
 * falls on both alike. Prints min and median per format and operation: milliseconds per request
 * (wall, 4 in flight), requests per second, and the process's CPU time per request, which load
 * disturbs far less than wall time.
 *
 * Without REF the earlier commit is `baselineRef`, the last one whose archive, multipart and XML
 * readers were written by hand; REF may also be the folder of another checkout with its
 * dependencies installed (taken as it is); `formats=ROUNDS,none` measures this checkout alone.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { jsonLinePrefix, type FormatRow } from './format-publish-download';
import { fmt, median, table } from './report';

const run = promisify(execFile);

/** The commit before the archive reader moved onto node-tar and yauzl (and multipart, XML after it). */
export const baselineRef = 'ee0a630^';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const script = path.join('tests', 'bench', 'format-publish-download.ts');

interface Checkout {
  readonly label: string;
  readonly root: string;
}

/** Runs the workload once in a fresh process inside `root`; its rows. */
async function measureIn(root: string): Promise<FormatRow[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = out.split('\n').find((candidate) => candidate.startsWith(jsonLinePrefix));
  if (code !== 0 || !line) {
    throw new Error(`The format workload in ${root} failed (exit ${code}):\n${err.slice(-4000)}`);
  }
  return JSON.parse(line.slice(jsonLinePrefix.length)) as FormatRow[];
}

/**
 * A detached worktree of `ref` with its own dependencies and this checkout's workload script; or,
 * when `ref` is the folder of another checkout with its dependencies installed, that folder.
 */
async function prepareBaseline(ref: string): Promise<{ checkout: Checkout; remove: () => Promise<void> }> {
  if (existsSync(path.join(ref, 'node_modules'))) {
    const root = path.resolve(ref);
    if (root !== repoRoot) await copyFile(path.join(repoRoot, script), path.join(root, script));
    return { checkout: { label: root, root }, remove: async () => undefined };
  }
  const commit = (
    await run('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repoRoot })
  ).stdout.trim();
  const parent = await mkdtemp(path.join(tmpdir(), 'artifact-desk-bench-baseline-'));
  const root = path.join(parent, 'checkout');
  await run('git', ['worktree', 'add', '--detach', root, commit], { cwd: repoRoot });
  const remove = async (): Promise<void> => {
    await run('git', ['worktree', 'remove', '--force', root], { cwd: repoRoot }).catch(() => undefined);
    await rm(parent, { recursive: true, force: true });
  };
  try {
    console.log(`Installing the dependencies of ${ref} (${commit.slice(0, 10)}) in a temporary worktree …`);
    await run('npm', ['ci', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    await copyFile(path.join(repoRoot, script), path.join(root, script));
    return { checkout: { label: `${ref} (${commit.slice(0, 7)})`, root }, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

function parseArg(arg: string | undefined): { rounds: number; ref: string | undefined } {
  const [roundsText = '', refText] = (arg ?? '').split(',');
  const rounds = roundsText === '' ? 3 : Number(roundsText);
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new Error(`formats takes ROUNDS[,REF] (a number of rounds, a commit or 'none'), not '${arg}'`);
  }
  const ref =
    refText === undefined || refText === '' ? baselineRef : refText === 'none' ? undefined : refText;
  return { rounds, ref };
}

const minMedian = (values: readonly number[], digits: number): string =>
  `${fmt(Math.min(...values), digits)} / ${fmt(median(values), digits)}`;
const maxMedian = (values: readonly number[], digits: number): string =>
  `${fmt(Math.max(...values), digits)} / ${fmt(median(values), digits)}`;

export async function compareFormats(arg?: string): Promise<void> {
  const { rounds, ref } = parseArg(arg);
  const current: Checkout = { label: 'this checkout', root: repoRoot };
  const baseline = ref ? await prepareBaseline(ref) : undefined;
  const checkouts = baseline ? [baseline.checkout, current] : [current];
  /** checkout label → every round's rows */
  const samples = new Map<string, FormatRow[][]>(checkouts.map((checkout) => [checkout.label, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? checkouts : [...checkouts].reverse();
      for (const checkout of order) samples.get(checkout.label)?.push(await measureIn(checkout.root));
      console.log(`  round ${round + 1} of ${rounds} done`);
    }
  } finally {
    await baseline?.remove();
  }

  const formats = (samples.get(current.label)?.[0] ?? []).map((row) => row.format);
  const pick = (label: string, format: string, field: keyof Omit<FormatRow, 'format'>): number[] =>
    (samples.get(label) ?? []).flatMap((rows) => {
      const found = rows.find((candidate) => candidate.format === format);
      return found ? [found[field]] : [];
    });
  const lines: string[][] = [];
  for (const format of formats) {
    for (const operation of ['publish', 'download'] as const) {
      const seconds = operation === 'publish' ? 'publishSeconds' : 'downloadSeconds';
      const cpu = operation === 'publish' ? 'publishCpuMs' : 'downloadCpuMs';
      const perRequest = (label: string): number[] => {
        const counts = pick(label, format, 'count');
        return pick(label, format, seconds).map((s, i) => (s * 1000) / (counts[i] ?? 1));
      };
      const perSecond = (label: string): number[] => perRequest(label).map((ms) => 1000 / ms);
      const cells = (label: string): string[] =>
        perRequest(label).length === 0
          ? ['—', '—', '—']
          : [
              minMedian(perRequest(label), 1),
              maxMedian(perSecond(label), 1),
              minMedian(pick(label, format, cpu), 1),
            ];
      const now = cells(current.label);
      if (!baseline) {
        lines.push([format, operation, ...now]);
        continue;
      }
      const before = perRequest(baseline.checkout.label);
      const after = perRequest(current.label);
      const beforeCpu = pick(baseline.checkout.label, format, cpu);
      const afterCpu = pick(current.label, format, cpu);
      lines.push([
        format,
        operation,
        ...cells(baseline.checkout.label),
        ...now,
        before.length > 0 ? fmt(median(after) / median(before)) : '—',
        beforeCpu.length > 0 ? fmt(median(afterCpu) / median(beforeCpu)) : '—',
      ]);
    }
  }
  const figures = [
    'ms per request min / median',
    'per second max / median',
    'CPU ms per request min / median',
  ];
  table(
    `Publish and download per format, ${rounds} interleaved round(s), 4 in flight` +
      (baseline ? `: ${baseline.checkout.label} against this checkout` : ''),
    baseline
      ? [
          'format',
          'operation',
          ...figures.map((figure) => `before: ${figure}`),
          ...figures.map((figure) => `now: ${figure}`),
          'now ÷ before, median ms',
          'now ÷ before, median CPU',
        ]
      : ['format', 'operation', ...figures],
    lines,
  );
}
