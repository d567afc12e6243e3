/**
 * The shape shared by every package-format endpoint. Repository endpoints live at the URLs that
 * GetRepositoryEndpoint returns: `/{domain}-{owner}/{format}/{repository}/{rest}`. A format
 * handler receives the request already authenticated and resolved to its domain and repository.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../../engine/context';
import type { DomainRow, RepositoryRow } from '../../engine/lookups';
import type { UpstreamPolicy } from '../../external/upstream-documents';

export interface FormatRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly ctx: EngineContext;
  readonly format: PackageFormat;
  readonly domain: DomainRow;
  readonly repository: RepositoryRow;
  /** The repository endpoint URL, ending in `/`, as GetRepositoryEndpoint gives it. */
  readonly endpoint: string;
  /** The part of the path after the repository endpoint, still percent-encoded, without a leading `/`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The upstream URL behind an external connection (`public:npmjs` …), when there is one. */
  readonly externalUpstream: (connection: string) => Promise<string | undefined>;
  /** Timeouts and metadata TTL for fetches from external upstreams. */
  readonly upstreamPolicy: UpstreamPolicy;
}

export interface FormatHandler {
  /**
   * How the format's clients expect to be asked for credentials: npm and Cargo send a Bearer token,
   * pip, twine, Maven, NuGet and RubyGems answer a Basic challenge with `aws:TOKEN`.
   */
  readonly challenge: 'Bearer' | 'Basic';
  /** Serves the request; a thrown ServiceError is written by `writeFormatError`. */
  handle(request: FormatRequest): Promise<void>;
  /** Writes an error the way the format's clients read errors; a JSON `{error}` body when absent. */
  writeError?(request: Pick<FormatRequest, 'req' | 'res'>, status: number, message: string): void;
}

export type FormatHandlers = Partial<Record<PackageFormat, FormatHandler>>;
