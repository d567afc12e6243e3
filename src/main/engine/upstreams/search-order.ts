/**
 * The order in which a package is looked for through the upstream graph: the repository itself,
 * then its upstreams depth-first in their listed order. Each repository is searched once (so cycles
 * are harmless) and at most 25 are searched. A package whose origin configuration (or package group)
 * in a repository blocks upstreams stops the search from going past that repository.
 */
import type { RepositoryRow } from '../lookups';
import { isOriginAllowed } from '../package-groups/origin-restrictions';
import { findPackage } from '../packages/package-records';
import type { PackageCoordinates } from '../packages/package-coordinates';
import type { Db } from '../../store/types';

export const maxRepositoriesSearched = 25;

export interface SearchStep {
  readonly repository: RepositoryRow;
  /** The repositories from the requesting one down to (not including) this one. */
  readonly via: readonly RepositoryRow[];
}

export function upstreamsOf(db: Db, repositoryId: number): RepositoryRow[] {
  return db.all<RepositoryRow>(
    `SELECT r.* FROM repository_upstreams u JOIN repositories r ON r.id = u.upstream_id
     WHERE u.repository_id = ? ORDER BY u.position`,
    [repositoryId],
  );
}

/** Whether `repository` may take versions of the package from its upstreams. */
export function upstreamAllowed(db: Db, repository: RepositoryRow, coordinates: PackageCoordinates): boolean {
  return (
    findPackage(db, repository.id, coordinates)?.upstream !== 'BLOCK' &&
    isOriginAllowed(db, { id: repository.domain_id }, repository, coordinates, 'INTERNAL_UPSTREAM')
  );
}

export function searchOrder(db: Db, start: RepositoryRow, coordinates: PackageCoordinates): SearchStep[] {
  const steps: SearchStep[] = [];
  const seen = new Set<number>();
  const visit = (repository: RepositoryRow, via: readonly RepositoryRow[]): void => {
    if (seen.has(repository.id) || steps.length >= maxRepositoriesSearched) return;
    seen.add(repository.id);
    steps.push({ repository, via });
    if (!upstreamAllowed(db, repository, coordinates)) return;
    const path = [...via, repository];
    for (const upstream of upstreamsOf(db, repository.id)) visit(upstream, path);
  };
  visit(start, []);
  return steps;
}
