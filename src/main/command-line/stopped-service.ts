/**
 * The engine on a data directory whose service is not running, for the commands that work on
 * the store without serving it (`verify`, `why`, `mirror`). Opening takes the data directory's lock, so
 * a running service makes it fail with the message naming that service's pid (exit status 2).
 */
import type { EngineContext } from '../engine/context';
import { loadIdentity } from '../service/identity';
import { openStore } from '../store';
import { migrations } from '../store/migrations';
import { CommandFailedError } from './command-line';

/** The engine context over the opened store (its blob store can list, as `verify` needs). */
export type StoppedServiceContext = EngineContext & { readonly store: Awaited<ReturnType<typeof openStore>> };

export async function withStoppedService<T>(
  dataDir: string,
  work: (ctx: StoppedServiceContext) => Promise<T>,
): Promise<T> {
  let store;
  try {
    store = await openStore({ dataDir, migrations });
  } catch (error) {
    throw new CommandFailedError((error as Error).message, 2);
  }
  try {
    const { accountId, region } = loadIdentity(dataDir);
    return await work({ store, config: { accountId, region, endpointUrl: () => '' }, now: () => new Date() });
  } finally {
    await store.close();
  }
}
