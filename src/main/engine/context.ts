/** What every engine operation is given: the store, the local account, and a clock. */
import type { Store } from '../store/types';

export interface EngineConfig {
  /** The 12-digit account id that owns every local domain. */
  readonly accountId: string;
  readonly region: string;
  /** Base URL of the running HTTP endpoint (`http://127.0.0.1:PORT`), no trailing slash. */
  readonly endpointUrl: () => string;
}

export interface EngineContext {
  readonly store: Store;
  readonly config: EngineConfig;
  readonly now: () => Date;
}
