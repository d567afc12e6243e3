/**
 * Tag rules shared by TagResource and the `tags` of CreateDomain/CreateRepository: keys unique per
 * request, no `aws:` prefix (reserved by AWS for its own tags), and at most 50 tags per resource.
 */
import type { Tag } from '@aws-sdk/client-codeartifact';
import { ServiceQuotaExceededException, ValidationException } from '../errors';
import { errorResourceType, type ResourceRef } from '../resources';
import type { Db } from '../../store/types';

export const maxTagsPerResource = 50;

export interface ValidTag {
  readonly key: string;
  readonly value: string;
}

export function validateTags(tags: readonly Tag[] | undefined): ValidTag[] {
  const seen = new Set<string>();
  const valid: ValidTag[] = [];
  for (const tag of tags ?? []) {
    const key = tag?.key;
    const value = tag?.value;
    if (typeof key !== 'string' || key.length === 0)
      throw new ValidationException('Every tag needs a non-empty key.');
    if (typeof value !== 'string')
      throw new ValidationException(`Tag '${key}' needs a value (it may be empty).`);
    if (key.toLowerCase().startsWith('aws:')) {
      throw new ValidationException(`Tag key '${key}' uses the reserved prefix 'aws:'.`);
    }
    if (seen.has(key))
      throw new ValidationException(`Tag key '${key}' appears more than once in the request.`);
    seen.add(key);
    valid.push({ key, value });
  }
  return valid;
}

/** Adds or replaces tags. Must run inside a write transaction: exceeding the quota rolls it back. */
export function applyTags(db: Db, resource: ResourceRef, tags: readonly ValidTag[]): void {
  for (const { key, value } of tags) {
    db.run(
      `INSERT INTO resource_tags (resource_kind, resource_id, key, value) VALUES (?, ?, ?, ?)
       ON CONFLICT (resource_kind, resource_id, key) DO UPDATE SET value = excluded.value`,
      [resource.kind, resource.id, key, value],
    );
  }
  const count = db.get<{ n: number }>(
    'SELECT COUNT(*) AS n FROM resource_tags WHERE resource_kind = ? AND resource_id = ?',
    [resource.kind, resource.id],
  );
  if ((count?.n ?? 0) > maxTagsPerResource) {
    throw new ServiceQuotaExceededException(
      `A resource can have at most ${maxTagsPerResource} tags; this request would give ${resource.arn} ${count?.n}.`,
      resource.name,
      errorResourceType(resource.kind),
    );
  }
}

export function removeTags(db: Db, resource: ResourceRef, keys: readonly string[]): void {
  for (const key of keys) {
    db.run('DELETE FROM resource_tags WHERE resource_kind = ? AND resource_id = ? AND key = ?', [
      resource.kind,
      resource.id,
      key,
    ]);
  }
}

export function listTags(db: Db, resource: ResourceRef): Tag[] {
  return db
    .all<ValidTag>(
      'SELECT key, value FROM resource_tags WHERE resource_kind = ? AND resource_id = ? ORDER BY key',
      [resource.kind, resource.id],
    )
    .map(({ key, value }) => ({ key, value }));
}
