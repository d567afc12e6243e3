/**
 * The part every package group operation starts with: the domain (and its owner) and the group's
 * pattern, validated and put in canonical form before anything is looked up.
 */
import type { EngineContext } from '../context';
import { requireMember } from '../input';
import { domainOwnerOf } from '../lookups';
import { formatGroupPattern, parseGroupPattern, type GroupPattern } from './group-pattern';

export interface GroupTarget {
  readonly domainName: string;
  readonly owner: string;
  readonly pattern: GroupPattern;
  /** The canonical text: how the group is stored and reported. */
  readonly text: string;
}

export function groupTarget(
  ctx: EngineContext,
  input: { domain?: string; domainOwner?: string; packageGroup?: string },
): GroupTarget {
  const domainName = requireMember(input.domain, 'domain');
  const owner = domainOwnerOf(ctx, input.domainOwner);
  const pattern = parseGroupPattern(requireMember(input.packageGroup, 'packageGroup'));
  return { domainName, owner, pattern, text: formatGroupPattern(pattern) };
}
