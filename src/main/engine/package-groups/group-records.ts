/**
 * Data access for package groups: the rows of `package_groups` and of the origin tables of the
 * package-group migration, the lookups every operation starts with (an unknown group is a
 * ResourceNotFoundException naming its pattern), and the hierarchy queries (the groups enclosing a
 * pattern, the groups a pattern encloses). Writes must run inside `ctx.store.write`.
 */
import type {
  PackageGroupOriginRestrictionMode,
  PackageGroupOriginRestrictionType,
} from '@aws-sdk/client-codeartifact';
import { ResourceNotFoundException } from '../errors';
import type { DomainRow } from '../lookups';
import type { Db } from '../../store/types';
import { descendantStem, enclosingPatterns, formatGroupPattern, type GroupPattern } from './group-pattern';

export interface PackageGroupRow {
  readonly id: number;
  readonly domain_id: number;
  readonly pattern: string;
  readonly description: string | null;
  readonly contact_info: string | null;
  readonly created_time: number;
}

export type RestrictionType = PackageGroupOriginRestrictionType;
/** What a group can be set to; INHERIT is stored as the absence of a row. */
export type RestrictionMode = PackageGroupOriginRestrictionMode;
export type DefinedMode = Exclude<RestrictionMode, 'INHERIT'>;

export const restrictionTypes: readonly RestrictionType[] = [
  'PUBLISH',
  'EXTERNAL_UPSTREAM',
  'INTERNAL_UPSTREAM',
];
export const restrictionModes: readonly RestrictionMode[] = [
  'ALLOW',
  'ALLOW_SPECIFIC_REPOSITORIES',
  'BLOCK',
  'INHERIT',
];

export function isRestrictionType(value: unknown): value is RestrictionType {
  return typeof value === 'string' && (restrictionTypes as readonly string[]).includes(value);
}

export function isRestrictionMode(value: unknown): value is RestrictionMode {
  return typeof value === 'string' && (restrictionModes as readonly string[]).includes(value);
}

export function groupNotFound(domain: Pick<DomainRow, 'name'>, pattern: string): ResourceNotFoundException {
  // The error shapes' resourceType has no member for package groups, so it is left out.
  return new ResourceNotFoundException(
    `Package group '${pattern}' does not exist in domain '${domain.name}'.`,
    pattern,
  );
}

export function findGroup(db: Db, domainId: number, pattern: string): PackageGroupRow | undefined {
  return db.get<PackageGroupRow>('SELECT * FROM package_groups WHERE domain_id = ? AND pattern = ?', [
    domainId,
    pattern,
  ]);
}

export function requireGroup(
  db: Db,
  domain: Pick<DomainRow, 'id' | 'name'>,
  pattern: string,
): PackageGroupRow {
  const row = findGroup(db, domain.id, pattern);
  if (!row) throw groupNotFound(domain, pattern);
  return row;
}

/**
 * The groups of the domain whose patterns are among `patterns`, in the order of `patterns` (callers
 * pass candidates most specific first, so the result is a chain from the most specific upwards).
 */
export function groupsAmong(db: Db, domainId: number, patterns: readonly string[]): PackageGroupRow[] {
  if (patterns.length === 0) return [];
  const rows = db.all<PackageGroupRow>(
    `SELECT * FROM package_groups WHERE domain_id = ? AND pattern IN (${patterns.map(() => '?').join(', ')})`,
    [domainId, ...patterns],
  );
  const byPattern = new Map(rows.map((row) => [row.pattern, row]));
  return patterns.flatMap((pattern) => byPattern.get(pattern) ?? []);
}

/** The existing groups that enclose `pattern`, its parent first and the root last. */
export function ancestorsOf(db: Db, domainId: number, pattern: GroupPattern): PackageGroupRow[] {
  return groupsAmong(db, domainId, enclosingPatterns(pattern));
}

/** Every group more specific than `pattern` that it encloses (children, grandchildren, …). */
export function descendantsOf(db: Db, domainId: number, pattern: GroupPattern): PackageGroupRow[] {
  const stem = descendantStem(pattern);
  if (stem === undefined) return [];
  return db.all<PackageGroupRow>(
    `SELECT * FROM package_groups
     WHERE domain_id = ? AND substr(pattern, 1, ?) = ? AND pattern <> ?
     ORDER BY pattern`,
    [domainId, [...stem].length, stem, formatGroupPattern(pattern)],
  );
}

/** The modes a group sets explicitly; a restriction type missing from the map is INHERIT. */
export function definedModes(db: Db, groupId: number): Map<RestrictionType, DefinedMode> {
  const rows = db.all<{ restriction_type: RestrictionType; mode: DefinedMode }>(
    'SELECT restriction_type, mode FROM package_group_restrictions WHERE group_id = ?',
    [groupId],
  );
  return new Map(rows.map((row) => [row.restriction_type, row.mode]));
}

export function setMode(db: Db, groupId: number, type: RestrictionType, mode: RestrictionMode): void {
  if (mode === 'INHERIT') {
    db.run('DELETE FROM package_group_restrictions WHERE group_id = ? AND restriction_type = ?', [
      groupId,
      type,
    ]);
    return;
  }
  db.run(
    `INSERT INTO package_group_restrictions (group_id, restriction_type, mode) VALUES (?, ?, ?)
     ON CONFLICT (group_id, restriction_type) DO UPDATE SET mode = excluded.mode`,
    [groupId, type, mode],
  );
}

/** How many repositories are on each of the group's allowed-repository lists. */
export function allowedRepositoryCounts(db: Db, groupId: number): Map<RestrictionType, number> {
  const rows = db.all<{ restriction_type: RestrictionType; n: number }>(
    `SELECT restriction_type, COUNT(*) AS n FROM package_group_allowed_repositories
     WHERE group_id = ? GROUP BY restriction_type`,
    [groupId],
  );
  return new Map(rows.map((row) => [row.restriction_type, row.n]));
}

export function isRepositoryAllowed(
  db: Db,
  groupId: number,
  type: RestrictionType,
  repositoryId: number,
): boolean {
  return (
    db.get(
      `SELECT 1 AS found FROM package_group_allowed_repositories
       WHERE group_id = ? AND restriction_type = ? AND repository_id = ?`,
      [groupId, type, repositoryId],
    ) !== undefined
  );
}

export function allowRepository(db: Db, groupId: number, type: RestrictionType, repositoryId: number): void {
  db.run(
    `INSERT INTO package_group_allowed_repositories (group_id, restriction_type, repository_id) VALUES (?, ?, ?)
     ON CONFLICT DO NOTHING`,
    [groupId, type, repositoryId],
  );
}

export function disallowRepository(
  db: Db,
  groupId: number,
  type: RestrictionType,
  repositoryId: number,
): void {
  db.run(
    'DELETE FROM package_group_allowed_repositories WHERE group_id = ? AND restriction_type = ? AND repository_id = ?',
    [groupId, type, repositoryId],
  );
}
