/**
 * UpdatePackageGroupOriginConfiguration: sets the mode of any of the three restriction types
 * (types left out keep theirs) and adds repositories to or removes them from the allowed-repository
 * list of a type. The lists are kept whatever the mode; they count only while the type's mode is
 * ALLOW_SPECIFIC_REPOSITORIES (for the group itself, or for the groups that inherit it).
 *
 * `allowedRepositoryUpdates` reports, per restriction type, the repositories the request added and
 * removed (each once, in request order).
 */
import type {
  PackageGroupAllowedRepository,
  UpdatePackageGroupOriginConfigurationRequest,
  UpdatePackageGroupOriginConfigurationResult,
} from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import { requireDomain, requireRepository } from '../lookups';
import { packageGroupDescription } from './group-description';
import {
  allowRepository,
  disallowRepository,
  isRestrictionMode,
  isRestrictionType,
  requireGroup,
  restrictionModes,
  restrictionTypes,
  setMode,
  type RestrictionMode,
  type RestrictionType,
} from './group-records';
import { groupTarget } from './group-target';

interface AllowedRepositoryChange {
  readonly type: RestrictionType;
  readonly repositoryName: string;
}

function restrictionsOf(
  input: UpdatePackageGroupOriginConfigurationRequest,
): [RestrictionType, RestrictionMode][] {
  const restrictions = input.restrictions ?? {};
  if (typeof restrictions !== 'object' || Array.isArray(restrictions)) {
    throw new ValidationException('restrictions must be a map from restriction type to mode.');
  }
  return Object.entries(restrictions).map(([type, mode]) => {
    if (!isRestrictionType(type)) {
      throw new ValidationException(
        `'${type}' is not an origin restriction type; expected one of ${restrictionTypes.join(', ')}.`,
      );
    }
    if (!isRestrictionMode(mode)) {
      throw new ValidationException(
        `'${String(mode)}' is not a mode for ${type}; expected one of ${restrictionModes.join(', ')}.`,
      );
    }
    return [type, mode];
  });
}

function changesOf(
  member: string,
  items: readonly PackageGroupAllowedRepository[] | undefined,
): AllowedRepositoryChange[] {
  const seen = new Set<string>();
  const changes: AllowedRepositoryChange[] = [];
  for (const item of items ?? []) {
    const type = item?.originRestrictionType;
    const repositoryName = item?.repositoryName;
    if (!isRestrictionType(type)) {
      throw new ValidationException(
        `Every entry of ${member} needs an originRestrictionType: one of ${restrictionTypes.join(', ')}.`,
      );
    }
    if (typeof repositoryName !== 'string' || repositoryName === '') {
      throw new ValidationException(`Every entry of ${member} needs a repositoryName.`);
    }
    const key = `${type}\n${repositoryName}`;
    if (seen.has(key)) continue;
    seen.add(key);
    changes.push({ type, repositoryName });
  }
  return changes;
}

export function updatePackageGroupOriginConfiguration(
  ctx: EngineContext,
  input: UpdatePackageGroupOriginConfigurationRequest,
): UpdatePackageGroupOriginConfigurationResult {
  const target = groupTarget(ctx, input);
  const restrictions = restrictionsOf(input);
  const added = changesOf('addAllowedRepositories', input.addAllowedRepositories);
  const removed = changesOf('removeAllowedRepositories', input.removeAllowedRepositories);
  for (const change of added) {
    if (
      removed.some((other) => other.type === change.type && other.repositoryName === change.repositoryName)
    ) {
      throw new ValidationException(
        `Repository '${change.repositoryName}' is both added to and removed from the ${change.type} allowed repositories.`,
      );
    }
  }
  return ctx.store.write((db) => {
    const domain = requireDomain(db, target.domainName, target.owner);
    const group = requireGroup(db, domain, target.text);
    for (const [type, mode] of restrictions) setMode(db, group.id, type, mode);
    const updates: Record<string, Record<string, string[]>> = {};
    const record = (type: RestrictionType, kind: 'ADDED' | 'REMOVED', name: string): void => {
      const forType = (updates[type] ??= {});
      (forType[kind] ??= []).push(name);
    };
    for (const change of added) {
      const repository = requireRepository(db, domain, change.repositoryName);
      allowRepository(db, group.id, change.type, repository.id);
      record(change.type, 'ADDED', repository.name);
    }
    for (const change of removed) {
      const repository = requireRepository(db, domain, change.repositoryName);
      disallowRepository(db, group.id, change.type, repository.id);
      record(change.type, 'REMOVED', repository.name);
    }
    return {
      packageGroup: packageGroupDescription(ctx, db, domain, group),
      allowedRepositoryUpdates: updates,
    };
  });
}
