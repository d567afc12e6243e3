/**
 * Memory figures of a running child process from /proc (Linux): the peak resident set size (VmHWM)
 * is what a user's machine had to provide at the worst moment, whatever the garbage collector did
 * afterwards.
 */
import { readFile } from 'node:fs/promises';

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
