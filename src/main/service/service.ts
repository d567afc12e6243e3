/**
 * Builds the whole local service — store, engine, HTTP endpoint — from a configuration. The Electron
 * main process and the headless CLI both start Artifact Desk through here, so they run the same code.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EngineContext } from '../engine/context';
import { createInvoker, type Invoke } from '../engine/invoke';
import { createHttpServer } from '../http';
import { openStore } from '../store';
import { migrations } from '../store/migrations';
import type { Store } from '../store/types';
import { loadIdentity, type Credentials, type IdentityRequest } from './identity';

export interface ServiceConfig extends IdentityRequest {
  readonly dataDir: string;
  /** Address to bind; loopback by default. */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one. */
  readonly port?: number;
}

export interface RunningService {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly accountId: string;
  readonly region: string;
  readonly credentials: Credentials;
  readonly invoke: Invoke;
  readonly store: Store;
  /** Stops accepting requests, checkpoints the store and releases the data directory. */
  stop(): Promise<void>;
}

export const defaultHost = '127.0.0.1';
export const defaultPort = 5484;

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

export async function startService(config: ServiceConfig): Promise<RunningService> {
  const dataDir = resolve(config.dataDir);
  const host = config.host ?? defaultHost;
  mkdirSync(dataDir, { recursive: true });
  const store = await openStore({ dataDir, migrations });
  try {
    const identity = loadIdentity(dataDir, config);
    let url = '';
    const ctx: EngineContext = {
      store,
      config: { accountId: identity.accountId, region: identity.region, endpointUrl: () => url },
      now: () => new Date(),
    };
    const invoke = createInvoker(ctx);
    const http = createHttpServer({
      invoke,
      credentials: [identity.credentials],
      region: identity.region,
      allowedHosts: loopbackHosts.has(host) || host === '0.0.0.0' || host === '::' ? [] : [host],
    });
    const listening = await http.listen(config.port ?? defaultPort, host);
    url = listening.url;
    const port = Number(new URL(url).port);
    let stopping: Promise<void> | undefined;
    return {
      url,
      host,
      port,
      dataDir,
      accountId: identity.accountId,
      region: identity.region,
      credentials: identity.credentials,
      invoke,
      store,
      stop: () => {
        stopping ??= (async () => {
          try {
            await http.close();
          } finally {
            await store.close();
          }
        })();
        return stopping;
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
