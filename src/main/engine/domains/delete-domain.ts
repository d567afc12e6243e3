/**
 * DeleteDomain. A domain with repositories cannot be deleted (ConflictException). The API reference
 * lists no ResourceNotFoundException for this operation: deleting a domain that does not exist is a
 * successful no-op answered without a `domain` member, which keeps retries of a delete harmless.
 */
import type { DeleteDomainRequest, DeleteDomainResult } from '@aws-sdk/client-codeartifact';
import { removeDomainFiles } from '../assets/asset-blobs';
import type { EngineContext } from '../context';
import { ConflictException, InternalServerException } from '../errors';
import { requireMember } from '../input';
import { domainOwnerOf, findDomain } from '../lookups';
import { forgetResource } from '../resources';
import { domainDescription } from './domain-description';

export async function deleteDomain(
  ctx: EngineContext,
  input: DeleteDomainRequest,
): Promise<DeleteDomainResult> {
  const name = requireMember(input.domain, 'domain');
  const owner = domainOwnerOf(ctx, input.domainOwner);
  const deleted = ctx.store.write((db) => {
    const row = findDomain(db, name, owner);
    if (!row) return undefined;
    const repositories = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM repositories WHERE domain_id = ?', [
      row.id,
    ]);
    if ((repositories?.n ?? 0) > 0) {
      throw new ConflictException(
        `Domain '${name}' still has ${repositories?.n} repositories; delete them before the domain.`,
        name,
        'domain',
      );
    }
    const description = domainDescription(ctx, db, row, 'Deleted');
    const groups = db.all<{ id: number }>('SELECT id FROM package_groups WHERE domain_id = ?', [row.id]);
    for (const group of groups) forgetResource(db, 'package-group', group.id);
    db.run('DELETE FROM package_groups WHERE domain_id = ?', [row.id]);
    db.run('DELETE FROM authorization_tokens WHERE domain_id = ?', [row.id]);
    db.run('DELETE FROM domain_blobs WHERE domain_id = ?', [row.id]);
    forgetResource(db, 'domain', row.id);
    db.run('DELETE FROM domains WHERE id = ?', [row.id]);
    return description;
  });
  if (!deleted) return {};
  // The files go after the metadata commit: a crash in between leaves only unreferenced files, never
  // metadata that points at missing ones.
  try {
    await removeDomainFiles(ctx, name);
  } catch (error) {
    throw new InternalServerException(
      `Domain '${name}' was deleted, but its asset files could not be removed: ${(error as Error).message}`,
    );
  }
  return { domain: deleted };
}
