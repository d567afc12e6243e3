/**
 * Where a package may be fetched from an external connection (`public:npmjs`, `public:pypi` …) for a
 * client of a repository: the repositories of its search order that have a connection of the
 * package's format, and that let the package in from outside (the package's own origin
 * configuration there does not block upstreams, and its package group allows EXTERNAL_UPSTREAM).
 * A package published locally (upstream: BLOCK) stops the search order at its repository, so its
 * public namesake is never looked for: the dependency-confusion guard.
 */
import type { EngineContext } from '../context';
import type { RepositoryRow } from '../lookups';
import { groupOriginRefusal } from '../package-groups/origin-restrictions';
import { findPackage, findVersion } from '../packages/package-records';
import { packageOf, repositoryNames, requireTarget, type PackageRequest } from '../packages/package-target';
import { searchOrder } from '../upstreams/search-order';
import { externalConnectionFormats } from '../repositories/external-connections';

export interface ExternalIngestTarget {
  /** The repository that holds the external connection (where fetched versions are stored). */
  readonly repository: string;
  readonly connection: string;
  /** Versions of the package that repository already holds, in any status (never fetched again). */
  readonly storedVersions: ReadonlySet<string>;
}

export function externalIngestTargets(ctx: EngineContext, request: PackageRequest): ExternalIngestTarget[] {
  const names = repositoryNames(ctx, request);
  const coordinates = packageOf(request);
  return ctx.store.read((db) => {
    const { domain, repository } = requireTarget(db, names);
    const targets: ExternalIngestTarget[] = [];
    for (const step of searchOrder(db, repository, coordinates)) {
      const holder: RepositoryRow = step.repository;
      const connections = db.all<{ name: string }>(
        'SELECT name FROM repository_external_connections WHERE repository_id = ? ORDER BY name',
        [holder.id],
      );
      for (const { name } of connections) {
        if (externalConnectionFormats[name] !== coordinates.format) continue;
        const pkg = findPackage(db, holder.id, coordinates);
        if (pkg?.upstream === 'BLOCK') continue;
        if (groupOriginRefusal(db, domain, holder, coordinates, 'EXTERNAL_UPSTREAM') !== undefined) continue;
        const stored = new Set<string>(
          pkg
            ? db
                .all<{ version: string }>('SELECT version FROM package_versions WHERE package_id = ?', [
                  pkg.id,
                ])
                .map((row) => row.version)
            : [],
        );
        targets.push({ repository: holder.name, connection: name, storedVersions: stored });
      }
    }
    return targets;
  });
}

/** Whether `repository` already holds a record of the version (any status). */
export function holdsVersion(ctx: EngineContext, request: PackageRequest & { version: string }): boolean {
  const names = repositoryNames(ctx, request);
  const coordinates = packageOf(request);
  return ctx.store.read((db) => {
    const { repository } = requireTarget(db, names);
    const pkg = findPackage(db, repository.id, coordinates);
    return pkg !== undefined && findVersion(db, pkg.id, request.version) !== undefined;
  });
}
