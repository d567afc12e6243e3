/** What every engine operation is given: the store, the local account, and a clock. */
import type { Store } from '../store/types';

export interface EngineConfig {
  /** The 12-digit account id that owns every local domain. */
  readonly accountId: string;
  readonly region: string;
  /** Base URL of the running HTTP endpoint (`http://127.0.0.1:PORT`), no trailing slash. */
  readonly endpointUrl: () => string;
}

/** What re-fetching a damaged or missing blob from an upstream came to. */
export interface BlobRepairOutcome {
  readonly repaired: boolean;
  /** Whether an asset using the blob came through an external connection (so it could be re-fetched). */
  readonly fromUpstream: boolean;
  /** Where the good copy came from, or why there is none. */
  readonly detail: string;
}

export interface EngineContext {
  readonly store: Store;
  readonly config: EngineConfig;
  readonly now: () => Date;
  /**
   * Fetches a damaged or missing blob again from the upstream its external versions came through
   * (external/refetch-assets.ts); set by the running service, absent where nothing may be fetched.
   */
  readonly repairBlob?: (domain: string, sha256: string) => Promise<BlobRepairOutcome>;
}
