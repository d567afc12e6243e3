/** Small helpers the benchmarks share: percentiles, sequential timings and printed tables. */
import { performance } from 'node:perf_hooks';

export function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

export function fmt(value: number, digits = 2): string {
  return value.toFixed(digits);
}

export function table(title: string, headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]): string =>
    '| ' + row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ') + ' |';
  console.log(`\n${title}`);
  console.log(line(headers));
  console.log('| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |');
  for (const row of cells.slice(1)) console.log(line(row));
}

/** Latency of `count` sequential calls, in milliseconds, sorted. */
export async function sequentialLatencies(
  count: number,
  call: (i: number) => Promise<unknown>,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await call(i);
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/**
 * Runs each source's measurement once per round, the sources one after the other inside a round
 * (so load on the machine falls on all of them alike), and returns every source's samples in ms.
 */
export async function interleavedRounds(
  rounds: number,
  sources: Readonly<Record<string, () => Promise<number>>>,
): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, measure] of Object.entries(sources)) (samples[name] ??= []).push(await measure());
  }
  return samples;
}

/**
 * Prints the floor (a static file server sending the same files) and Artifact Desk with their min
 * and median times and the ratios of each.
 */
export function floorRatioTable(
  title: string,
  floor: readonly number[],
  rows: readonly (readonly [label: string, samples: readonly number[]])[],
): void {
  const floorMin = Math.min(...floor);
  const floorMedian = median(floor);
  table(
    `${title} (ms, ${floor.length} interleaved rounds)`,
    ['source', 'min', 'median', 'min ÷ floor', 'median ÷ floor'],
    [
      ['static file server (floor)', fmt(floorMin, 0), fmt(floorMedian, 0), '1.00', '1.00'],
      ...rows.map(([label, samples]) => [
        label,
        fmt(Math.min(...samples), 0),
        fmt(median(samples), 0),
        fmt(Math.min(...samples) / floorMin),
        fmt(median(samples) / floorMedian),
      ]),
    ],
  );
}
