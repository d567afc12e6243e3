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
