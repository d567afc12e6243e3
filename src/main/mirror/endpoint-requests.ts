/**
 * What pushing through a remote's package endpoints shares: the endpoint and token, the local files
 * with what their format recorded when they arrived, and requests retried on 429 and 5xx with
 * exponential backoff and jitter, as the AWS SDK does for the API.
 */
import type { VersionMetadata } from '../engine/packages/package-records';
import type { Side, VersionRef } from './inventory';

export interface EndpointAccess {
  readonly endpoint: string;
  readonly token: string;
}

export interface LocalFile {
  readonly name: string;
  readonly sha256: string;
  readonly bytes: Buffer;
}

/** What the local store knows of the version beyond its files. */
export interface PushFacts {
  /** npm dist-tags pointing at the version. */
  readonly distTags: readonly string[];
  /** What the format recorded with a file when it arrived (blob_facts of that kind). */
  readonly fileFact: (file: LocalFile, kind: string) => string | undefined;
  /** The version's metadata as DescribePackageVersion and the readme report it. */
  readonly metadata: () => Promise<VersionMetadata>;
}

export class EndpointError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'EndpointError';
  }
}

const attempts = 6;

function backoff(attempt: number): number {
  return Math.random() * Math.min(20_000, 100 * 2 ** attempt);
}

/** Sends a request, retrying 429 and 5xx; resolves with the body of the successful answer. */
export async function send(url: string, init: RequestInit, signal: AbortSignal): Promise<Buffer> {
  for (let attempt = 1; ; attempt += 1) {
    let response: Response | undefined;
    try {
      response = await fetch(url, { ...init, signal });
    } catch (error) {
      if (signal.aborted || attempt >= attempts) throw error;
    }
    if (response) {
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable || attempt >= attempts) {
        if (response.ok) return Buffer.from(await response.arrayBuffer());
        const text = (await response.text()).slice(0, 500);
        throw new EndpointError(
          `${init.method ?? 'GET'} ${url} answered ${response.status}: ${text}`,
          response.status,
        );
      }
      await response.arrayBuffer().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
  }
}

export function base(endpoint: string): string {
  return endpoint.endsWith('/') ? endpoint : `${endpoint}/`;
}

export function auth(access: EndpointAccess, scheme: 'Bearer' | 'Basic'): string {
  return scheme === 'Bearer'
    ? `Bearer ${access.token}`
    : `Basic ${Buffer.from(`aws:${access.token}`).toString('base64')}`;
}

/** Token and endpoint per repository and format, fetched once per job. */
export type EndpointAccessFor = (repository: string, format: VersionRef['format']) => Promise<EndpointAccess>;

export function endpointAccessCache(remote: Side): EndpointAccessFor {
  let token: Promise<string> | undefined;
  const endpoints = new Map<string, Promise<string>>();
  return async (repository, format) => {
    token ??= remote
      .call('GetAuthorizationToken', {
        domain: remote.domain,
        ...(remote.domainOwner ? { domainOwner: remote.domainOwner } : {}),
      })
      .then((out) => out.authorizationToken ?? '');
    const key = `${repository}\u0000${format}`;
    let endpoint = endpoints.get(key);
    if (!endpoint) {
      endpoint = remote
        .call('GetRepositoryEndpoint', {
          domain: remote.domain,
          ...(remote.domainOwner ? { domainOwner: remote.domainOwner } : {}),
          repository,
          format,
        })
        .then((out) => out.repositoryEndpoint ?? '');
      endpoints.set(key, endpoint);
    }
    return { endpoint: await endpoint, token: await token };
  };
}
