import type { UpstreamTimings } from './upstream-timings';

/** What the desktop window is told about the running service. */
export interface AppStatus {
  readonly endpoint: string;
  readonly accountId: string;
  readonly region: string;
  /** `desktop` inside Electron, `console` when the page is served by `serve`. */
  readonly mode?: 'desktop' | 'console';
  /** Where the database and assets live. */
  readonly dataDir?: string;
  /** Which upstream URL each external connection (`public:npmjs` …) fetches from, and why. */
  readonly externalUpstreams?: readonly ExternalUpstreamInfo[];
  /** The upstream timeout and metadata TTL in force, and which of them a flag fixes. */
  readonly upstreamTimings?: UpstreamTimings;
}

/** An external connection's upstream: the URL (absent when there is none) and where it came from. */
export interface ExternalUpstreamInfo {
  readonly connection: string;
  readonly url?: string;
  readonly source: string;
}
