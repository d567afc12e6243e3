/**
 * CreatePackageGroup: a new group for a pattern (stored in canonical form) in a domain. A pattern the
 * domain already has, in whatever spelling normalises to it, is a ConflictException. The new group
 * inherits every origin restriction from its parent until configured otherwise.
 */
import type { CreatePackageGroupRequest, CreatePackageGroupResult } from '@aws-sdk/client-codeartifact';
import { packageGroupArn } from '../arn';
import type { EngineContext } from '../context';
import { ConflictException } from '../errors';
import { requireDomain } from '../lookups';
import { applyTags, validateTags } from '../tags/resource-tags';
import { packageGroupDescription } from './group-description';
import { findGroup, requireGroup } from './group-records';
import { groupTarget } from './group-target';

export function createPackageGroup(
  ctx: EngineContext,
  input: CreatePackageGroupRequest,
): CreatePackageGroupResult {
  const target = groupTarget(ctx, input);
  const tags = validateTags(input.tags);
  const createdTime = ctx.now().getTime();
  return ctx.store.write((db) => {
    const domain = requireDomain(db, target.domainName, target.owner);
    if (findGroup(db, domain.id, target.text)) {
      throw new ConflictException(
        `Package group '${target.text}' already exists in domain '${domain.name}'.`,
        target.text,
      );
    }
    db.run(
      'INSERT INTO package_groups (domain_id, pattern, description, contact_info, created_time) VALUES (?, ?, ?, ?, ?)',
      [domain.id, target.text, input.description || null, input.contactInfo || null, createdTime],
    );
    const row = requireGroup(db, domain, target.text);
    applyTags(
      db,
      {
        kind: 'package-group',
        id: row.id,
        name: row.pattern,
        arn: packageGroupArn(ctx.config, domain.owner, domain.name, row.pattern),
      },
      tags,
    );
    return { packageGroup: packageGroupDescription(ctx, db, domain, row) };
  });
}
