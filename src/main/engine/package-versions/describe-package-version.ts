/** DescribePackageVersion: every field of PackageVersionDescription the engine records. */
import type {
  DescribePackageVersionRequest,
  DescribePackageVersionResult,
} from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { versionDescription } from './version-description';
import { requireVersionTarget, versionNames } from './version-target';

export function describePackageVersion(
  ctx: EngineContext,
  input: DescribePackageVersionRequest,
): DescribePackageVersionResult {
  const request = versionNames(ctx, input);
  return ctx.store.read((db) => {
    const { pkg, version } = requireVersionTarget(db, request);
    return { packageVersion: versionDescription(db, pkg, version) };
  });
}
