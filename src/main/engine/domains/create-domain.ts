/** CreateDomain: a new, empty domain of the local account, with its root package group `/*`. */
import type { CreateDomainRequest, CreateDomainResult } from '@aws-sdk/client-codeartifact';
import { domainArn } from '../arn';
import type { EngineContext } from '../context';
import { ConflictException } from '../errors';
import { requireMember } from '../input';
import { findDomain, requireDomain } from '../lookups';
import { applyTags, validateTags } from '../tags/resource-tags';
import { domainDescription } from './domain-description';
import { defaultEncryptionKeyArn, encryptionKeyArn } from './encryption-key';

/** Every domain has this package group; it matches every package and cannot be deleted. */
export const rootPackageGroupPattern = '/*';

export function createDomain(ctx: EngineContext, input: CreateDomainRequest): CreateDomainResult {
  const name = requireMember(input.domain, 'domain');
  const tags = validateTags(input.tags);
  const owner = ctx.config.accountId;
  const createdTime = ctx.now().getTime();
  return ctx.store.write((db) => {
    if (findDomain(db, name, owner)) {
      throw new ConflictException(`Domain '${name}' already exists in account '${owner}'.`, name, 'domain');
    }
    const encryptionKey =
      input.encryptionKey === undefined
        ? defaultEncryptionKeyArn(db, ctx.config, owner)
        : encryptionKeyArn(ctx.config, owner, input.encryptionKey);
    // Where CodeArtifact would keep the domain's assets; locally a stable name for the blob folder's role.
    const s3BucketArn = `arn:aws:s3:::assets-${owner}-${ctx.config.region}`;
    db.run(
      'INSERT INTO domains (owner, name, encryption_key, s3_bucket_arn, created_time) VALUES (?, ?, ?, ?, ?)',
      [owner, name, encryptionKey, s3BucketArn, createdTime],
    );
    const row = requireDomain(db, name, owner);
    db.run('INSERT INTO package_groups (domain_id, pattern, created_time) VALUES (?, ?, ?)', [
      row.id,
      rootPackageGroupPattern,
      createdTime,
    ]);
    applyTags(db, { kind: 'domain', id: row.id, name, arn: domainArn(ctx.config, owner, name) }, tags);
    return { domain: domainDescription(ctx, db, row) };
  });
}
