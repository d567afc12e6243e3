/**
 * The origin controls a package's group imposes, as the rest of the engine asks for them: which group
 * a package belongs to, the effective mode of each restriction type (INHERIT resolved up the chain of
 * enclosing groups; the root's INHERIT means ALLOW), and whether a version may enter a given
 * repository by publishing (PUBLISH), from an upstream repository (INTERNAL_UPSTREAM) or from an
 * external connection (EXTERNAL_UPSTREAM).
 *
 * These checks apply next to the package's own origin configuration: a version enters a repository
 * only when both allow it.
 */
import { AccessDeniedException } from '../errors';
import type { DomainRow, RepositoryRow } from '../lookups';
import { describeCoordinates, type PackageCoordinates } from '../packages/package-coordinates';
import type { Db } from '../../store/types';
import { patternsMatching } from './group-pattern';
import {
  groupsAmong,
  isRepositoryAllowed,
  type DefinedMode,
  type PackageGroupRow,
  type RestrictionMode,
  type RestrictionType,
} from './group-records';

export interface ResolvedRestriction {
  /** What the group itself is set to. */
  readonly mode: RestrictionMode;
  /** What applies: the mode of the first group up the chain that does not INHERIT, or ALLOW. */
  readonly effectiveMode: DefinedMode;
  /**
   * The group whose setting applies (and whose allowed-repository list counts for
   * ALLOW_SPECIFIC_REPOSITORIES): the group itself unless it inherits.
   */
  readonly source: PackageGroupRow;
  /** Set when the group inherits: the ancestor the effective mode comes from (the root at the latest). */
  readonly inheritedFrom?: PackageGroupRow;
}

export type ResolvedRestrictions = Readonly<Record<RestrictionType, ResolvedRestriction>>;

/**
 * Resolves the three restriction types for `chain[0]`, given the group followed by every group that
 * encloses it, parent first and root last.
 */
export function resolveRestrictions(db: Db, chain: readonly PackageGroupRow[]): ResolvedRestrictions {
  const [group] = chain;
  if (!group) throw new Error('a restriction chain needs at least the group itself');
  const rows = db.all<{ group_id: number; restriction_type: RestrictionType; mode: DefinedMode }>(
    `SELECT group_id, restriction_type, mode FROM package_group_restrictions
     WHERE group_id IN (${chain.map(() => '?').join(', ')})`,
    chain.map((row) => row.id),
  );
  const modeOf = (groupId: number, type: RestrictionType): DefinedMode | undefined =>
    rows.find((row) => row.group_id === groupId && row.restriction_type === type)?.mode;
  const resolve = (type: RestrictionType): ResolvedRestriction => {
    const own = modeOf(group.id, type);
    if (own !== undefined) return { mode: own, effectiveMode: own, source: group };
    for (const ancestor of chain.slice(1)) {
      const mode = modeOf(ancestor.id, type);
      if (mode !== undefined)
        return { mode: 'INHERIT', effectiveMode: mode, source: ancestor, inheritedFrom: ancestor };
    }
    // Nobody up the chain decides: the root's default lets everything in.
    const root = chain[chain.length - 1] ?? group;
    return root === group
      ? { mode: 'INHERIT', effectiveMode: 'ALLOW', source: group }
      : { mode: 'INHERIT', effectiveMode: 'ALLOW', source: root, inheritedFrom: root };
  };
  return {
    PUBLISH: resolve('PUBLISH'),
    EXTERNAL_UPSTREAM: resolve('EXTERNAL_UPSTREAM'),
    INTERNAL_UPSTREAM: resolve('INTERNAL_UPSTREAM'),
  };
}

/**
 * The groups that match a package, most specific first: the package's own group (its STRONG
 * association), then its parent, and so on up to the root. Works for packages that do not exist.
 */
export function groupChainOf(
  db: Db,
  domain: Pick<DomainRow, 'id'>,
  pkg: PackageCoordinates,
): PackageGroupRow[] {
  return groupsAmong(db, domain.id, patternsMatching(pkg));
}

/** The most specific group matching the package (the root `/*` when nothing else does). */
export function associatedGroup(
  db: Db,
  domain: Pick<DomainRow, 'id'>,
  pkg: PackageCoordinates,
): PackageGroupRow | undefined {
  return groupChainOf(db, domain, pkg)[0];
}

export interface EffectiveGroupRestrictions {
  /** The package's group; undefined only for a domain without a root group, where nothing restricts. */
  readonly group?: PackageGroupRow;
  readonly restrictions: Readonly<
    Record<RestrictionType, { readonly effectiveMode: DefinedMode; readonly source?: PackageGroupRow }>
  >;
}

/** The effective mode of each restriction type for a package (existing or not) of the domain. */
export function effectiveGroupRestrictions(
  db: Db,
  domain: Pick<DomainRow, 'id'>,
  pkg: PackageCoordinates,
): EffectiveGroupRestrictions {
  const chain = groupChainOf(db, domain, pkg);
  if (chain.length === 0) {
    const allow = { effectiveMode: 'ALLOW' } as const;
    return { restrictions: { PUBLISH: allow, EXTERNAL_UPSTREAM: allow, INTERNAL_UPSTREAM: allow } };
  }
  return { group: chain[0], restrictions: resolveRestrictions(db, chain) };
}

const entryWords: Record<RestrictionType, string> = {
  PUBLISH: 'publishing',
  EXTERNAL_UPSTREAM: 'ingesting from external connections',
  INTERNAL_UPSTREAM: 'retaining versions from upstream repositories',
};

/**
 * Why the package's group keeps a version from entering `repository` by the given route, or
 * undefined when the group allows it. The message names the group and where its setting comes from.
 */
export function groupOriginRefusal(
  db: Db,
  domain: Pick<DomainRow, 'id'>,
  repository: Pick<RepositoryRow, 'id' | 'name'>,
  pkg: PackageCoordinates,
  type: RestrictionType,
): string | undefined {
  const { group, restrictions } = effectiveGroupRestrictions(db, domain, pkg);
  const { effectiveMode, source } = restrictions[type];
  if (!group || !source || effectiveMode === 'ALLOW') return undefined;
  if (
    effectiveMode === 'ALLOW_SPECIFIC_REPOSITORIES' &&
    isRepositoryAllowed(db, source.id, type, repository.id)
  ) {
    return undefined;
  }
  const setting =
    source.id === group.id
      ? `${type}: ${effectiveMode}`
      : `${type}: ${effectiveMode}, inherited from '${source.pattern}'`;
  const what =
    effectiveMode === 'BLOCK'
      ? `blocks ${entryWords[type]}`
      : `allows ${entryWords[type]} only in specific repositories, and '${repository.name}' is not one of them`;
  return `Package group '${group.pattern}' of ${describeCoordinates(pkg)} (${pkg.format}) ${what} (${setting}).`;
}

/** Whether the package's group lets a version enter `repository` by the given route. */
export function isOriginAllowed(
  db: Db,
  domain: Pick<DomainRow, 'id'>,
  repository: Pick<RepositoryRow, 'id' | 'name'>,
  pkg: PackageCoordinates,
  type: RestrictionType,
): boolean {
  return groupOriginRefusal(db, domain, repository, pkg, type) === undefined;
}

/**
 * For publishing paths: refuses a publish the package's group does not allow with the error a
 * package-level `publish: BLOCK` gives (AccessDeniedException, which format endpoints answer with 403).
 */
export function assertGroupAllowsPublish(
  db: Db,
  domain: Pick<DomainRow, 'id'>,
  repository: Pick<RepositoryRow, 'id' | 'name'>,
  pkg: PackageCoordinates,
): void {
  const refusal = groupOriginRefusal(db, domain, repository, pkg, 'PUBLISH');
  if (refusal !== undefined) {
    throw new AccessDeniedException(`Publishing to repository '${repository.name}' is refused: ${refusal}`);
  }
}
