/**
 * What a client is told when it asks for something that is not cached and the external
 * connection's upstream could not give it. One wording for every format, so the user reads the
 * same sentence from npm, pip and Maven: the thing asked for, that it is not cached here, the
 * upstream's URL, and whether that upstream is unreachable (offline, timed out) or answered with
 * an error.
 */
import { UpstreamResponseError, UpstreamUnreachableError } from './fetch-upstream';

/** The message for `error` when it is an upstream failure, else undefined. */
export function notCachedMessage(what: string, upstream: string, error: unknown): string | undefined {
  if (error instanceof UpstreamUnreachableError)
    return `${what} is not cached here and the upstream ${upstream} is offline or unreachable (${error.message})`;
  if (error instanceof UpstreamResponseError)
    return `${what} is not cached here and the upstream ${upstream} failed (${error.message})`;
  return undefined;
}
