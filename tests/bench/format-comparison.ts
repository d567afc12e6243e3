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
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { baselineRef, prepareCheckout, repoRoot, roundsAndRef, type Checkout } from './baseline-checkout';
import { jsonLinePrefix, type FormatRow } from './format-publish-download';
import { jsonFromChild } from './json-child';
import { fmt, median, table } from './report';

export { baselineRef };

const script = path.join('tests', 'bench', 'format-publish-download.ts');

/** Runs the workload once in a fresh process inside `root`; its rows. */
function measureIn(root: string): Promise<FormatRow[]> {
  return jsonFromChild<FormatRow[]>(script, ['--json'], {
    cwd: root,
    prefix: jsonLinePrefix,
    what: `The format workload in ${root}`,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
}

/**
 * `ref` with its own dependencies and this checkout's workload script (a worktree of the commit, or
 * the folder of another checkout with its dependencies installed).
 */
function prepareBaseline(ref: string): ReturnType<typeof prepareCheckout> {
  return prepareCheckout(ref, {
    install: true,
    prepare: async (root) => {
      if (root !== repoRoot) await copyFile(path.join(repoRoot, script), path.join(root, script));
    },
  });
}

const minMedian = (values: readonly number[], digits: number): string =>
  `${fmt(Math.min(...values), digits)} / ${fmt(median(values), digits)}`;
const maxMedian = (values: readonly number[], digits: number): string =>
  `${fmt(Math.max(...values), digits)} / ${fmt(median(values), digits)}`;

export async function compareFormats(arg?: string): Promise<void> {
  const { rounds, ref } = roundsAndRef('formats', arg, 3);
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
