/** DescribePackage: a package of a repository and its origin configuration. */
import type { DescribePackageRequest, DescribePackageResult } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { packageDescription } from './package-description';
import { requirePackage } from './package-records';
import { packageOf, repositoryNames, requireTarget } from './package-target';

export function describePackage(ctx: EngineContext, input: DescribePackageRequest): DescribePackageResult {
  const names = repositoryNames(ctx, input);
  const coordinates = packageOf(input);
  return ctx.store.read((db) => {
    const { repository } = requireTarget(db, names);
    return { package: packageDescription(requirePackage(db, repository, coordinates)) };
  });
}
