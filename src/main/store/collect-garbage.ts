/**
 * A full garbage collection, now. Only for the rare moment a process has just dropped hundreds of
 * MiB at once and then goes idle: after a schema upgrade, sql.js's in-memory file has been
 * reallocated several times as the migrations grew it and once more when VACUUM shrank it, and the
 * snapshot was exported as a copy; all of those buffers are garbage, but V8 collects them only at
 * its next full collection, which on an idle service may not come for hours.
 *
 * V8 exposes `gc` only to contexts created after `--expose-gc` is set, so the flag is set and a
 * fresh context lends the function; the process's own global scope gains nothing.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function collectGarbageNow(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as unknown;
  if (typeof gc !== 'function') return;
  (gc as () => void)();
}
