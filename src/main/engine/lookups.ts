/**
 * Row shapes of the foundation tables and the lookups every operation starts with. A missing domain
 * or repository is a ResourceNotFoundException that names it.
 */
import type { EngineContext } from './context';
import { ResourceNotFoundException } from './errors';
import type { Db } from '../store/types';

export interface DomainRow {
  readonly id: number;
  readonly owner: string;
  readonly name: string;
  readonly encryption_key: string;
  readonly s3_bucket_arn: string;
  readonly created_time: number;
}

export interface RepositoryRow {
  readonly id: number;
  readonly domain_id: number;
  readonly name: string;
  readonly administrator_account: string;
  readonly description: string | null;
  readonly created_time: number;
}

/**
 * The account that owns the domain a request names. The local service has exactly one account, so a
 * different `domainOwner` simply names a domain that does not exist here.
 */
export function domainOwnerOf(ctx: EngineContext, domainOwner: string | undefined): string {
  return domainOwner ?? ctx.config.accountId;
}

export function findDomain(db: Db, name: string, owner: string): DomainRow | undefined {
  return db.get<DomainRow>('SELECT * FROM domains WHERE owner = ? AND name = ?', [owner, name]);
}

export function requireDomain(db: Db, name: string, owner: string): DomainRow {
  const row = findDomain(db, name, owner);
  if (!row) {
    throw new ResourceNotFoundException(
      `Domain '${name}' owned by account '${owner}' does not exist.`,
      name,
      'domain',
    );
  }
  return row;
}

export function findRepository(db: Db, domain: DomainRow, name: string): RepositoryRow | undefined {
  return db.get<RepositoryRow>('SELECT * FROM repositories WHERE domain_id = ? AND name = ?', [
    domain.id,
    name,
  ]);
}

export function requireRepository(db: Db, domain: DomainRow, name: string): RepositoryRow {
  const row = findRepository(db, domain, name);
  if (!row) {
    throw new ResourceNotFoundException(
      `Repository '${name}' does not exist in domain '${domain.name}'.`,
      name,
      'repository',
    );
  }
  return row;
}

/** Timestamps are stored as epoch milliseconds and handed out as Date objects. */
export function toDate(epochMillis: number): Date {
  return new Date(epochMillis);
}
