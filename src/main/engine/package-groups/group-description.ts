/**
 * PackageGroupDescription and PackageGroupSummary built from a group row: identity, parent (the most
 * specific other group enclosing it) and the origin configuration with every restriction type's mode,
 * effective mode, where an inherited mode comes from, and the size of its allowed-repository list.
 */
import type {
  PackageGroupDescription,
  PackageGroupOriginConfiguration,
  PackageGroupOriginRestriction,
  PackageGroupReference,
  PackageGroupSummary,
} from '@aws-sdk/client-codeartifact';
import { packageGroupArn } from '../arn';
import type { EngineContext } from '../context';
import { toDate, type DomainRow } from '../lookups';
import type { Db } from '../../store/types';
import { parseGroupPattern } from './group-pattern';
import {
  allowedRepositoryCounts,
  ancestorsOf,
  restrictionTypes,
  type PackageGroupRow,
} from './group-records';
import { resolveRestrictions } from './origin-restrictions';

type DomainIdentity = Pick<DomainRow, 'id' | 'name' | 'owner'>;

export function groupReference(
  ctx: EngineContext,
  domain: DomainIdentity,
  row: Pick<PackageGroupRow, 'pattern'>,
): PackageGroupReference {
  return { arn: packageGroupArn(ctx.config, domain.owner, domain.name, row.pattern), pattern: row.pattern };
}

function originConfiguration(
  ctx: EngineContext,
  db: Db,
  domain: DomainIdentity,
  chain: readonly PackageGroupRow[],
): PackageGroupOriginConfiguration {
  const [group] = chain;
  if (!group) throw new Error('an origin configuration needs its group');
  const resolved = resolveRestrictions(db, chain);
  const counts = allowedRepositoryCounts(db, group.id);
  const restrictions: Record<string, PackageGroupOriginRestriction> = {};
  for (const type of restrictionTypes) {
    const { mode, effectiveMode, inheritedFrom } = resolved[type];
    restrictions[type] = {
      mode,
      effectiveMode,
      inheritedFrom: inheritedFrom && groupReference(ctx, domain, inheritedFrom),
      repositoriesCount: counts.get(type) ?? 0,
    };
  }
  return { restrictions };
}

export function packageGroupDescription(
  ctx: EngineContext,
  db: Db,
  domain: DomainIdentity,
  row: PackageGroupRow,
): PackageGroupDescription {
  const chain = [row, ...ancestorsOf(db, domain.id, parseGroupPattern(row.pattern))];
  const parent = chain[1];
  return {
    arn: packageGroupArn(ctx.config, domain.owner, domain.name, row.pattern),
    pattern: row.pattern,
    domainName: domain.name,
    domainOwner: domain.owner,
    createdTime: toDate(row.created_time),
    contactInfo: row.contact_info ?? undefined,
    description: row.description ?? undefined,
    originConfiguration: originConfiguration(ctx, db, domain, chain),
    parent: parent && groupReference(ctx, domain, parent),
  };
}

/** The summary carries the same members as the description. */
export function packageGroupSummary(
  ctx: EngineContext,
  db: Db,
  domain: DomainIdentity,
  row: PackageGroupRow,
): PackageGroupSummary {
  return packageGroupDescription(ctx, db, domain, row);
}
