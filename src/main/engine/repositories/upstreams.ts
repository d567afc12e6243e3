/**
 * The rules for a repository's upstream list (CreateRepository and UpdateRepository): in priority
 * order, at most 10 direct upstreams, no repeats, not the repository itself, each an existing
 * repository of the same domain. Cycles through other repositories are allowed: resolution visits
 * each repository once, so they are harmless.
 */
import type { UpstreamRepository } from '@aws-sdk/client-codeartifact';
import { ConflictException, ServiceQuotaExceededException, ValidationException } from '../errors';
import { requireRepository, type DomainRow, type RepositoryRow } from '../lookups';
import type { Db } from '../../store/types';

export const maxDirectUpstreams = 10;

/** Checks the list's shape (no store access); returns the names in priority order. */
export function validateUpstreamNames(
  repository: string,
  upstreams: readonly UpstreamRepository[],
): string[] {
  const names: string[] = [];
  for (const upstream of upstreams) {
    const name = upstream?.repositoryName;
    if (typeof name !== 'string' || name.length === 0) {
      throw new ValidationException('Every upstream needs a repositoryName.');
    }
    if (name === repository)
      throw new ValidationException(`Repository '${repository}' cannot be its own upstream.`);
    if (names.includes(name))
      throw new ValidationException(`Upstream repository '${name}' is listed more than once.`);
    names.push(name);
  }
  if (names.length > maxDirectUpstreams) {
    throw new ServiceQuotaExceededException(
      `A repository can have at most ${maxDirectUpstreams} direct upstream repositories; ${names.length} were given.`,
      repository,
      'repository',
    );
  }
  return names;
}

/**
 * Replaces the upstream list of `repository`; every named upstream must exist in the domain, and a
 * repository with an external connection cannot also have upstreams (the API reference allows one
 * or the other).
 */
export function replaceUpstreams(
  db: Db,
  domain: DomainRow,
  repository: RepositoryRow,
  names: readonly string[],
): void {
  if (names.length > 0) {
    const connection = db.get<{ name: string }>(
      'SELECT name FROM repository_external_connections WHERE repository_id = ? LIMIT 1',
      [repository.id],
    );
    if (connection) {
      throw new ConflictException(
        `Repository '${repository.name}' has external connection '${connection.name}'; a repository can have ` +
          'upstream repositories or an external connection, not both. Disassociate it first.',
        repository.name,
        'repository',
      );
    }
  }
  const upstreams = names.map((name) => requireRepository(db, domain, name));
  db.run('DELETE FROM repository_upstreams WHERE repository_id = ?', [repository.id]);
  upstreams.forEach((upstream, position) => {
    db.run('INSERT INTO repository_upstreams (repository_id, position, upstream_id) VALUES (?, ?, ?)', [
      repository.id,
      position,
      upstream.id,
    ]);
  });
}
