/**
 * ListPackageGroups (every group of a domain whose pattern starts with `prefix`) and
 * ListSubPackageGroups (the direct children of a group: the groups whose parent it is), both sorted
 * by pattern, in pages.
 */
import type {
  ListPackageGroupsRequest,
  ListPackageGroupsResult,
  ListSubPackageGroupsRequest,
  ListSubPackageGroupsResult,
} from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { requireMember } from '../input';
import { domainOwnerOf, requireDomain } from '../lookups';
import { decodeNextToken, pageSize, toPage } from '../pagination';
import { packageGroupSummary } from './group-description';
import { enclosingPatterns, parseGroupPattern } from './group-pattern';
import { descendantsOf, requireGroup, type PackageGroupRow } from './group-records';
import { groupTarget } from './group-target';

export function listPackageGroups(
  ctx: EngineContext,
  input: ListPackageGroupsRequest,
): ListPackageGroupsResult {
  const listing = 'ListPackageGroups';
  const domainName = requireMember(input.domain, 'domain');
  const owner = domainOwnerOf(ctx, input.domainOwner);
  const size = pageSize(input.maxResults);
  const after = String(decodeNextToken(listing, input.nextToken, 1)?.[0] ?? '');
  const prefix = input.prefix ?? '';
  return ctx.store.read((db) => {
    const domain = requireDomain(db, domainName, owner);
    // An exact, case-sensitive prefix (LIKE is neither).
    const rows = db.all<PackageGroupRow>(
      `SELECT * FROM package_groups
       WHERE domain_id = ? AND pattern > ? AND substr(pattern, 1, ?) = ?
       ORDER BY pattern LIMIT ?`,
      [domain.id, after, [...prefix].length, prefix, size + 1],
    );
    const page = toPage(
      listing,
      rows,
      size,
      (row) => [row.pattern],
      (row) => packageGroupSummary(ctx, db, domain, row),
    );
    return { packageGroups: page.items, nextToken: page.nextToken };
  });
}

/**
 * The groups among `descendants` whose parent is `group`. A descendant's parent is the most specific
 * existing group enclosing it, and that is either `group` or another descendant, so the descendants
 * alone decide it.
 */
export function directChildren(
  group: PackageGroupRow,
  descendants: readonly PackageGroupRow[],
): PackageGroupRow[] {
  const existing = new Set([group.pattern, ...descendants.map((row) => row.pattern)]);
  return descendants.filter((row) => {
    const parent = enclosingPatterns(parseGroupPattern(row.pattern)).find((candidate) =>
      existing.has(candidate),
    );
    return parent === group.pattern;
  });
}

export function listSubPackageGroups(
  ctx: EngineContext,
  input: ListSubPackageGroupsRequest,
): ListSubPackageGroupsResult {
  const listing = 'ListSubPackageGroups';
  const target = groupTarget(ctx, input);
  const size = pageSize(input.maxResults);
  const after = String(decodeNextToken(listing, input.nextToken, 1)?.[0] ?? '');
  return ctx.store.read((db) => {
    const domain = requireDomain(db, target.domainName, target.owner);
    const group = requireGroup(db, domain, target.text);
    // Sorted by pattern already; the page starts after the last pattern of the previous one.
    const children = directChildren(group, descendantsOf(db, domain.id, target.pattern)).filter(
      // SQLite orders text by its UTF-8 bytes; compare the same way.
      (row) => Buffer.compare(Buffer.from(row.pattern, 'utf8'), Buffer.from(after, 'utf8')) > 0,
    );
    const page = toPage(
      listing,
      children.slice(0, size + 1),
      size,
      (row) => [row.pattern],
      (row) => packageGroupSummary(ctx, db, domain, row),
    );
    return { packageGroups: page.items, nextToken: page.nextToken };
  });
}
