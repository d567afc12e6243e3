/**
 * HTTP caching of what the format endpoints answer: the one rule for every format.
 *
 * - A **file** named by its version (npm tarball, wheel or sdist, Maven release or timestamped build
 *   file, .crate, .gem, .nupkg, Swift source archive) never changes: its ETag is its SHA-256 and a
 *   client may keep it for a year without asking again (`immutable`). It is `private` because every
 *   request carries the user's token: a shared cache must not hand it to someone else.
 * - A **document** that changes with publishes and status changes (packument, simple page,
 *   maven-metadata.xml, Cargo index file, compact index, NuGet index, Swift listing …) carries an
 *   ETag and `no-cache`: a client may keep it but asks each time, and gets a 304 when nothing changed.
 *   Its ETag is either the kept document's validator (the package generation every write that
 *   changes the document raises, with the document's cache key, so nothing is read or built to
 *   answer a 304) or the MD5 of the bytes about to be sent (the compact index's convention, which
 *   Bundler compares with the file it holds). Either way a change gives another ETag: a 304 never
 *   hides one.
 *
 * A file also carries `Last-Modified`: the time it was stored here (a real modification time: its
 * bytes never change after). A document built from the store has none: its validator is a counter,
 * and what changes it (a delete, a search-order change) leaves no time behind, so `If-Modified-Since`
 * alone gets it whole, which RFC 9110 allows; clients revalidate it with its ETag.
 *
 * Only GET and HEAD answers are cacheable here; `If-None-Match` is compared weakly (RFC 9110 13.1.2).
 * `If-Modified-Since` is used only without `If-None-Match` and only with a valid HTTP-date
 * (RFC 9110 13.1.3; anything else is ignored), compared in whole seconds.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

export type Cacheable = (
  { readonly kind: 'file'; readonly sha256: string } | { readonly kind: 'document'; readonly etag: string }
) & {
  /** When the representation last changed (epoch milliseconds), if the service knows it. */
  readonly lastModified?: number;
};

const fileLifetime = 'private, max-age=31536000, immutable';
const documentLifetime = 'private, no-cache';

/** A file named by its version: ETag from its SHA-256, kept for a year; `stored` is when it arrived. */
export function immutableFile(sha256: string, stored?: number): Cacheable {
  return { kind: 'file', sha256, lastModified: stored };
}

/** A kept document: the ETag of its cache key at the validator the store gives it. */
export function keptDocument(key: string, validator: string): Cacheable {
  const digest = createHash('sha256').update(key).update('\n').update(validator).digest('base64url');
  return { kind: 'document', etag: `"${digest.slice(0, 32)}"` };
}

/** A document whose bytes are at hand: the ETag is their MD5. */
export function documentBytes(body: Buffer): Cacheable {
  return { kind: 'document', etag: `"${createHash('md5').update(body).digest('hex')}"` };
}

/**
 * A document that is the current content of a stored file (a SNAPSHOT alias): ETag from its SHA-256,
 * modified when that file was stored.
 */
export function changingFile(sha256: string, stored?: number): Cacheable {
  return { kind: 'document', etag: `"${sha256}"`, lastModified: stored };
}

function etagOf(cacheable: Cacheable): string {
  return cacheable.kind === 'file' ? `"${cacheable.sha256}"` : cacheable.etag;
}

/** The validator and lifetime headers of an answer. */
export function cachingHeaders(cacheable: Cacheable): OutgoingHttpHeaders {
  return {
    ETag: etagOf(cacheable),
    ...(cacheable.lastModified !== undefined
      ? { 'Last-Modified': new Date(cacheable.lastModified).toUTCString() }
      : {}),
    'Cache-Control': cacheable.kind === 'file' ? fileLifetime : documentLifetime,
  };
}

function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

/** Whether `If-None-Match` names the current representation (weak comparison; `*` matches any). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const current = opaque(etag);
  return header.split(',').some((entry) => {
    const tag = entry.trim();
    return tag === '*' || opaque(tag) === current;
  });
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const month = months.join('|');
const imfFixdate = new RegExp(
  `^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) (${month}) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$`,
);
const rfc850Date = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-(${month})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$`,
);
const asctimeDate = new RegExp(
  `^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${month}) ( \\d|\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})$`,
);

/**
 * An HTTP-date (RFC 9110 5.6.7: IMF-fixdate, or the obsolete RFC 850 and asctime forms) as epoch
 * milliseconds; undefined for anything else, including dates that do not exist (31 Feb).
 */
export function parseHttpDate(text: string): number | undefined {
  let parts: [string, string, string, string, string, string] | undefined;
  let match = imfFixdate.exec(text);
  if (match)
    parts = [match[3] ?? '', match[2] ?? '', match[1] ?? '', match[4] ?? '', match[5] ?? '', match[6] ?? ''];
  else if ((match = rfc850Date.exec(text))) {
    // A two-digit year more than 50 years ahead is in the past century (RFC 9110 5.6.7).
    let year = 2000 + Number(match[3]);
    if (year > new Date().getUTCFullYear() + 50) year -= 100;
    parts = [String(year), match[2] ?? '', match[1] ?? '', match[4] ?? '', match[5] ?? '', match[6] ?? ''];
  } else if ((match = asctimeDate.exec(text)))
    parts = [
      match[6] ?? '',
      match[1] ?? '',
      (match[2] ?? '').trim(),
      match[3] ?? '',
      match[4] ?? '',
      match[5] ?? '',
    ];
  if (!parts) return undefined;
  const [year, monthName, day, hour, minute, second] = parts.map((part, index) =>
    index === 1 ? months.indexOf(part) : Number(part),
  ) as [number, number, number, number, number, number];
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const time = Date.UTC(year, monthName, day, hour, minute, Math.min(second, 59));
  return new Date(time).getUTCDate() === day ? time : undefined;
}

/** Whether `If-Modified-Since` says the client's copy is at least as new as `lastModified`. */
function notModifiedSince(header: string | undefined, lastModified: number | undefined): boolean {
  if (header === undefined || lastModified === undefined) return false;
  const since = parseHttpDate(header.trim());
  return since !== undefined && Math.floor(lastModified / 1000) * 1000 <= since;
}

/**
 * Answers 304 Not Modified, with the same caching headers (and `headers`, e.g. Vary), when the
 * client's copy is current; true when it did. Call after every check that decides whether the
 * client may have the resource at all (token, status), before anything is read or built.
 */
export function answeredNotModified(
  req: IncomingMessage,
  res: ServerResponse,
  cacheable: Cacheable,
  headers: OutgoingHttpHeaders = {},
): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const ifNoneMatch = req.headers['if-none-match'];
  const current =
    ifNoneMatch !== undefined
      ? matchesIfNoneMatch(ifNoneMatch, etagOf(cacheable))
      : notModifiedSince(req.headers['if-modified-since'], cacheable.lastModified);
  if (!current) return false;
  res.writeHead(304, { ...headers, ...cachingHeaders(cacheable) });
  res.end();
  return true;
}

/**
 * Sends a whole answer. A 200 to a GET or HEAD is a document: its caching headers come from
 * `cacheable` (by default the MD5 of `body`), and a client holding it gets a 304. Any other answer
 * (a publish's reply, an error) is `no-cache` with no validator. A HEAD gets the headers only.
 */
export function sendWhole(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  contentType: string,
  body: Buffer,
  options: { readonly cacheable?: Cacheable; readonly headers?: OutgoingHttpHeaders } = {},
): void {
  const read = req.method === 'GET' || req.method === 'HEAD';
  let caching: OutgoingHttpHeaders = { 'Cache-Control': 'no-cache' };
  if (status === 200 && read) {
    const cacheable = options.cacheable ?? documentBytes(body);
    if (answeredNotModified(req, res, cacheable, options.headers)) return;
    caching = cachingHeaders(cacheable);
  }
  res.writeHead(status, {
    ...options.headers,
    'Content-Type': contentType,
    'Content-Length': body.length,
    ...caching,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
