/**
 * The metadata documents of external upstreams (npm packuments, PyPI project pages, Maven
 * maven-metadata.xml), kept whole in the store as the upstream sent them. A stored document younger
 * than the TTL is used as it is; an older one is revalidated with If-None-Match / If-Modified-Since
 * (a 304 only refreshes its time); when the upstream cannot be reached or answers with an error,
 * the stored document is used as it is (stale), so a laptop offline keeps every version the
 * upstream listed. An upstream found unreachable is not asked again for a short while, so an
 * offline `npm install` of hundreds of packages does not wait on hundreds of connection attempts.
 * Each document records which repository's external connection uses it, so it goes with the last
 * repository (or connection) that uses it (see migration 11).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Db, Store } from '../store/types';
import { upstreamTimingRules } from '../../shared/upstream-timings';
import {
  fetchUpstream,
  UpstreamResponseError,
  UpstreamUnreachableError,
  type FetchUpstreamOptions,
  type UpstreamResponse,
} from './fetch-upstream';

/**
 * How external fetches behave; timeout and TTL come from `serve --upstream-timeout / --upstream-ttl`
 * or the Settings screen (see upstream-timings-setting).
 */
export interface UpstreamPolicy {
  /** Time allowed for an upstream to start answering (and between chunks of a metadata body). */
  readonly timeoutMs: number;
  /** How long a stored metadata document is used before it is revalidated. */
  readonly ttlMs: number;
  /** How long an upstream found unreachable is considered offline without asking again. */
  readonly offlineMemoMs: number;
}

export const defaultUpstreamPolicy: UpstreamPolicy = {
  timeoutMs: upstreamTimingRules.timeoutSeconds.default * 1000,
  ttlMs: upstreamTimingRules.ttlSeconds.default * 1000,
  offlineMemoMs: 10_000,
};

export interface UpstreamDocument {
  /** 200, or 404 when the upstream has no such document. */
  readonly status: 200 | 404;
  readonly body: string;
  readonly contentType: string;
  /** The URL the body came from after redirects (relative links resolve against it). */
  readonly url: string;
  /** 'stored' when the upstream could not confirm it now (offline or failing). */
  readonly freshness: 'fresh' | 'stored';
  /** Why the upstream could not be asked, when the stored document was used instead. */
  readonly upstreamProblem?: string;
}

interface DocumentRow {
  status: number;
  content_type: string | null;
  final_url: string;
  etag: string | null;
  last_modified: string | null;
  body: Uint8Array;
  validated_time: number;
}

const offlineSince = new Map<string, { at: number; message: string }>();
const inFlight = new Map<string, Promise<UpstreamDocument>>();

/** The upstream's origin is known to be unreachable right now: the reason, else undefined. */
export function knownOffline(url: string, policy: UpstreamPolicy, now = Date.now()): string | undefined {
  const down = offlineSince.get(new URL(url).origin);
  return down && now - down.at < policy.offlineMemoMs ? down.message : undefined;
}

/** Records the outcome of any request to an upstream (documents and files alike). */
export function noteUpstreamReach(url: string, error?: unknown): void {
  const origin = new URL(url).origin;
  if (error instanceof UpstreamUnreachableError)
    offlineSince.set(origin, { at: Date.now(), message: error.message });
  else if (error === undefined) offlineSince.delete(origin);
}

function fromRow(row: DocumentRow, freshness: UpstreamDocument['freshness'], problem?: string) {
  const document: UpstreamDocument = {
    status: row.status === 404 ? 404 : 200,
    body: row.status === 404 ? '' : gunzipSync(row.body).toString('utf8'),
    contentType: row.content_type ?? '',
    url: row.final_url,
    freshness,
    ...(problem ? { upstreamProblem: problem } : {}),
  };
  return document;
}

/** The external connection of a repository that reads a document (and keeps it while it exists). */
export interface DocumentUser {
  readonly domain: string;
  readonly domainOwner: string;
  readonly repository: string;
  readonly connection: string;
}

const userParams = (user: DocumentUser) => [user.domain, user.domainOwner, user.repository, user.connection];

/** The user's (repository id, connection) row, as a sub-select over `userParams`. */
const userRow = `SELECT repositories.id, repository_external_connections.name
  FROM domains
  JOIN repositories ON repositories.domain_id = domains.id
  JOIN repository_external_connections ON repository_external_connections.repository_id = repositories.id
 WHERE domains.name = ? AND domains.owner = ? AND repositories.name = ? AND repository_external_connections.name = ?`;

/**
 * Records that `user` reads the document at `url`; a document that has no user afterwards (the
 * repository or its connection went away meanwhile) is not kept.
 */
function recordUser(db: Db, url: string, user: DocumentUser): void {
  db.run(
    `INSERT OR IGNORE INTO external_document_users (url, repository_id, connection) SELECT ?, * FROM (${userRow})`,
    [url, ...userParams(user)],
  );
  db.run(
    'DELETE FROM external_documents WHERE url = ? AND NOT EXISTS (SELECT 1 FROM external_document_users WHERE url = ?)',
    [url, url],
  );
}

function storedRow(
  store: Store,
  url: string,
  user: DocumentUser,
): (DocumentRow & { used: number }) | undefined {
  return store.read((db) =>
    db.get<DocumentRow & { used: number }>(
      `SELECT status, content_type, final_url, etag, last_modified, body, validated_time,
              EXISTS (SELECT 1 FROM external_document_users
                       WHERE url = external_documents.url AND (repository_id, connection) IN (${userRow})) AS used
         FROM external_documents WHERE url = ?`,
      [...userParams(user), url],
    ),
  );
}

export interface DocumentRequest {
  /** Who reads the document: it is kept as long as one of its users exists. */
  readonly user: DocumentUser;
  readonly headers?: Record<string, string>;
  readonly policy: UpstreamPolicy;
  readonly maxBytes?: number;
  /** Ignore the TTL and ask the upstream now (still falling back to the stored one). */
  readonly revalidate?: boolean;
}

/**
 * The upstream document at `url`. Rejects with UpstreamUnreachableError or UpstreamResponseError
 * only when nothing is stored for it.
 */
export function upstreamDocument(
  store: Store,
  url: string,
  request: DocumentRequest,
): Promise<UpstreamDocument> {
  const row = storedRow(store, url, request.user);
  if (row && !row.used) store.write((db) => recordUser(db, url, request.user));
  const now = Date.now();
  if (row && !request.revalidate && now - row.validated_time < request.policy.ttlMs)
    return Promise.resolve(fromRow(row, 'fresh'));
  const running = inFlight.get(url);
  if (running)
    return running.then((document) => {
      store.write((db) => recordUser(db, url, request.user));
      return document;
    });
  const task = refresh(store, url, row, request).finally(() => inFlight.delete(url));
  inFlight.set(url, task);
  return task;
}

async function refresh(
  store: Store,
  url: string,
  row: DocumentRow | undefined,
  request: DocumentRequest,
): Promise<UpstreamDocument> {
  const offline = knownOffline(url, request.policy);
  if (offline) {
    if (row) return fromRow(row, 'stored', offline);
    throw new UpstreamUnreachableError(offline);
  }
  const headers: Record<string, string> = { ...request.headers };
  if (row?.etag) headers['If-None-Match'] = row.etag;
  if (row?.last_modified) headers['If-Modified-Since'] = row.last_modified;
  let status: number;
  let body = '';
  let contentType = '';
  let finalUrl = url;
  let etag: string | null = null;
  let lastModified: string | null = null;
  try {
    const response = await fetchUpstream(url, {
      headers,
      timeoutMs: request.policy.timeoutMs,
      idleTimeoutMs: request.policy.timeoutMs,
    });
    status = response.status;
    if (status === 200) {
      body = await response.text(request.maxBytes);
      contentType = response.headers.get('content-type') ?? '';
      finalUrl = response.url || url;
      etag = response.headers.get('etag');
      lastModified = response.headers.get('last-modified');
    } else {
      response.body.resume();
    }
    noteUpstreamReach(url);
  } catch (error) {
    noteUpstreamReach(url, error);
    if (row && (error instanceof UpstreamUnreachableError || error instanceof UpstreamResponseError))
      return fromRow(row, 'stored', error.message);
    throw error;
  }
  const now = Date.now();
  if (status === 304 && row) {
    store.write((db) => db.run('UPDATE external_documents SET validated_time = ? WHERE url = ?', [now, url]));
    return fromRow({ ...row, validated_time: now }, 'fresh');
  }
  if (status !== 200 && status !== 404) {
    // Anything else that resolved (a 304 to a request without validators) is the upstream's fault.
    throw new UpstreamResponseError(`The upstream answered ${status} for ${url}.`, 502);
  }
  const stored: DocumentRow = {
    status,
    content_type: contentType,
    final_url: finalUrl,
    etag,
    last_modified: lastModified,
    body: status === 200 ? gzipSync(Buffer.from(body, 'utf8')) : new Uint8Array(0),
    validated_time: now,
  };
  store.write((db) => {
    db.run(
      `INSERT INTO external_documents (url, status, content_type, final_url, etag, last_modified, body, fetched_time, validated_time)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (url) DO UPDATE SET status = excluded.status, content_type = excluded.content_type,
         final_url = excluded.final_url, etag = excluded.etag, last_modified = excluded.last_modified,
         body = excluded.body, fetched_time = excluded.fetched_time, validated_time = excluded.validated_time`,
      [url, status, contentType, finalUrl, etag, lastModified, stored.body, now, now],
    );
    recordUser(db, url, request.user);
  });
  return {
    status: status === 404 ? 404 : 200,
    body,
    contentType,
    url: finalUrl,
    freshness: 'fresh',
  };
}

/**
 * Fetches a file (a tarball, a wheel, a jar) from an upstream within the policy's timeout; an
 * upstream found offline a moment ago fails at once instead of waiting for another timeout.
 */
export async function fetchUpstreamFile(
  url: string,
  policy: UpstreamPolicy,
  options: Omit<FetchUpstreamOptions, 'timeoutMs'> = {},
): Promise<UpstreamResponse> {
  const offline = knownOffline(url, policy);
  if (offline) throw new UpstreamUnreachableError(offline);
  try {
    const response = await fetchUpstream(url, { ...options, timeoutMs: policy.timeoutMs });
    noteUpstreamReach(url);
    return response;
  } catch (error) {
    noteUpstreamReach(url, error);
    throw error;
  }
}

/** Forgets which upstreams were found offline (tests that restart an upstream). */
export function forgetUpstreamReach(): void {
  offlineSince.clear();
}
