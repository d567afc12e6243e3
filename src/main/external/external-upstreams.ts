/**
 * The upstream URL behind each external connection, and where it came from. The offline desktop has
 * no public registry of its own: `public:npmjs` resolves to the URL settings give it, else to where
 * the user's npm fetches from (asked of npm itself); `public:pypi` and `public:maven-central`
 * likewise with pip and Maven, and `public:crates-io`, `public:ruby-gems-org` and `public:nuget-org`
 * with cargo, gem and NuGet's configuration. A client is asked once, at the first need of its
 * connection (a request that fetches through it waits for the answer) or when the upstreams are
 * shown, never at start-up: starting npm, Python or a JVM costs about a second of CPU that a start
 * should not pay. A URL that points back at this service is
 * never used (after `aws codeartifact login`, npm's registry *is* this service).
 */
import type { ExternalUpstreamInfo } from '../../shared/app-status';
import {
  askMavenCentral,
  askNpmRegistry,
  askPipIndex,
  type ClientAnswer,
  type ClientConfigSources,
  type IsSelf,
} from './client-config';
import { askCargoRegistry, askGemSource, askNugetSource } from './crate-gem-nuget-config';

export type ExternalUpstreams = Readonly<Record<string, string>>;

type Ask = (sources: ClientConfigSources, isSelf: IsSelf) => Promise<ClientAnswer | undefined>;

const askClient: Readonly<Record<string, Ask>> = {
  'public:npmjs': askNpmRegistry,
  'public:pypi': askPipIndex,
  'public:maven-central': askMavenCentral,
  'public:crates-io': askCargoRegistry,
  'public:ruby-gems-org': askGemSource,
  'public:nuget-org': askNugetSource,
};

/** Only http(s) URLs, always ending in `/` so relative paths resolve below them. */
export function normaliseUpstreamUrl(value: string): string | undefined {
  let url: URL;
  try {
    // Cargo writes a sparse index as `sparse+https://…`.
    url = new URL(value.replace(/^sparse\+/, ''));
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  url.search = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}

function loopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

/** Whether `url` is served by the service listening at `serviceUrl`. */
export function pointsAt(url: string, serviceUrl: string | undefined): boolean {
  if (!serviceUrl) return false;
  let a: URL;
  try {
    a = new URL(url);
  } catch {
    return false;
  }
  const b = new URL(serviceUrl);
  const port = (u: URL): string => u.port || (u.protocol === 'https:' ? '443' : '80');
  return port(a) === port(b) && (a.hostname === b.hostname || (loopback(a.hostname) && loopback(b.hostname)));
}

export interface ExternalUpstreamOptions {
  /** URLs named by settings or `--external-upstream`; they win over the clients' answers. */
  readonly settings?: ExternalUpstreams;
  /** The service's own URL, known once it listens. */
  readonly serviceUrl: () => string | undefined;
  readonly sources?: ClientConfigSources;
  /** Ask the user's npm, pip and Maven (off in tests that must not see the machine's). */
  readonly useClientConfig?: boolean;
  /** No client is asked before this settles (when the service's own URL is known). */
  readonly askAfter?: Promise<unknown>;
  /** Told each connection's upstream once its client has answered. */
  readonly onAnswer?: (info: ExternalUpstreamInfo) => void;
}

export interface ExternalUpstreamResolver {
  /** The connection's upstream URL (asks its client and waits for the answer the first time), if any. */
  upstream(connection: string): Promise<string | undefined>;
  /** What each known connection uses now, and where that came from. */
  describe(): ExternalUpstreamInfo[];
  /** Asks every client not asked yet; settles once all have answered. */
  readonly settled: Promise<ExternalUpstreamInfo[]>;
}

/** Reported for a client that has not been asked yet. */
export const notAskedYet = 'asked at first use';

/** Settings are known immediately; each client is asked (in a child process) at its first need. */
export function createExternalUpstreams(options: ExternalUpstreamOptions): ExternalUpstreamResolver {
  const infos = new Map<string, ExternalUpstreamInfo>();
  const pending = new Map<string, Promise<void>>();
  const unasked = new Map<string, Ask>();
  const isSelf: IsSelf = (url) => pointsAt(url, options.serviceUrl());
  const accept = (connection: string, raw: string | undefined, source: string): boolean => {
    const url = raw === undefined ? undefined : normaliseUpstreamUrl(raw);
    if (!url) return false;
    if (isSelf(url)) {
      infos.set(connection, { connection, source: `${source} names this service; not used` });
      return false;
    }
    infos.set(connection, { connection, url, source });
    return true;
  };
  for (const [connection, url] of Object.entries(options.settings ?? {})) {
    if (!accept(connection, url, 'set with --external-upstream') && !infos.has(connection))
      infos.set(connection, { connection, source: `--external-upstream value '${url}' is not usable` });
  }
  for (const [connection, ask] of Object.entries(askClient)) {
    if (infos.has(connection)) continue;
    if (options.useClientConfig === false) {
      infos.set(connection, { connection, source: 'not configured (client configuration not read)' });
      continue;
    }
    infos.set(connection, { connection, source: notAskedYet });
    unasked.set(connection, ask);
  }
  const askNow = (connection: string): Promise<void> | undefined => {
    const ask = unasked.get(connection);
    if (!ask) return pending.get(connection);
    unasked.delete(connection);
    infos.set(connection, { connection, source: 'asking the client…' });
    const answered = Promise.resolve(options.askAfter)
      .then(() => ask(options.sources ?? {}, isSelf))
      .then(
        (answer) => {
          if (!answer || !accept(connection, answer.url, answer.source))
            infos.set(connection, { connection, source: 'the client named no usable URL' });
        },
        (error: unknown) => {
          infos.set(connection, {
            connection,
            source: `asking the client failed: ${(error as Error).message}`,
          });
        },
      )
      .then(() => {
        const info = infos.get(connection);
        if (info) options.onAnswer?.(info);
      });
    pending.set(connection, answered);
    return answered;
  };
  const askAll = (): Promise<void[]> =>
    Promise.all([...unasked.keys(), ...pending.keys()].map((connection) => askNow(connection)));
  return {
    async upstream(connection) {
      await askNow(connection);
      return infos.get(connection)?.url;
    },
    describe: () => [...infos.values()],
    get settled() {
      return askAll().then(() => [...infos.values()]);
    },
  };
}
