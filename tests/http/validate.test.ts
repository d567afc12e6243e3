/** The validator: each kind of constraint, and messages worded as AWS words them. */
import { describe, expect, it } from 'vitest';
import { codePointLength, validateInput } from '../../src/shared/api-model/validate';

describe('validateInput', () => {
  it('accepts a valid input and ignores members the model does not know', () => {
    expect(
      validateInput('CreateDomain', { domain: 'my-domain', tags: [{ key: 'team', value: '' }] }),
    ).toBeUndefined();
    expect(validateInput('ListDomains', {})).toBeUndefined();
    expect(validateInput('CreateDomain', { domain: 'my-domain', somethingElse: 42 })).toBeUndefined();
  });

  it('names a missing required member', () => {
    expect(validateInput('CreateDomain', {})).toBe(
      "1 validation error detected: Value null at 'domain' failed to satisfy constraint: Member must not be null",
    );
    expect(validateInput('CreateDomain', undefined)).toMatch(/Value null at 'domain'/);
  });

  it('checks patterns, quoting the pattern as the model states it', () => {
    expect(validateInput('CreateDomain', { domain: 'Bad_Name' })).toBe(
      "1 validation error detected: Value 'Bad_Name' at 'domain' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z][a-z0-9\\-]{0,48}[a-z0-9]",
    );
    // Java's \s is ASCII whitespace; a package name with a tab or a slash is refused.
    expect(
      validateInput('DescribePackage', { domain: 'dom', repository: 'repo', format: 'npm', package: 'a/b' }),
    ).toMatch(
      /Value 'a\/b' at 'package' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\^#\/\\s\]\+/,
    );
    // \P{C}: control characters are refused in descriptions, ordinary Unicode text is fine.
    expect(
      validateInput('CreateRepository', { domain: 'dom', repository: 'repo', description: 'naïve ☃ text' }),
    ).toBeUndefined();
    expect(
      validateInput('CreateRepository', { domain: 'dom', repository: 'repo', description: 'bell\u0007' }),
    ).toMatch(
      /at 'description' failed to satisfy constraint: Member must satisfy regular expression pattern: \\P\{C\}\*/,
    );
    // [^\p{C}\p{IsWhitespace}]+: package group patterns may not contain any Unicode whitespace.
    expect(validateInput('DescribePackageGroup', { domain: 'dom', packageGroup: '/npm/a\u00a0b' })).toMatch(
      /at 'packageGroup'/,
    );
    expect(
      validateInput('DescribePackageGroup', { domain: 'dom', packageGroup: '/npm/@scope/*' }),
    ).toBeUndefined();
  });

  it('checks lengths in code points', () => {
    const long = 'd'.repeat(1001);
    expect(validateInput('CreateRepository', { domain: 'dom', repository: 'repo', description: long })).toBe(
      `1 validation error detected: Value '${long}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000`,
    );
    expect(validateInput('DescribeDomain', { domain: 'dom', domainOwner: '1234' })).toMatch(
      /Member must have length greater than or equal to 12/,
    );
    // 255 astral characters are 510 UTF-16 units but 255 code points: within PackageName's limit.
    const astral = '😀'.repeat(255);
    expect(codePointLength(astral)).toBe(255);
    expect(
      validateInput('DescribePackage', { domain: 'dom', repository: 'repo', format: 'npm', package: astral }),
    ).toBeUndefined();
    expect(
      validateInput('DescribePackage', {
        domain: 'dom',
        repository: 'repo',
        format: 'npm',
        package: `${astral}x`,
      }),
    ).toMatch(/Member must have length less than or equal to 255/);
  });

  it('checks enums, listing the allowed values', () => {
    expect(
      validateInput('DescribePackage', { domain: 'dom', repository: 'repo', format: 'zip', package: 'p' }),
    ).toBe(
      "1 validation error detected: Value 'zip' at 'format' failed to satisfy constraint: Member must satisfy enum value set: [npm, pypi, maven, nuget, generic, ruby, swift, cargo]",
    );
  });

  it('checks number ranges', () => {
    expect(validateInput('ListDomains', { maxResults: 0 })).toBe(
      "1 validation error detected: Value 0 at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(validateInput('GetAuthorizationToken', { domain: 'dom', durationSeconds: 43201 })).toMatch(
      /Value 43201 at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200/,
    );
    expect(validateInput('ListDomains', { maxResults: 1.5 })).toMatch(/Member must be of type integer/);
  });

  it('checks list lengths and list items, numbering items from 1', () => {
    const versions = Array.from({ length: 101 }, (_, index) => `1.0.${index}`);
    expect(
      validateInput('DeletePackageVersions', {
        domain: 'dom',
        repository: 'repo',
        format: 'npm',
        package: 'p',
        versions,
      }),
    ).toMatch(
      /at 'versions' failed to satisfy constraint: Member must have length less than or equal to 100/,
    );
    expect(
      validateInput('DeletePackageVersions', {
        domain: 'dom',
        repository: 'repo',
        format: 'npm',
        package: 'p',
        versions: ['1.0.0', 'a b'],
      }),
    ).toMatch(/Value 'a b' at 'versions.2.member' failed/);
  });

  it('checks nested structures and maps', () => {
    const message = validateInput('CreateRepository', {
      domain: 'dom',
      repository: 'repo',
      upstreams: [{ repositoryName: 'ok-upstream' }, {}],
      tags: [{ key: 'k' }],
    });
    expect(message).toBe(
      "2 validation errors detected: Value null at 'upstreams.2.member.repositoryName' failed to satisfy constraint: Member must not be null; Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null",
    );
    expect(
      validateInput('UpdatePackageGroupOriginConfiguration', {
        domain: 'dom',
        packageGroup: '/npm/*',
        restrictions: { PUBLISH: 'SOMETIMES' },
      }),
    ).toMatch(
      /Value 'SOMETIMES' at 'restrictions.PUBLISH' failed to satisfy constraint: Member must satisfy enum value set: \[ALLOW, ALLOW_SPECIFIC_REPOSITORIES, BLOCK, INHERIT\]/,
    );
    expect(
      validateInput('UpdatePackageGroupOriginConfiguration', {
        domain: 'dom',
        packageGroup: '/npm/*',
        restrictions: { EVERYTHING: 'BLOCK' },
      }),
    ).toMatch(
      /Value 'EVERYTHING' at 'restrictions.key' failed to satisfy constraint: Member must satisfy enum value set/,
    );
  });

  it('reports values of the wrong type', () => {
    expect(validateInput('CreateDomain', { domain: 5 })).toBe(
      "1 validation error detected: Value 5 at 'domain' failed to satisfy constraint: Member must be of type string",
    );
    expect(validateInput('CreateDomain', { domain: 'dom', tags: 'none' })).toMatch(
      /at 'tags' failed to satisfy constraint: Member must be of type list/,
    );
    expect(
      validateInput('CopyPackageVersions', {
        domain: 'dom',
        sourceRepository: 'a1',
        destinationRepository: 'b1',
        format: 'npm',
        package: 'p',
        allowOverwrite: 'yes',
      }),
    ).toMatch(/at 'allowOverwrite' failed to satisfy constraint: Member must be of type boolean/);
  });

  it('joins several violations with their count', () => {
    expect(validateInput('CreateRepository', { domain: 'X', repository: 'r' })).toBe(
      [
        "4 validation errors detected: Value 'X' at 'domain' failed to satisfy constraint: Member must have length greater than or equal to 2",
        "Value 'X' at 'domain' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z][a-z0-9\\-]{0,48}[a-z0-9]",
        "Value 'r' at 'repository' failed to satisfy constraint: Member must have length greater than or equal to 2",
        "Value 'r' at 'repository' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9][A-Za-z0-9._\\-]{1,99}",
      ].join('; '),
    );
  });

  it('accepts a stream for a streaming payload and requires the declared SHA-256', () => {
    const base = {
      domain: 'dom',
      repository: 'repo',
      format: 'generic',
      namespace: 'ns',
      package: 'p',
      packageVersion: '1.0.0',
      assetName: 'a.bin',
    };
    expect(
      validateInput('PublishPackageVersion', {
        ...base,
        assetContent: { pipe() {} },
        assetSHA256: 'a'.repeat(64),
      }),
    ).toBeUndefined();
    expect(
      validateInput('PublishPackageVersion', {
        ...base,
        assetContent: { pipe() {} },
        assetSHA256: 'UNSIGNED-PAYLOAD',
      }),
    ).toMatch(
      /at 'assetSHA256' failed to satisfy constraint: Member must have length greater than or equal to 64/,
    );
    expect(validateInput('PublishPackageVersion', base)).toMatch(
      /Value null at 'assetContent'.*Value null at 'assetSHA256'/,
    );
  });
});
