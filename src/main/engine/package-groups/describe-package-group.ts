/** DescribePackageGroup: one group of a domain, named by its pattern in any spelling that normalises to it. */
import type { DescribePackageGroupRequest, DescribePackageGroupResult } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { requireDomain } from '../lookups';
import { packageGroupDescription } from './group-description';
import { requireGroup } from './group-records';
import { groupTarget } from './group-target';

export function describePackageGroup(
  ctx: EngineContext,
  input: DescribePackageGroupRequest,
): DescribePackageGroupResult {
  const target = groupTarget(ctx, input);
  return ctx.store.read((db) => {
    const domain = requireDomain(db, target.domainName, target.owner);
    const row = requireGroup(db, domain, target.text);
    return { packageGroup: packageGroupDescription(ctx, db, domain, row) };
  });
}
