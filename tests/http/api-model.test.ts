/**
 * The hand-written API model against the API reference: every operation at the method and path the
 * spec gives, and the shapes that carry the trickiest wire bindings.
 */
import { describe, expect, it } from 'vitest';
import { apiModel, findOperation, methodsAt } from '../../src/shared/api-model';
import type { Shape, StructureShape } from '../../src/shared/api-model/shape-dsl';
import { operationNames } from '../../src/shared/operations';

// Method and path of each operation, as the "Request Syntax" sections of the API reference state them.
const specRoutes: Record<string, string> = {
  AssociateExternalConnection: 'POST /v1/repository/external-connection',
  CopyPackageVersions: 'POST /v1/package/versions/copy',
  CreateDomain: 'POST /v1/domain',
  CreatePackageGroup: 'POST /v1/package-group',
  CreateRepository: 'POST /v1/repository',
  DeleteDomain: 'DELETE /v1/domain',
  DeleteDomainPermissionsPolicy: 'DELETE /v1/domain/permissions/policy',
  DeletePackage: 'DELETE /v1/package',
  DeletePackageGroup: 'DELETE /v1/package-group',
  DeletePackageVersions: 'POST /v1/package/versions/delete',
  DeleteRepository: 'DELETE /v1/repository',
  DeleteRepositoryPermissionsPolicy: 'DELETE /v1/repository/permissions/policies',
  DescribeDomain: 'GET /v1/domain',
  DescribePackage: 'GET /v1/package',
  DescribePackageGroup: 'GET /v1/package-group',
  DescribePackageVersion: 'GET /v1/package/version',
  DescribeRepository: 'GET /v1/repository',
  DisassociateExternalConnection: 'DELETE /v1/repository/external-connection',
  DisposePackageVersions: 'POST /v1/package/versions/dispose',
  GetAssociatedPackageGroup: 'GET /v1/get-associated-package-group',
  GetAuthorizationToken: 'POST /v1/authorization-token',
  GetDomainPermissionsPolicy: 'GET /v1/domain/permissions/policy',
  GetPackageVersionAsset: 'GET /v1/package/version/asset',
  GetPackageVersionReadme: 'GET /v1/package/version/readme',
  GetRepositoryEndpoint: 'GET /v1/repository/endpoint',
  GetRepositoryPermissionsPolicy: 'GET /v1/repository/permissions/policy',
  ListAllowedRepositoriesForGroup: 'GET /v1/package-group-allowed-repositories',
  ListAssociatedPackages: 'GET /v1/list-associated-packages',
  ListDomains: 'POST /v1/domains',
  ListPackageGroups: 'POST /v1/package-groups',
  ListPackageVersionAssets: 'POST /v1/package/version/assets',
  ListPackageVersionDependencies: 'POST /v1/package/version/dependencies',
  ListPackageVersions: 'POST /v1/package/versions',
  ListPackages: 'POST /v1/packages',
  ListRepositories: 'POST /v1/repositories',
  ListRepositoriesInDomain: 'POST /v1/domain/repositories',
  ListSubPackageGroups: 'POST /v1/package-groups/sub-groups',
  ListTagsForResource: 'POST /v1/tags',
  PublishPackageVersion: 'POST /v1/package/version/publish',
  PutDomainPermissionsPolicy: 'PUT /v1/domain/permissions/policy',
  PutPackageOriginConfiguration: 'POST /v1/package',
  PutRepositoryPermissionsPolicy: 'PUT /v1/repository/permissions/policy',
  TagResource: 'POST /v1/tag',
  UntagResource: 'POST /v1/untag',
  UpdatePackageGroup: 'PUT /v1/package-group',
  UpdatePackageGroupOriginConfiguration: 'PUT /v1/package-group-origin-configuration',
  UpdatePackageVersionsStatus: 'POST /v1/package/versions/update_status',
  UpdateRepository: 'PUT /v1/repository',
};

function member(shape: StructureShape, name: string) {
  const found = shape.members[name];
  if (!found) throw new Error(`${shape.name} has no member ${name}`);
  return found;
}

function allShapes(shape: Shape, seen = new Set<Shape>()): Shape[] {
  if (seen.has(shape)) return [];
  seen.add(shape);
  const nested =
    shape.kind === 'structure'
      ? Object.values(shape.members).map((m) => m.shape)
      : shape.kind === 'list'
        ? [shape.member]
        : shape.kind === 'map'
          ? [shape.key, shape.value]
          : [];
  return [shape, ...nested.flatMap((child) => allShapes(child, seen))];
}

describe('API model', () => {
  it('describes all 48 operations at the method and path of the spec', () => {
    expect(Object.keys(specRoutes)).toHaveLength(48);
    expect(Object.keys(apiModel).sort()).toEqual([...operationNames].sort());
    for (const name of operationNames) {
      const operation = apiModel[name];
      expect(`${operation.method} ${operation.path}`, name).toBe(specRoutes[name]);
      expect(operation.name).toBe(name);
      expect(operation.successStatus, name).toBe(200);
      expect(operation.errors, name).toContain('ValidationException');
    }
  });

  it('routes each method and path to exactly one operation', () => {
    for (const [name, route] of Object.entries(specRoutes)) {
      const [method, path] = route.split(' ') as [string, string];
      expect(findOperation(method, path)?.name, route).toBe(name);
    }
    expect(findOperation('GET', '/v1/nothing-here')).toBeUndefined();
    expect(findOperation('PATCH', '/v1/domain')).toBeUndefined();
    // Three operations share /v1/package and differ by method only.
    expect(methodsAt('/v1/package').sort()).toEqual(['DELETE', 'GET', 'POST']);
  });

  it('binds the domain to the query everywhere except PutDomainPermissionsPolicy', () => {
    expect(member(apiModel.CreateDomain.input, 'domain')).toMatchObject({
      location: 'querystring',
      wireName: 'domain',
      required: true,
    });
    expect(member(apiModel.DescribeDomain.input, 'domainOwner')).toMatchObject({
      location: 'querystring',
      wireName: 'domain-owner',
      required: false,
    });
    expect(member(apiModel.PutDomainPermissionsPolicy.input, 'domain')).toMatchObject({
      location: 'body',
      wireName: 'domain',
      required: true,
    });
    expect(member(apiModel.PutRepositoryPermissionsPolicy.input, 'policyDocument').location).toBe('body');
  });

  it('streams PublishPackageVersion and binds its SHA-256 to the signing header', () => {
    const input = apiModel.PublishPackageVersion.input;
    expect(member(input, 'assetContent')).toMatchObject({
      location: 'payload',
      required: true,
      shape: { kind: 'blob', streaming: true },
    });
    expect(member(input, 'assetSHA256')).toMatchObject({
      location: 'header',
      wireName: 'x-amz-content-sha256',
      required: true,
    });
    expect(member(input, 'assetName')).toMatchObject({ location: 'querystring', wireName: 'asset' });
    expect(member(input, 'packageVersion')).toMatchObject({ location: 'querystring', wireName: 'version' });
    expect(member(input, 'unfinished')).toMatchObject({
      location: 'querystring',
      shape: { kind: 'boolean' },
    });
  });

  it('answers GetPackageVersionAsset with headers and a streaming payload', () => {
    const output = apiModel.GetPackageVersionAsset.output;
    expect(member(output, 'asset')).toMatchObject({
      location: 'payload',
      shape: { kind: 'blob', streaming: true },
    });
    expect(member(output, 'assetName')).toMatchObject({ location: 'header', wireName: 'X-AssetName' });
    expect(member(output, 'packageVersion')).toMatchObject({
      location: 'header',
      wireName: 'X-PackageVersion',
    });
    expect(member(output, 'packageVersionRevision')).toMatchObject({
      location: 'header',
      wireName: 'X-PackageVersionRevision',
    });
    expect(member(apiModel.GetPackageVersionAsset.input, 'packageVersionRevision').wireName).toBe('revision');
  });

  it('keeps paging in the body for ListDomains and in the query elsewhere', () => {
    expect(member(apiModel.ListDomains.input, 'maxResults')).toMatchObject({
      location: 'body',
      shape: { kind: 'integer', min: 1, max: 1000 },
    });
    expect(member(apiModel.ListRepositories.input, 'maxResults')).toMatchObject({
      location: 'querystring',
      wireName: 'max-results',
    });
    expect(member(apiModel.ListPackageVersions.input, 'nextToken')).toMatchObject({
      location: 'querystring',
      wireName: 'next-token',
    });
    expect(member(apiModel.GetAuthorizationToken.input, 'durationSeconds')).toMatchObject({
      wireName: 'duration',
      shape: { kind: 'long', min: 0, max: 43200 },
    });
    expect(member(apiModel.UntagResource.input, 'tagKeys')).toMatchObject({
      location: 'body',
      required: true,
      shape: { kind: 'list', max: 200 },
    });
  });

  it('defines shared shapes once and reuses them', () => {
    const domainInCreate = member(apiModel.CreateDomain.input, 'domain').shape;
    const domainInList = member(apiModel.ListPackages.input, 'domain').shape;
    expect(domainInCreate).toBe(domainInList);
    expect(domainInCreate).toMatchObject({ kind: 'string', name: 'DomainName', min: 2, max: 50 });
    expect(member(apiModel.CreateRepository.input, 'tags').shape).toBe(
      member(apiModel.CreatePackageGroup.input, 'tags').shape,
    );
    expect(member(apiModel.DescribePackage.input, 'format').shape).toMatchObject({
      name: 'PackageFormat',
      enum: ['npm', 'pypi', 'maven', 'nuget', 'generic', 'ruby', 'swift', 'cargo'],
    });
  });

  it('translates every model pattern to an anchored Unicode RegExp', () => {
    const patterns = new Set<RegExp>();
    for (const operation of Object.values(apiModel)) {
      for (const shape of [...allShapes(operation.input), ...allShapes(operation.output)]) {
        if (shape.kind === 'string' && shape.pattern) patterns.add(shape.pattern.regex);
      }
    }
    expect(patterns.size).toBeGreaterThan(10);
    for (const regex of patterns) {
      expect(regex.flags).toContain('u');
      expect(regex.source.startsWith('^') && regex.source.endsWith('$'), regex.source).toBe(true);
    }
  });

  it('declares the errors each operation may return, per the spec', () => {
    expect([...apiModel.ListTagsForResource.errors].sort()).toEqual([
      'AccessDeniedException',
      'ResourceNotFoundException',
      'ThrottlingException',
      'ValidationException',
    ]);
    expect(apiModel.DeleteDomain.errors).not.toContain('ResourceNotFoundException');
    expect(apiModel.GetAssociatedPackageGroup.errors).not.toContain('ThrottlingException');
    expect(apiModel.CreateDomain.errors).toHaveLength(7);
  });
});
