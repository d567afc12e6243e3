/**
 * The upstream URL behind each external connection. The offline desktop has no public registry of
 * its own: `public:npmjs` resolves to the URL settings give it, else to where the user's npm fetches
 * from; `public:pypi` and `public:maven-central` likewise with pip and Maven. Connections without a
 * URL simply fetch nothing, and a URL that points back at this service is ignored (after
 * `aws codeartifact login`, npm's registry *is* this service).
 */
import {
  mavenCentralFromConfig,
  npmRegistryFromConfig,
  pipIndexFromConfig,
  type ClientConfigSources,
} from './client-config';

export type ExternalUpstreams = Readonly<Record<string, string>>;

const fromClientConfig: Readonly<Record<string, (sources: ClientConfigSources) => string | undefined>> = {
  'public:npmjs': npmRegistryFromConfig,
  'public:pypi': pipIndexFromConfig,
  'public:maven-central': mavenCentralFromConfig,
};

/** Only http(s) URLs, always ending in `/` so relative paths resolve below them. */
export function normaliseUpstreamUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  url.search = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}

function pointsAt(url: string, serviceUrl: string | undefined): boolean {
  if (!serviceUrl) return false;
  const a = new URL(url);
  const b = new URL(serviceUrl);
  const loopback = (host: string): boolean =>
    host === 'localhost' || host === '[::1]' || host.startsWith('127.');
  return a.port === b.port && (a.hostname === b.hostname || (loopback(a.hostname) && loopback(b.hostname)));
}

/**
 * Builds the table: explicit settings first, then the user's client configuration; each URL
 * normalised, invalid or self-referencing ones dropped.
 */
export function resolveExternalUpstreams(options: {
  readonly settings?: ExternalUpstreams;
  readonly serviceUrl?: string;
  readonly sources?: ClientConfigSources;
  /** Read the user's client configuration (off in tests that must not see the machine's). */
  readonly useClientConfig?: boolean;
}): ExternalUpstreams {
  const table: Record<string, string> = {};
  const candidates: [string, string | undefined][] = [];
  for (const [connection, read] of Object.entries(fromClientConfig)) {
    const explicit = options.settings?.[connection];
    candidates.push([
      connection,
      explicit ?? (options.useClientConfig === false ? undefined : read(options.sources ?? {})),
    ]);
  }
  for (const [connection, url] of Object.entries(options.settings ?? {})) {
    if (!(connection in fromClientConfig)) candidates.push([connection, url]);
  }
  for (const [connection, raw] of candidates) {
    const url = raw === undefined ? undefined : normaliseUpstreamUrl(raw);
    if (url && !pointsAt(url, options.serviceUrl)) table[connection] = url;
  }
  return table;
}
