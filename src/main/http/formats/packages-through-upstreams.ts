/**
 * What index root pages list, over the repository and every repository upstream of it
 * (breadth-first over the upstream graph, each repository once, at most as many as a search visits):
 * the names of a format's packages that have a Published version (PyPI's simple index, RubyGems'
 * names and versions files), and the format's external connections held anywhere on the way
 * (whose upstream packages RubyGems' `versions` file adds).
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import { findRepository, type RepositoryRow } from '../../engine/lookups';
import { maxRepositoriesSearched, upstreamsOf } from '../../engine/upstreams/search-order';
import type { Db } from '../../store/types';
import type { FormatRequest } from './format-request';

type Scope = Pick<FormatRequest, 'ctx' | 'domain' | 'repository'>;

function eachThroughUpstreams(request: Scope, visit: (db: Db, repository: RepositoryRow) => void): void {
  request.ctx.store.read((db) => {
    const start = findRepository(db, request.domain, request.repository.name);
    if (!start) return;
    const seen = new Set<number>();
    const queue = [start];
    while (queue.length > 0 && seen.size < maxRepositoriesSearched) {
      const repository = queue.shift();
      if (!repository || seen.has(repository.id)) continue;
      seen.add(repository.id);
      visit(db, repository);
      queue.push(...upstreamsOf(db, repository.id));
    }
  });
}

export function packagesThroughUpstreams(request: Scope, format: PackageFormat): string[] {
  const names = new Set<string>();
  eachThroughUpstreams(request, (db, repository) => {
    for (const row of db.all<{ name: string }>(
      `SELECT DISTINCT p.name FROM packages p JOIN package_versions v ON v.package_id = p.id
       WHERE p.repository_id = ? AND p.format = ? AND v.status = 'Published'`,
      [repository.id, format],
    ))
      names.add(row.name);
  });
  return [...names].sort();
}

export function connectionsThroughUpstreams(request: Scope, format: PackageFormat): ConnectionHolder[] {
  const connections = new Map<string, ConnectionHolder>();
  eachThroughUpstreams(request, (db, repository) => {
    for (const row of db.all<{ name: string }>(
      'SELECT name FROM repository_external_connections WHERE repository_id = ? AND package_format = ? ORDER BY name',
      [repository.id, format],
    )) {
      if (!connections.has(row.name))
        connections.set(row.name, { repository: repository.name, connection: row.name });
    }
  });
  return [...connections.values()];
}

/** An external connection and the repository of the search order that holds it (the first one). */
export interface ConnectionHolder {
  readonly repository: string;
  readonly connection: string;
}
