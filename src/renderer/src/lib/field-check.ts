/**
 * Form checks before anything is sent, with the API's own constraints (the shapes in
 * src/shared/api-model, the same ones the service validates with) explained in plain words. The
 * service still has the last word: a refusal it sends is shown as it sends it.
 */
import {
  Description,
  DomainName,
  PackageGroupContactInfo,
  PackageGroupPattern,
  PolicyDocument,
  RepositoryName,
  TagKey,
  TagValue,
} from '../../../shared/api-model/common-shapes';
import type { StringShape } from '../../../shared/api-model';

export interface FieldRule {
  readonly shape: StringShape;
  /** The field as a sentence starts with it, e.g. "A domain name". */
  readonly noun: string;
  /** What the pattern allows, in words. */
  readonly allowed: string;
}

export const fieldRules = {
  domainName: {
    shape: DomainName,
    noun: 'A domain name',
    allowed:
      'lower-case letters, digits and hyphens; it starts with a letter and ends with a letter or digit',
  },
  repositoryName: {
    shape: RepositoryName,
    noun: 'A repository name',
    allowed: 'letters, digits, dots, underscores and hyphens; it starts with a letter or digit',
  },
  description: {
    shape: Description,
    noun: 'A description',
    allowed: 'printable characters (no control characters such as tabs or line breaks)',
  },
  groupPattern: {
    shape: PackageGroupPattern,
    noun: 'A pattern',
    allowed: 'visible characters (no spaces, tabs or line breaks)',
  },
  contactInfo: {
    shape: PackageGroupContactInfo,
    noun: 'Contact info',
    allowed: 'printable characters (no control characters such as tabs or line breaks)',
  },
  tagKey: {
    shape: TagKey,
    noun: 'A tag key',
    allowed: 'printable characters (no control characters such as tabs or line breaks)',
  },
  tagValue: {
    shape: TagValue,
    noun: 'A tag value',
    allowed: 'printable characters (no control characters such as tabs or line breaks)',
  },
  policyDocument: {
    shape: PolicyDocument,
    noun: 'A policy document',
    allowed: 'printable characters and whitespace',
  },
} satisfies Record<string, FieldRule>;

/** Why `value` breaks the rule, in plain words, or undefined when it is fine. */
export function checkField(rule: FieldRule, value: string): string | undefined {
  const { min = 0, max, pattern } = rule.shape;
  const length = [...value].length;
  if (length === 0 && min > 0) return `${rule.noun} is required.`;
  if (length < min) return `${rule.noun} needs at least ${min} characters; this one has ${length}.`;
  if (max !== undefined && length > max)
    return `${rule.noun} can have at most ${max} characters; this one has ${length}.`;
  if (length > 0 && pattern && !pattern.regex.test(value))
    return `${rule.noun} may contain only ${rule.allowed}.`;
  return undefined;
}

/** The rule's constraints as a hint under the field. */
export function describeRule(rule: FieldRule): string {
  const { min, max } = rule.shape;
  const size =
    min !== undefined && min > 0 && max !== undefined
      ? min === 1
        ? `1–${max} characters`
        : `${min}–${max} characters`
      : `up to ${max} characters`;
  return `${rule.allowed[0]?.toUpperCase() ?? ''}${rule.allowed.slice(1)}; ${size}.`;
}
