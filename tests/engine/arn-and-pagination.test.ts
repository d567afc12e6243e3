// The pure helpers: ARN building and parsing, next tokens and page sizes.
import { describe, expect, it } from 'vitest';
import { domainArn, packageGroupArn, parseCodeArtifactArn, repositoryArn } from '../../src/main/engine/arn';
import { ValidationException } from '../../src/main/engine/errors';
import { decodeNextToken, encodeNextToken, pageSize } from '../../src/main/engine/pagination';

const config = { accountId: '111122223333', region: 'us-west-2', endpointUrl: () => 'http://127.0.0.1:1' };

describe('ARNs', () => {
  it('round-trips domain, repository and package group ARNs', () => {
    const domain = domainArn(config, '111122223333', 'acme');
    expect(domain).toBe('arn:aws:codeartifact:us-west-2:111122223333:domain/acme');
    expect(parseCodeArtifactArn(domain)).toMatchObject({
      resourceType: 'domain',
      domain: 'acme',
      region: 'us-west-2',
    });

    const repository = repositoryArn(config, '111122223333', 'acme', 'my.repo_1');
    expect(repository).toBe('arn:aws:codeartifact:us-west-2:111122223333:repository/acme/my.repo_1');
    expect(parseCodeArtifactArn(repository)).toMatchObject({
      resourceType: 'repository',
      domain: 'acme',
      repository: 'my.repo_1',
    });

    const group = packageGroupArn(config, '111122223333', 'acme', '/npm/space/ui~');
    expect(group).toBe('arn:aws:codeartifact:us-west-2:111122223333:package-group/acme/npm/space/ui~');
    expect(parseCodeArtifactArn(group)).toMatchObject({
      resourceType: 'package-group',
      domain: 'acme',
      pattern: '/npm/space/ui~',
    });
  });

  it('recognises other resource types without accepting them as taggable', () => {
    expect(
      parseCodeArtifactArn('arn:aws:codeartifact:us-west-2:111122223333:package/acme/libs/npm//x'),
    ).toMatchObject({
      resourceType: 'other',
      type: 'package',
    });
  });

  it.each([
    '',
    'arn:aws:codeartifact',
    'arn:aws:iam::111122223333:role/x',
    'arn::codeartifact:us-west-2:111122223333:domain/acme',
    'arn:aws:codeartifact::111122223333:domain/acme',
    'arn:aws:codeartifact:us-west-2:11112222333:domain/acme',
    'arn:aws:codeartifact:us-west-2:111122223333:domain/',
    'arn:aws:codeartifact:us-west-2:111122223333:package-group/acme',
  ])('refuses %j', (arn) => {
    expect(() => parseCodeArtifactArn(arn)).toThrow(ValidationException);
  });
});

describe('pagination', () => {
  it('round-trips a key through an opaque URL-safe token', () => {
    const token = encodeNextToken('L', ['a/b', 3]);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeNextToken('L', token, 2)).toEqual(['a/b', 3]);
    expect(decodeNextToken('L', undefined, 2)).toBeUndefined();
  });

  it('refuses tokens of another listing, another arity, or garbage', () => {
    const token = encodeNextToken('L', ['a']);
    expect(() => decodeNextToken('M', token, 1)).toThrow(ValidationException);
    expect(() => decodeNextToken('L', token, 2)).toThrow(ValidationException);
    expect(() => decodeNextToken('L', '%%%', 1)).toThrow(ValidationException);
    expect(() => decodeNextToken('L', Buffer.from('{"l":"L","k":[{}]}').toString('base64url'), 1)).toThrow(
      ValidationException,
    );
  });

  it('defaults the page size to 100 and bounds it to 1..1000', () => {
    expect(pageSize(undefined)).toBe(100);
    expect(pageSize(1)).toBe(1);
    expect(pageSize(1000)).toBe(1000);
    expect(() => pageSize(0)).toThrow(ValidationException);
    expect(() => pageSize(1001)).toThrow(ValidationException);
  });
});
