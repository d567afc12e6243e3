/**
 * The upstream timeout and metadata TTL as a setting of the data directory: kept in the store's
 * `settings` table, so the desktop app and `serve` read the same values at every start, changed at
 * run time from the Settings screen (`app.setUpstreamTimings`), and taking effect on the next
 * request. A command-line flag (`--upstream-timeout`, `--upstream-ttl`) fixes its timing for the run.
 */
import { ValidationException } from '../engine/errors';
import type { Store } from '../store/types';
import {
  upstreamTimingProblem,
  upstreamTimingRules,
  type UpstreamTimingName,
  type UpstreamTimings,
  type UpstreamTimingsUpdate,
} from '../../shared/upstream-timings';
import { defaultUpstreamPolicy, type UpstreamPolicy } from './upstream-documents';

export interface UpstreamTimingsSetting {
  /** The policy external fetches use now. */
  policy(): UpstreamPolicy;
  describe(): UpstreamTimings;
  /** Checks, stores (durably) and applies the given timings; refuses ones a flag fixes. */
  update(update: UpstreamTimingsUpdate): Promise<UpstreamTimings>;
}

const names: readonly UpstreamTimingName[] = ['timeoutSeconds', 'ttlSeconds'];
const settingKey = (name: UpstreamTimingName): string => `upstream.${name}`;
const policyMember = { timeoutSeconds: 'timeoutMs', ttlSeconds: 'ttlMs' } as const;

/** `fixed`: what the command line set for this run (milliseconds, as UpstreamPolicy has them). */
export function createUpstreamTimingsSetting(
  store: Store,
  fixed: Partial<UpstreamPolicy> = {},
): UpstreamTimingsSetting {
  const stored = (name: UpstreamTimingName): number | undefined => {
    const row = store.read((db) =>
      db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [settingKey(name)]),
    );
    const value = row === undefined ? undefined : Number(row.value);
    // A value this build would refuse (edited by hand, or from another build) is ignored.
    return value !== undefined && upstreamTimingProblem(name, value) === undefined ? value : undefined;
  };
  const current: Record<UpstreamTimingName, number> = {
    timeoutSeconds: upstreamTimingRules.timeoutSeconds.default,
    ttlSeconds: upstreamTimingRules.ttlSeconds.default,
  };
  const fixedBy: { [N in UpstreamTimingName]?: string } = {};
  for (const name of names) {
    const flagged = fixed[policyMember[name]];
    if (flagged !== undefined) {
      current[name] = flagged / 1000;
      fixedBy[name] = upstreamTimingRules[name].flag;
    } else {
      current[name] = stored(name) ?? current[name];
    }
  }
  let policy: UpstreamPolicy = {
    ...defaultUpstreamPolicy,
    ...fixed,
    timeoutMs: current.timeoutSeconds * 1000,
    ttlMs: current.ttlSeconds * 1000,
  };
  const describe = (): UpstreamTimings => ({
    ...current,
    ...(Object.keys(fixedBy).length > 0 ? { fixedBy: { ...fixedBy } } : {}),
  });
  return {
    policy: () => policy,
    describe,
    async update(update) {
      const changes: [UpstreamTimingName, number][] = [];
      for (const name of names) {
        const value = update[name];
        if (value === undefined) continue;
        const problem = upstreamTimingProblem(name, value);
        if (problem) throw new ValidationException(`${name} ${problem}; got ${String(value)}.`);
        const flag = fixedBy[name];
        if (flag && value !== current[name]) {
          throw new ValidationException(
            `${name} is fixed by ${flag} for this run; start without ${flag} to change it here.`,
          );
        }
        changes.push([name, value]);
      }
      store.write((db) => {
        for (const [name, value] of changes) {
          db.run(
            'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
            [settingKey(name), String(value)],
          );
        }
      });
      await store.flush();
      for (const [name, value] of changes) current[name] = value;
      policy = { ...policy, timeoutMs: current.timeoutSeconds * 1000, ttlMs: current.ttlSeconds * 1000 };
      return describe();
    },
  };
}
