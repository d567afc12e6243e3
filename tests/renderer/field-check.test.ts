import { describe, expect, it } from 'vitest';
import { checkField, describeRule, fieldRules } from '../../src/renderer/src/lib/field-check';
import { checkGroupPattern } from '../../src/renderer/src/lib/group-pattern-check';
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

describe('package group and tag forms', () => {
  it('accept every pattern shape the grammar has', () => {
    for (const pattern of [
      '/*',
      '/npm/*',
      '/npm/acme/*',
      '/npm//*',
      '/pypi//*',
      '/npm/ac~',
      '/npm/acme/ui-~',
      '/npm//left-pad$',
      '/pypi//requests$',
      '/maven/org.acme/core$',
    ])
      expect(checkGroupPattern(pattern), pattern).toBeUndefined();
  });

  it('explain what is wrong with a pattern in plain words', () => {
    expect(checkGroupPattern('npm/*')).toMatch(/starts with "\/"/);
    expect(checkGroupPattern('/npm/acme')).toMatch(/ends with \* \(everything below\), ~ \(a prefix\) or \$/);
    expect(checkGroupPattern('/npm/acme*')).toMatch(/right after a "\//);
    expect(checkGroupPattern('/rpm/*')).toMatch(/"rpm" is not a package format/);
    expect(checkGroupPattern('/npm/a*b/*')).toMatch(/may only end a pattern/);
    expect(checkGroupPattern('/npm/left-pad$')).toMatch(/names the namespace and the package/);
    expect(checkGroupPattern('/pypi/requests$')).toMatch(/namespace is empty for pypi/);
    expect(checkGroupPattern('/pypi/ns/requests$')).toMatch(/pypi packages have no namespace/);
    expect(checkGroupPattern('/pypi/req~')).toMatch(/\/pypi\/\/prefix~/);
    expect(checkGroupPattern('/maven//*')).toMatch(/maven packages always have a namespace/);
    expect(checkGroupPattern('/npm/a b/*')).toMatch(/no spaces/);
    expect(checkGroupPattern(`/npm/${'a'.repeat(520)}/*`)).toMatch(/at most 520 characters/);
  });

  it('hold tag keys, tag values and contact info to the API limits', () => {
    expect(checkField(fieldRules.tagKey, '')).toBe('A tag key is required.');
    expect(checkField(fieldRules.tagKey, 'k'.repeat(129))).toMatch(
      /at most 128 characters; this one has 129/,
    );
    expect(checkField(fieldRules.tagKey, 'team\tname')).toMatch(/only printable characters/);
    expect(checkField(fieldRules.tagValue, '')).toBeUndefined();
    expect(checkField(fieldRules.tagValue, 'v'.repeat(257))).toMatch(/at most 256/);
    expect(checkField(fieldRules.contactInfo, 'x'.repeat(1001))).toMatch(/at most 1000/);
    expect(describeRule(fieldRules.tagKey)).toBe(
      'Printable characters (no control characters such as tabs or line breaks); 1–128 characters.',
    );
  });
});
