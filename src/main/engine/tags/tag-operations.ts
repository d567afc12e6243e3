/** TagResource, UntagResource and ListTagsForResource, by the ARN of a domain, repository or package group. */
import type {
  ListTagsForResourceRequest,
  ListTagsForResourceResult,
  TagResourceRequest,
  TagResourceResult,
  UntagResourceRequest,
  UntagResourceResult,
} from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import { requireMember } from '../input';
import { applyTags, listTags, removeTags, validateTags } from './resource-tags';
import { resolveResourceArn } from './resource-by-arn';

export function tagResource(ctx: EngineContext, input: TagResourceRequest): TagResourceResult {
  const arn = requireMember(input.resourceArn, 'resourceArn');
  const tags = validateTags(requireMember(input.tags, 'tags'));
  ctx.store.write((db) => applyTags(db, resolveResourceArn(ctx, db, arn), tags));
  return {};
}

export function untagResource(ctx: EngineContext, input: UntagResourceRequest): UntagResourceResult {
  const arn = requireMember(input.resourceArn, 'resourceArn');
  const keys = requireMember(input.tagKeys, 'tagKeys');
  if (!keys.every((key) => typeof key === 'string' && key.length > 0)) {
    throw new ValidationException('Every tag key to remove must be a non-empty string.');
  }
  ctx.store.write((db) => removeTags(db, resolveResourceArn(ctx, db, arn), keys));
  return {};
}

export function listTagsForResource(
  ctx: EngineContext,
  input: ListTagsForResourceRequest,
): ListTagsForResourceResult {
  const arn = requireMember(input.resourceArn, 'resourceArn');
  return ctx.store.read((db) => ({ tags: listTags(db, resolveResourceArn(ctx, db, arn)) }));
}
