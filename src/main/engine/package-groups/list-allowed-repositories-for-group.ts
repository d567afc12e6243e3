/**
 * ListAllowedRepositoriesForGroup: the repositories on a group's allowed-repository list for one
 * restriction type, sorted by name, in pages.
 */
import type {
  ListAllowedRepositoriesForGroupRequest,
  ListAllowedRepositoriesForGroupResult,
} from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import { requireDomain } from '../lookups';
import { decodeNextToken, pageSize, toPage } from '../pagination';
import { isRestrictionType, requireGroup, restrictionTypes } from './group-records';
import { groupTarget } from './group-target';

export function listAllowedRepositoriesForGroup(
  ctx: EngineContext,
  input: ListAllowedRepositoriesForGroupRequest,
): ListAllowedRepositoriesForGroupResult {
  const listing = 'ListAllowedRepositoriesForGroup';
  const target = groupTarget(ctx, input);
  const type = input.originRestrictionType;
  if (!isRestrictionType(type)) {
    throw new ValidationException(
      `originRestrictionType is required and must be one of ${restrictionTypes.join(', ')}.`,
    );
  }
  const size = pageSize(input.maxResults);
  const after = String(decodeNextToken(listing, input.nextToken, 1)?.[0] ?? '');
  return ctx.store.read((db) => {
    const domain = requireDomain(db, target.domainName, target.owner);
    const group = requireGroup(db, domain, target.text);
    const rows = db.all<{ name: string }>(
      `SELECT r.name FROM package_group_allowed_repositories a JOIN repositories r ON r.id = a.repository_id
       WHERE a.group_id = ? AND a.restriction_type = ? AND r.name > ?
       ORDER BY r.name LIMIT ?`,
      [group.id, type, after, size + 1],
    );
    const page = toPage(
      listing,
      rows,
      size,
      (row) => [row.name],
      (row) => row.name,
    );
    return { allowedRepositories: page.items, nextToken: page.nextToken };
  });
}
