/**
 * Keyset pagination for the list operations. A next token is the base64url of the last key a page
 * returned, tagged with the listing it belongs to, so the next page starts strictly after that key:
 * items added or removed between calls never make a page skip or repeat an item.
 */
import { ValidationException } from './errors';

/** The API reference states no default page size; 100 keeps a default page small and cheap. */
export const defaultMaxResults = 100;
export const maxMaxResults = 1000;

export type PageKey = readonly (string | number)[];

export function pageSize(maxResults: number | undefined): number {
  if (maxResults === undefined) return defaultMaxResults;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > maxMaxResults) {
    throw new ValidationException(`maxResults must be an integer from 1 to ${maxMaxResults}.`);
  }
  return maxResults;
}

export function encodeNextToken(listing: string, key: PageKey): string {
  return Buffer.from(JSON.stringify({ l: listing, k: key }), 'utf8').toString('base64url');
}

/**
 * Returns the key the previous page ended with, or undefined for the first page. A token that was not
 * issued for this listing (or not by this service) is a ValidationException, never a silent restart.
 */
export function decodeNextToken(
  listing: string,
  token: string | undefined,
  arity: number,
): PageKey | undefined {
  if (token === undefined) return undefined;
  const invalid = () => new ValidationException('The nextToken is not valid for this request.');
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof decoded !== 'object' || decoded === null) throw invalid();
  const { l, k } = decoded as { l?: unknown; k?: unknown };
  if (l !== listing || !Array.isArray(k) || k.length !== arity) throw invalid();
  if (!k.every((part) => typeof part === 'string' || (typeof part === 'number' && Number.isFinite(part)))) {
    throw invalid();
  }
  return k as PageKey;
}

/**
 * Turns the rows of a query that asked for `size + 1` rows into one page: the extra row only tells
 * that another page exists.
 */
export function toPage<R, T>(
  listing: string,
  rows: readonly R[],
  size: number,
  keyOf: (row: R) => PageKey,
  map: (row: R) => T,
): { items: T[]; nextToken: string | undefined } {
  const pageRows = rows.slice(0, size);
  const last = pageRows[pageRows.length - 1];
  const nextToken =
    rows.length > size && last !== undefined ? encodeNextToken(listing, keyOf(last)) : undefined;
  return { items: pageRows.map(map), nextToken };
}
