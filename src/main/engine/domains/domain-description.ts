/** DomainDescription and DomainSummary as the API returns them, built from a domain row. */
import type { DomainDescription, DomainStatus, DomainSummary } from '@aws-sdk/client-codeartifact';
import { domainArn } from '../arn';
import type { EngineContext } from '../context';
import { toDate, type DomainRow } from '../lookups';
import type { Db } from '../../store/types';

export function domainSummary(
  ctx: EngineContext,
  row: DomainRow,
  status: DomainStatus = 'Active',
): DomainSummary {
  return {
    name: row.name,
    owner: row.owner,
    arn: domainArn(ctx.config, row.owner, row.name),
    status,
    createdTime: toDate(row.created_time),
    encryptionKey: row.encryption_key,
  };
}

export function domainDescription(
  ctx: EngineContext,
  db: Db,
  row: DomainRow,
  status: DomainStatus = 'Active',
): DomainDescription {
  const repositories = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM repositories WHERE domain_id = ?', [
    row.id,
  ]);
  // A counter the blob writes keep (triggers on domain_blobs), so this costs the same at any size.
  const assets = db.get<{ bytes: number }>('SELECT asset_size_bytes AS bytes FROM domains WHERE id = ?', [
    row.id,
  ]);
  return {
    ...domainSummary(ctx, row, status),
    repositoryCount: repositories?.n ?? 0,
    assetSizeBytes: assets?.bytes ?? 0,
    s3BucketArn: row.s3_bucket_arn,
  };
}
