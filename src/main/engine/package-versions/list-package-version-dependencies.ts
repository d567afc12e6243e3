/** ListPackageVersionDependencies: a version's direct dependencies, in the order its metadata lists them. */
import type {
  ListPackageVersionDependenciesRequest,
  ListPackageVersionDependenciesResult,
} from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { decodeNextToken, defaultMaxResults, toPage } from '../pagination';
import { listDependencies } from '../packages/package-records';
import { requireVersionTarget, versionEcho, versionNames } from './version-target';

const listing = 'ListPackageVersionDependencies';

export function listPackageVersionDependencies(
  ctx: EngineContext,
  input: ListPackageVersionDependenciesRequest,
): ListPackageVersionDependenciesResult {
  const request = versionNames(ctx, input);
  // The operation has no maxResults member; pages are the service's default size.
  const size = defaultMaxResults;
  const after = decodeNextToken(listing, input.nextToken, 1);
  return ctx.store.read((db) => {
    const { pkg, version } = requireVersionTarget(db, request);
    const from = Number(after?.[0] ?? -1);
    const rows = listDependencies(db, version)
      .filter((row) => row.position > from)
      .slice(0, size + 1);
    const page = toPage(
      listing,
      rows,
      size,
      (row) => [row.position],
      (row) => ({
        namespace: row.namespace ?? undefined,
        package: row.package,
        dependencyType: row.dependency_type ?? undefined,
        versionRequirement: row.version_requirement ?? undefined,
      }),
    );
    return { ...versionEcho(pkg, version), dependencies: page.items, nextToken: page.nextToken };
  });
}
