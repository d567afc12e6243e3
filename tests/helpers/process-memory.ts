/**
 * Memory figures of a running child process from /proc (Linux): the peak resident set size (VmHWM)
 * is what a user's machine had to provide at the worst moment, whatever the garbage collector did
 * afterwards.
 */
import { readdir, readFile } from 'node:fs/promises';

async function statusField(pid: number, field: string): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${field} line`);
  return Number(match[1]) * 1024;
}

/** Peak resident set size of `pid`, in bytes. */
export function peakResidentBytes(pid: number): Promise<number> {
  return statusField(pid, 'VmHWM');
}

/** Current resident set size of `pid`, in bytes. */
export function residentBytes(pid: number): Promise<number> {
  return statusField(pid, 'VmRSS');
}

/** CPU time (user + system) `pid` has used so far, in milliseconds, from /proc/<pid>/stat. */
export async function cpuMillis(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time (user + system) of each thread of `pid` so far, in milliseconds, by thread id, with its name. */
export async function threadCpuMillis(pid: number): Promise<Map<number, { name: string; ms: number }>> {
  const threads = new Map<number, { name: string; ms: number }>();
  for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    threads.set(Number(tid), { name, ms: (Number(fields[11]) + Number(fields[12])) * 10 });
  }
  return threads;
}
