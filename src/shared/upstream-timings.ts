/**
 * How long external connections wait for an upstream and how long they trust its stored metadata,
 * in seconds: the one rule for `serve --upstream-timeout / --upstream-ttl`, the Settings screen and
 * the `app.setUpstreamTimings` operation behind it.
 */

export type UpstreamTimingName = 'timeoutSeconds' | 'ttlSeconds';

export interface UpstreamTimings {
  /** Seconds an upstream has to start answering (and between chunks of a metadata body). */
  readonly timeoutSeconds: number;
  /** Seconds a stored upstream metadata document is used before it is asked again. */
  readonly ttlSeconds: number;
  /** Timings a command-line flag fixes for this run (they cannot be changed until a restart without it). */
  readonly fixedBy?: { readonly [N in UpstreamTimingName]?: string };
}

export type UpstreamTimingsUpdate = { readonly [N in UpstreamTimingName]?: number };

export const upstreamTimingRules: {
  readonly [N in UpstreamTimingName]: {
    readonly flag: string;
    readonly min: number;
    readonly max: number;
    readonly default: number;
  };
} = {
  timeoutSeconds: { flag: '--upstream-timeout', min: 0.1, max: 86_400, default: 10 },
  ttlSeconds: { flag: '--upstream-ttl', min: 0, max: 86_400, default: 300 },
};

/** Why `value` is not a usable value for the timing, else undefined. */
export function upstreamTimingProblem(name: UpstreamTimingName, value: unknown): string | undefined {
  const { min, max } = upstreamTimingRules[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    return `takes a number of seconds from ${min} to ${max}`;
  return undefined;
}
