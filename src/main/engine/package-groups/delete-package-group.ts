/**
 * DeletePackageGroup. The group's packages stay where they are and from then on belong to the next
 * most specific group; its direct children become children of its parent and inherit from there
 * (both follow from the hierarchy being derived from the patterns that exist). Its origin settings,
 * allowed-repository lists, policy and tags go with it. The root group `/*` cannot be deleted.
 */
import type { DeletePackageGroupRequest, DeletePackageGroupResult } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import { requireDomain } from '../lookups';
import { forgetResource } from '../resources';
import { packageGroupDescription } from './group-description';
import { rootPattern } from './group-pattern';
import { requireGroup } from './group-records';
import { groupTarget } from './group-target';

export function deletePackageGroup(
  ctx: EngineContext,
  input: DeletePackageGroupRequest,
): DeletePackageGroupResult {
  const target = groupTarget(ctx, input);
  if (target.text === rootPattern) {
    throw new ValidationException(`The root package group '${rootPattern}' of a domain cannot be deleted.`);
  }
  return ctx.store.write((db) => {
    const domain = requireDomain(db, target.domainName, target.owner);
    const row = requireGroup(db, domain, target.text);
    const description = packageGroupDescription(ctx, db, domain, row);
    forgetResource(db, 'package-group', row.id);
    // Restrictions and allowed-repository lists go by cascade.
    db.run('DELETE FROM package_groups WHERE id = ?', [row.id]);
    return { packageGroup: description };
  });
}
