import { describe, expect, it } from 'vitest';
import { checkField, describeRule, fieldRules } from '../../src/renderer/src/lib/field-check';
import { checkPolicyDocument } from '../../src/renderer/src/lib/policy-json';

describe('form checks with the API constraints', () => {
  it('accepts what the API accepts and refuses what it refuses, in plain words', () => {
    expect(checkField(fieldRules.domainName, 'team-a')).toBeUndefined();
    expect(checkField(fieldRules.domainName, 'a')).toBe(
      'A domain name needs at least 2 characters; this one has 1.',
    );
    expect(checkField(fieldRules.domainName, 'team-')).toMatch(/^A domain name may contain only lower-case/);
    expect(checkField(fieldRules.repositoryName, 'my.repo_1')).toBeUndefined();
    expect(checkField(fieldRules.repositoryName, '')).toBe('A repository name is required.');
    expect(checkField(fieldRules.description, 'two\nlines')).toMatch(/no control characters/);
    expect(checkField(fieldRules.description, 'é'.repeat(1001))).toBe(
      'A description can have at most 1000 characters; this one has 1001.',
    );
  });

  it('states each rule without the raw pattern', () => {
    expect(describeRule(fieldRules.domainName)).toBe(
      'Lower-case letters, digits and hyphens; it starts with a letter and ends with a letter or digit; 2–50 characters.',
    );
    expect(describeRule(fieldRules.repositoryName)).not.toMatch(/[[\]\\]/);
  });

  it('refuses a policy over the API size limit before sending it', () => {
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [], Pad: 'x'.repeat(7200) });
    expect(checkPolicyDocument(big)).toEqual({
      ok: false,
      message: `A policy document can have at most 7168 characters; this one has ${big.length}.`,
    });
  });
});
