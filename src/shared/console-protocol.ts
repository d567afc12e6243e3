/**
 * The web console's HTTP transport, spelled once for both ends: the routes `serve` answers and the
 * renderer calls, how the console token travels, and how an asset download is addressed.
 *
 * - `POST /console/api/<OperationName>`: body = the operation's input through the wire codec,
 *   header `Authorization: Bearer <token>`; answer = an `Envelope` through the wire codec (HTTP 200
 *   for operation results and operation errors alike; 4xx envelopes for transport refusals).
 * - `GET /console/asset?<assetQuery>`: the asset's bytes with Content-Disposition; same header.
 * - `GET /console/events?token=<token>`: Server-Sent Events, one `AppEvent` (wire codec JSON) per
 *   `data:` line. EventSource cannot set headers, hence the query parameter.
 */
import type { GetPackageVersionAssetRequest } from '@aws-sdk/client-codeartifact';

export const consoleApiPrefix = '/console/api/';
export const consoleAssetPath = '/console/asset';
export const consoleEventsPath = '/console/events';
/** Query parameter of the console URL `serve` prints, and of the events stream. */
export const consoleTokenParam = 'token';
/** Where the page keeps the token after reading it from its URL once. */
export const consoleTokenStorageKey = 'artifact-desk.console-token';
/** Name of the envelope error for a missing or wrong console token (HTTP 401). */
export const consoleUnauthorized = 'UnauthorizedException';

/** GetPackageVersionAsset's members by their query parameter names on `/console/asset`. */
const assetParams = {
  domain: 'domain',
  domainOwner: 'domainOwner',
  repository: 'repository',
  format: 'format',
  namespace: 'namespace',
  package: 'package',
  packageVersion: 'version',
  packageVersionRevision: 'revision',
  asset: 'asset',
} as const satisfies Record<keyof GetPackageVersionAssetRequest, string>;

/** The query string (without `?`) that addresses `request` on `/console/asset`. */
export function assetQuery(request: GetPackageVersionAssetRequest): string {
  const query = new URLSearchParams();
  for (const [member, param] of Object.entries(assetParams) as [keyof typeof assetParams, string][]) {
    const value = request[member];
    if (typeof value === 'string') query.set(param, value);
  }
  return query.toString();
}

/** Reads an asset request back from a query; members absent from the query stay absent. */
export function parseAssetQuery(query: URLSearchParams): Record<string, string> {
  const request: Record<string, string> = {};
  for (const [member, param] of Object.entries(assetParams)) {
    const value = query.get(param);
    if (value !== null) request[member] = value;
  }
  return request;
}
