/**
 * The first steps of every package operation: the domain and repository a request names (both must
 * exist) and the normalised package coordinates.
 */
import type { EngineContext } from '../context';
import { requireMember } from '../input';
import {
  domainOwnerOf,
  requireDomain,
  requireRepository,
  type DomainRow,
  type RepositoryRow,
} from '../lookups';
import type { Db } from '../../store/types';
import { packageCoordinates, type PackageCoordinates } from './package-coordinates';

export interface RepositoryRequest {
  readonly domain?: string;
  readonly domainOwner?: string;
  readonly repository?: string;
}

export interface PackageRequest extends RepositoryRequest {
  readonly format?: string;
  readonly namespace?: string;
  readonly package?: string;
}

export interface RepositoryNames {
  readonly domain: string;
  readonly owner: string;
  readonly repository: string;
}

export interface RepositoryTarget {
  readonly domain: DomainRow;
  readonly repository: RepositoryRow;
}

/** Checks the names a request gives, before any store access. */
export function repositoryNames(ctx: EngineContext, input: RepositoryRequest): RepositoryNames {
  return {
    domain: requireMember(input.domain, 'domain'),
    owner: domainOwnerOf(ctx, input.domainOwner),
    repository: requireMember(input.repository, 'repository'),
  };
}

export function packageOf(input: PackageRequest): PackageCoordinates {
  return packageCoordinates(input.format, input.namespace, input.package);
}

export function requireTarget(db: Db, names: RepositoryNames): RepositoryTarget {
  const domain = requireDomain(db, names.domain, names.owner);
  return { domain, repository: requireRepository(db, domain, names.repository) };
}
