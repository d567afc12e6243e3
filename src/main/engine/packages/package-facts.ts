/**
 * Facts for a package's page that the CodeArtifact API has no single call for, read in one store
 * transaction: each version's total asset size and publish time, the packages of the same repository whose versions
 * depend on it ("used by"), and for each dependency the repository of the search order (this one,
 * then its upstreams) that holds it, so the page can link to it.
 */
import type { PackageFacts, PackageFactsRequest, PackageName } from '../../../shared/app-operations';
import type { EngineContext } from '../context';
import { searchOrder } from '../upstreams/search-order';
import { dependencyEntryColumn } from './dependency-lists';
import { namespaceOf, packageCoordinates, type PackageCoordinates } from './package-coordinates';
import { findPackage } from './package-records';
import { packageOf, repositoryNames, requireTarget } from './package-target';

const maxDependencies = 500;

export function readPackageFacts(ctx: EngineContext, request: PackageFactsRequest): PackageFacts {
  const names = repositoryNames(ctx, request);
  const coordinates = packageOf(request);
  const wanted = (request.dependencies ?? []).slice(0, maxDependencies);
  return ctx.store.read((db) => {
    const { repository } = requireTarget(db, names);
    const pkg = findPackage(db, repository.id, coordinates);
    const sizes: Record<string, number> = {};
    const publishedTimes: Record<string, number> = {};
    if (pkg) {
      for (const row of db.all<{ version: string; size: number; published: number }>(
        `SELECT v.version AS version, v.published_time AS published, COALESCE(SUM(b.size), 0) AS size
         FROM package_versions v
         LEFT JOIN package_version_assets a ON a.version_id = v.id
         LEFT JOIN domain_blobs b ON b.domain_id = a.domain_id AND b.sha256 = a.sha256
         WHERE v.package_id = ? GROUP BY v.id`,
        [pkg.id],
      )) {
        sizes[row.version] = row.size;
        publishedTimes[row.version] = row.published;
      }
    }
    const usedBy = db
      .all<{ namespace: string; name: string }>(
        // The lists naming the package are found first (each distinct list is read once), then
        // the versions of this repository that use one of them.
        `WITH naming AS (
           SELECT l.id FROM dependency_lists l
           WHERE EXISTS (SELECT 1 FROM json_each(l.entries) e
             WHERE ${dependencyEntryColumn('e.value', 'package')} = ?
               AND COALESCE(${dependencyEntryColumn('e.value', 'namespace')}, '') = ?))
         SELECT DISTINCT p.namespace AS namespace, p.name AS name
         FROM packages p
         JOIN package_versions v ON v.package_id = p.id
         WHERE p.repository_id = ? AND p.format = ? AND v.dependency_list_id IN (SELECT id FROM naming)
         ORDER BY p.namespace, p.name LIMIT 200`,
        [coordinates.name, coordinates.namespace, repository.id, coordinates.format],
      )
      .map((row): PackageName => packageName({ ...coordinates, namespace: row.namespace, name: row.name }));
    const holders = wanted.map((dependency) => {
      let target: PackageCoordinates;
      try {
        target = packageCoordinates(coordinates.format, dependency.namespace, dependency.package);
      } catch {
        return null;
      }
      const step = searchOrder(db, repository, target).find((candidate) =>
        findPackage(db, candidate.repository.id, target),
      );
      return step ? { repository: step.repository.name, ...packageName(target) } : null;
    });
    return { sizes, publishedTimes, usedBy, dependencies: holders };
  });
}

function packageName(coordinates: PackageCoordinates): PackageName {
  const namespace = namespaceOf(coordinates);
  return namespace === undefined ? { package: coordinates.name } : { namespace, package: coordinates.name };
}
