/**
 * Small shared expectations about CodeArtifact resources as the spec describes them: ARN formats,
 * timestamps that are real Dates close to now, and paging through list operations.
 */
import { expect } from 'vitest';

export interface Identity {
  accountId: string;
  region: string;
}

export function domainArn(identity: Identity, domain: string): string {
  return `arn:aws:codeartifact:${identity.region}:${identity.accountId}:domain/${domain}`;
}

export function repositoryArn(identity: Identity, domain: string, repository: string): string {
  return `arn:aws:codeartifact:${identity.region}:${identity.accountId}:repository/${domain}/${repository}`;
}

/** A timestamp the SDK parsed into a Date, within `toleranceMs` of the test machine's clock. */
export function expectRecentDate(value: unknown, toleranceMs = 60_000, around = Date.now()): Date {
  expect(value, 'expected a Date').toBeInstanceOf(Date);
  const date = value as Date;
  expect(Number.isNaN(date.getTime()), 'expected a valid Date').toBe(false);
  expect(
    Math.abs(date.getTime() - around),
    `${date.toISOString()} should be within ${toleranceMs} ms of ${new Date(around).toISOString()}`,
  ).toBeLessThanOrEqual(toleranceMs);
  return date;
}

/** A list response page, whichever member holds its items. */
export interface Page<T> {
  items: T[];
  nextToken?: string | undefined;
}

/**
 * Follows nextToken until the last page; fails if a page is larger than `maxResults` or if paging
 * does not end (a server that always returns a token would otherwise loop forever).
 */
export async function collectPages<T>(
  fetchPage: (nextToken: string | undefined) => Promise<Page<T>>,
  maxResults: number,
  maxPages = 100,
): Promise<T[][]> {
  const pages: T[][] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    expect(page.items.length, `page ${pages.length + 1} is larger than maxResults`).toBeLessThanOrEqual(
      maxResults,
    );
    pages.push(page.items);
    token = page.nextToken;
    if (pages.length > maxPages) throw new Error(`paging did not end after ${maxPages} pages`);
  } while (token !== undefined);
  return pages;
}

/** `n` names like `prefix-00`, `prefix-01`, … that sort in creation order. */
export function numberedNames(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}-${String(index).padStart(2, '0')}`);
}
