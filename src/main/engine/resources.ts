/**
 * The resources that carry policies and tags (domains, repositories, package groups), named by kind
 * and row id. Deleting a resource goes through `forgetResource` so its policy and tags go with it.
 */
import type { ResourceType } from './errors';
import type { Db } from '../store/types';

export type ResourceKind = 'domain' | 'repository' | 'package-group';

export interface ResourceRef {
  readonly kind: ResourceKind;
  readonly id: number;
  /** What errors name as the resourceId: the domain, repository or package group pattern. */
  readonly name: string;
  readonly arn: string;
}

/** The error shapes' ResourceType has no member for package groups; they go without one. */
export function errorResourceType(kind: ResourceKind): ResourceType | undefined {
  return kind === 'package-group' ? undefined : kind;
}

export function forgetResource(db: Db, kind: ResourceKind, id: number): void {
  db.run('DELETE FROM resource_policies WHERE resource_kind = ? AND resource_id = ?', [kind, id]);
  db.run('DELETE FROM resource_tags WHERE resource_kind = ? AND resource_id = ?', [kind, id]);
}
