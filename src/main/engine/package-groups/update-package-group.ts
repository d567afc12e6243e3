/**
 * UpdatePackageGroup: changes a group's description and contact information. A member given replaces
 * the old value (an empty string clears it); a member left out keeps it. The pattern and the origin
 * configuration are changed elsewhere (a pattern never changes; see
 * UpdatePackageGroupOriginConfiguration).
 */
import type { UpdatePackageGroupRequest, UpdatePackageGroupResult } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { requireDomain } from '../lookups';
import { packageGroupDescription } from './group-description';
import { requireGroup } from './group-records';
import { groupTarget } from './group-target';

export function updatePackageGroup(
  ctx: EngineContext,
  input: UpdatePackageGroupRequest,
): UpdatePackageGroupResult {
  const target = groupTarget(ctx, input);
  return ctx.store.write((db) => {
    const domain = requireDomain(db, target.domainName, target.owner);
    let row = requireGroup(db, domain, target.text);
    if (input.description !== undefined) {
      db.run('UPDATE package_groups SET description = ? WHERE id = ?', [input.description || null, row.id]);
    }
    if (input.contactInfo !== undefined) {
      db.run('UPDATE package_groups SET contact_info = ? WHERE id = ?', [input.contactInfo || null, row.id]);
    }
    row = requireGroup(db, domain, target.text);
    return { packageGroup: packageGroupDescription(ctx, db, domain, row) };
  });
}
