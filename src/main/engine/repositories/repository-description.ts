/** RepositoryDescription and RepositorySummary as the API returns them, built from rows. */
import type { PackageFormat, RepositoryDescription, RepositorySummary } from '@aws-sdk/client-codeartifact';
import { repositoryArn } from '../arn';
import type { EngineContext } from '../context';
import { toDate, type DomainRow, type RepositoryRow } from '../lookups';
import type { Db } from '../../store/types';

export function repositorySummary(
  ctx: EngineContext,
  domain: Pick<DomainRow, 'name' | 'owner'>,
  row: RepositoryRow,
): RepositorySummary {
  return {
    name: row.name,
    administratorAccount: row.administrator_account,
    domainName: domain.name,
    domainOwner: domain.owner,
    arn: repositoryArn(ctx.config, domain.owner, domain.name, row.name),
    ...(row.description === null ? {} : { description: row.description }),
    createdTime: toDate(row.created_time),
  };
}

export function repositoryDescription(
  ctx: EngineContext,
  db: Db,
  domain: DomainRow,
  row: RepositoryRow,
): RepositoryDescription {
  const upstreams = db.all<{ name: string }>(
    `SELECT r.name FROM repository_upstreams u JOIN repositories r ON r.id = u.upstream_id
     WHERE u.repository_id = ? ORDER BY u.position`,
    [row.id],
  );
  const connections = db.all<{ name: string; package_format: PackageFormat }>(
    'SELECT name, package_format FROM repository_external_connections WHERE repository_id = ? ORDER BY created_time, name',
    [row.id],
  );
  return {
    ...repositorySummary(ctx, domain, row),
    upstreams: upstreams.map((upstream) => ({ repositoryName: upstream.name })),
    externalConnections: connections.map((connection) => ({
      externalConnectionName: connection.name,
      packageFormat: connection.package_format,
      status: 'Available',
    })),
  };
}
