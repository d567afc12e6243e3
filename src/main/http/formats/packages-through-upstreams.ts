/**
 * The names of a format's packages that have a Published version in the repository or in any
 * repository upstream of it (breadth-first over the upstream graph, each repository once, at most as
 * many as a search visits): what index root pages (PyPI's simple index, RubyGems' names and versions
 * files) list.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import { findRepository } from '../../engine/lookups';
import { maxRepositoriesSearched, upstreamsOf } from '../../engine/upstreams/search-order';
import type { FormatRequest } from './format-request';

export function packagesThroughUpstreams(
  request: Pick<FormatRequest, 'ctx' | 'domain' | 'repository'>,
  format: PackageFormat,
): string[] {
  return request.ctx.store.read((db) => {
    const start = findRepository(db, request.domain, request.repository.name);
    if (!start) return [];
    const seen = new Set<number>();
    const queue = [start];
    const names = new Set<string>();
    while (queue.length > 0 && seen.size < maxRepositoriesSearched) {
      const repository = queue.shift();
      if (!repository || seen.has(repository.id)) continue;
      seen.add(repository.id);
      for (const row of db.all<{ name: string }>(
        `SELECT DISTINCT p.name FROM packages p JOIN package_versions v ON v.package_id = p.id
         WHERE p.repository_id = ? AND p.format = ? AND v.status = 'Published'`,
        [repository.id, format],
      ))
        names.add(row.name);
      queue.push(...upstreamsOf(db, repository.id));
    }
    return [...names].sort();
  });
}
