/**
 * AssociateExternalConnection and DisassociateExternalConnection. The catalogue is the public
 * repositories CodeArtifact can connect to, each serving one package format. A repository holds one
 * external connection: asking for the one it already has is a ConflictException, asking for a second,
 * different one exceeds that limit (ServiceQuotaExceededException). The API reference says a
 * repository has upstream repositories or an external connection, not both: associating one with a
 * repository that has upstreams is a ConflictException (upstreams.ts refuses the reverse).
 */
import type {
  AssociateExternalConnectionRequest,
  AssociateExternalConnectionResult,
  DisassociateExternalConnectionRequest,
  DisassociateExternalConnectionResult,
  PackageFormat,
} from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import {
  ConflictException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ValidationException,
} from '../errors';
import { requireMember } from '../input';
import { domainOwnerOf, requireDomain, requireRepository } from '../lookups';
import { repositoryDescription } from './repository-description';

export const externalConnectionFormats: Readonly<Record<string, PackageFormat>> = {
  'public:npmjs': 'npm',
  'public:pypi': 'pypi',
  'public:maven-central': 'maven',
  'public:maven-googleandroid': 'maven',
  'public:maven-gradleplugins': 'maven',
  'public:maven-commonsware': 'maven',
  'public:maven-clojars': 'maven',
  'public:nuget-org': 'nuget',
  'public:ruby-gems-org': 'ruby',
  'public:crates-io': 'cargo',
};

export const maxExternalConnectionsPerRepository = 1;

export function associateExternalConnection(
  ctx: EngineContext,
  input: AssociateExternalConnectionRequest,
): AssociateExternalConnectionResult {
  const domainName = requireMember(input.domain, 'domain');
  const name = requireMember(input.repository, 'repository');
  const connection = requireMember(input.externalConnection, 'externalConnection');
  const owner = domainOwnerOf(ctx, input.domainOwner);
  const packageFormat = Object.hasOwn(externalConnectionFormats, connection)
    ? externalConnectionFormats[connection]
    : undefined;
  if (packageFormat === undefined) {
    throw new ValidationException(
      `'${connection}' is not an external connection; use one of ${Object.keys(externalConnectionFormats).join(', ')}.`,
    );
  }
  const createdTime = ctx.now().getTime();
  return ctx.store.write((db) => {
    const domain = requireDomain(db, domainName, owner);
    const row = requireRepository(db, domain, name);
    const existing = db.all<{ name: string }>(
      'SELECT name FROM repository_external_connections WHERE repository_id = ?',
      [row.id],
    );
    if (existing.some((other) => other.name === connection)) {
      throw new ConflictException(
        `Repository '${name}' is already associated with external connection '${connection}'.`,
        name,
        'repository',
      );
    }
    const upstream = db.get<{ n: number }>(
      'SELECT count(*) AS n FROM repository_upstreams WHERE repository_id = ?',
      [row.id],
    );
    if ((upstream?.n ?? 0) > 0) {
      throw new ConflictException(
        `Repository '${name}' has upstream repositories; a repository can have upstream repositories or an ` +
          'external connection, not both. Remove its upstreams first.',
        name,
        'repository',
      );
    }
    if (existing.length >= maxExternalConnectionsPerRepository) {
      throw new ServiceQuotaExceededException(
        `Repository '${name}' already has external connection '${existing[0]?.name}'; a repository can have only ` +
          `${maxExternalConnectionsPerRepository}. Disassociate it first.`,
        name,
        'repository',
      );
    }
    db.run(
      `INSERT INTO repository_external_connections (repository_id, name, package_format, created_time)
       VALUES (?, ?, ?, ?)`,
      [row.id, connection, packageFormat, createdTime],
    );
    return { repository: repositoryDescription(ctx, db, domain, row) };
  });
}

export function disassociateExternalConnection(
  ctx: EngineContext,
  input: DisassociateExternalConnectionRequest,
): DisassociateExternalConnectionResult {
  const domainName = requireMember(input.domain, 'domain');
  const name = requireMember(input.repository, 'repository');
  const connection = requireMember(input.externalConnection, 'externalConnection');
  const owner = domainOwnerOf(ctx, input.domainOwner);
  return ctx.store.write((db) => {
    const domain = requireDomain(db, domainName, owner);
    const row = requireRepository(db, domain, name);
    const { changes } = db.run(
      'DELETE FROM repository_external_connections WHERE repository_id = ? AND name = ?',
      [row.id, connection],
    );
    if (changes === 0) {
      throw new ResourceNotFoundException(
        `Repository '${name}' has no external connection '${connection}'.`,
        connection,
      );
    }
    return { repository: repositoryDescription(ctx, db, domain, row) };
  });
}
