/**
 * Package group operations in-process against a real store: descriptions with parent and origin
 * configuration, the documented errors, the hierarchy (parents, sub-groups, re-parenting on delete),
 * INHERIT chains, allowed-repository lists, listings with pagination and associated packages.
 */
import type { PackageFormat, PackageGroupDescription } from '@aws-sdk/client-codeartifact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConflictException,
  ResourceNotFoundException,
  ValidationException,
} from '../../../src/main/engine/errors';
import { requireDomain, requireRepository } from '../../../src/main/engine/lookups';
import {
  effectiveGroupRestrictions,
  isOriginAllowed,
} from '../../../src/main/engine/package-groups/origin-restrictions';
import { accountId, expectServiceError, openEngine, region, type EngineFixture } from '../engine-fixture';

const domain = 'acme';
const arnOf = (pattern: string) =>
  `arn:aws:codeartifact:${region}:${accountId}:package-group/${domain}${pattern}`;
const ref = (pattern: string) => ({ arn: arnOf(pattern), pattern });

describe('package groups', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openEngine();
    await engine.call('CreateDomain', { domain });
  });
  afterEach(async () => {
    await engine.close();
  });

  const create = async (pattern: string, extra: { description?: string; contactInfo?: string } = {}) =>
    (await engine.call('CreatePackageGroup', { domain, packageGroup: pattern, ...extra }))
      .packageGroup as PackageGroupDescription;
  const describeGroup = async (pattern: string) =>
    (await engine.call('DescribePackageGroup', { domain, packageGroup: pattern }))
      .packageGroup as PackageGroupDescription;
  const setRestrictions = (pattern: string, restrictions: Record<string, string>) =>
    engine.call('UpdatePackageGroupOriginConfiguration', { domain, packageGroup: pattern, restrictions });
  const associated = async (format: PackageFormat, pkg: string, namespace?: string) =>
    engine.call('GetAssociatedPackageGroup', { domain, format, namespace, package: pkg });
  const modes = (group: PackageGroupDescription | undefined) =>
    Object.fromEntries(
      Object.entries(group?.originConfiguration?.restrictions ?? {}).map(([type, r]) => [
        type,
        `${r.mode}->${r.effectiveMode}${r.inheritedFrom ? ` from ${r.inheritedFrom.pattern}` : ''}`,
      ]),
    );

  it('gives every domain a root group that allows everything and has no parent', async () => {
    const root = await describeGroup('/*');
    expect(root).toEqual({
      arn: arnOf('/*'),
      pattern: '/*',
      domainName: domain,
      domainOwner: accountId,
      createdTime: engine.now(),
      originConfiguration: {
        restrictions: {
          PUBLISH: { mode: 'INHERIT', effectiveMode: 'ALLOW', repositoriesCount: 0 },
          EXTERNAL_UPSTREAM: { mode: 'INHERIT', effectiveMode: 'ALLOW', repositoriesCount: 0 },
          INTERNAL_UPSTREAM: { mode: 'INHERIT', effectiveMode: 'ALLOW', repositoriesCount: 0 },
        },
      },
    });
  });

  it('creates a group in canonical form, with every field of the description filled', async () => {
    engine.advance(5_000);
    const created = await create('/pypi//Foo_Bar$', {
      description: 'the foo',
      contactInfo: 'team@acme.test',
    });
    expect(created).toEqual({
      arn: arnOf('/pypi//foo-bar$'),
      pattern: '/pypi//foo-bar$',
      domainName: domain,
      domainOwner: accountId,
      createdTime: engine.now(),
      description: 'the foo',
      contactInfo: 'team@acme.test',
      parent: ref('/*'),
      originConfiguration: {
        restrictions: {
          PUBLISH: {
            mode: 'INHERIT',
            effectiveMode: 'ALLOW',
            inheritedFrom: ref('/*'),
            repositoriesCount: 0,
          },
          EXTERNAL_UPSTREAM: {
            mode: 'INHERIT',
            effectiveMode: 'ALLOW',
            inheritedFrom: ref('/*'),
            repositoriesCount: 0,
          },
          INTERNAL_UPSTREAM: {
            mode: 'INHERIT',
            effectiveMode: 'ALLOW',
            inheritedFrom: ref('/*'),
            repositoriesCount: 0,
          },
        },
      },
    });
    // Any spelling that normalises to the pattern names the same group.
    expect(await describeGroup('/pypi//foo.bar$')).toEqual(created);
  });

  it('refuses a pattern the domain already has, in any spelling, and the root', async () => {
    await create('/nuget//newtonsoft.json$');
    await expectServiceError(create('/nuget//Newtonsoft.Json$'), ConflictException, {
      resourceId: '/nuget//newtonsoft.json$',
      message: /already exists/,
    });
    await expectServiceError(create('/*'), ConflictException, { resourceId: '/*' });
  });

  it('answers ResourceNotFoundException for an unknown domain or group, ValidationException for a bad pattern', async () => {
    await expectServiceError(
      engine.call('CreatePackageGroup', { domain: 'nope', packageGroup: '/npm/*' }),
      ResourceNotFoundException,
      { resourceId: 'nope', resourceType: 'domain' },
    );
    for (const operation of ['DescribePackageGroup', 'DeletePackageGroup', 'ListSubPackageGroups'] as const) {
      await expectServiceError(
        engine.call(operation, { domain, packageGroup: '/npm/*' }),
        ResourceNotFoundException,
        { resourceId: '/npm/*', message: /does not exist in domain 'acme'/ },
      );
    }
    await expectServiceError(
      engine.call('UpdatePackageGroup', { domain, packageGroup: '/npm/*', description: 'x' }),
      ResourceNotFoundException,
      { resourceId: '/npm/*' },
    );
    await expectServiceError(
      engine.call('ListAllowedRepositoriesForGroup', {
        domain,
        packageGroup: '/npm/*',
        originRestrictionType: 'PUBLISH',
      }),
      ResourceNotFoundException,
      { resourceId: '/npm/*' },
    );
    await expectServiceError(create('/npm/space'), ValidationException, { message: /must|ends in/ });
    await expectServiceError(
      engine.call('GetAssociatedPackageGroup', { domain: 'nope', format: 'npm', package: 'x' }),
      ResourceNotFoundException,
      { resourceType: 'domain' },
    );
  });

  it('updates description and contact information; an empty string clears, a missing member keeps', async () => {
    await create('/npm/*', { description: 'all npm', contactInfo: 'npm@acme.test' });
    const updated = await engine.call('UpdatePackageGroup', {
      domain,
      packageGroup: '/npm/*',
      description: 'npm!',
    });
    expect(updated.packageGroup?.description).toBe('npm!');
    expect(updated.packageGroup?.contactInfo).toBe('npm@acme.test');
    const cleared = await engine.call('UpdatePackageGroup', {
      domain,
      packageGroup: '/npm/*',
      contactInfo: '',
    });
    expect(cleared.packageGroup?.contactInfo).toBeUndefined();
    expect(await describeGroup('/npm/*')).toEqual(cleared.packageGroup);
  });

  describe('matching: a dozen patterns × a dozen packages', () => {
    const patterns = [
      '/npm/*',
      '/npm//*',
      '/npm//left~',
      '/npm/acme~',
      '/npm/acme-internal/*',
      '/npm/acme-internal/u~',
      '/npm/acme-internal/ui~',
      '/npm/acme-internal/ui-kit$',
      '/maven/com.acme~',
      '/maven/com.acme.tools/*',
      '/maven/org.x/lib$',
      '/pypi/*',
      '/pypi//django~',
      '/pypi//Requests$',
      '/nuget//Newtonsoft.Json$',
      '/swift/Apple/*',
    ];
    const table: [PackageFormat, string | undefined, string, string, 'STRONG' | 'WEAK'][] = [
      ['npm', undefined, 'left-pad', '/npm//left~', 'STRONG'],
      ['npm', undefined, 'lodash', '/npm//*', 'STRONG'],
      ['npm', 'acme', 'thing', '/npm/acme~', 'STRONG'],
      ['npm', '@acmeco', 'thing', '/npm/acme~', 'STRONG'],
      ['npm', 'acme-internal', 'ui-kit', '/npm/acme-internal/ui-kit$', 'STRONG'],
      ['npm', 'acme-internal', 'ui-button', '/npm/acme-internal/ui~', 'STRONG'],
      ['npm', 'acme-internal', 'utils', '/npm/acme-internal/u~', 'STRONG'],
      ['npm', 'acme-internal', 'core', '/npm/acme-internal/*', 'STRONG'],
      ['npm', 'other', 'left-pad', '/npm/*', 'STRONG'],
      ['maven', 'com.acme.tools', 'cli', '/maven/com.acme.tools/*', 'STRONG'],
      ['maven', 'com.acme.web', 'site', '/maven/com.acme~', 'STRONG'],
      ['maven', 'org.x', 'lib', '/maven/org.x/lib$', 'STRONG'],
      ['maven', 'org.x', 'lib-extra', '/*', 'STRONG'],
      ['pypi', undefined, 'requests', '/pypi//requests$', 'STRONG'],
      ['pypi', undefined, 'Requests', '/pypi//requests$', 'WEAK'],
      ['pypi', undefined, 'Django_Rest', '/pypi//django~', 'WEAK'],
      ['pypi', undefined, 'flask', '/pypi/*', 'STRONG'],
      ['nuget', undefined, 'Newtonsoft.Json', '/nuget//newtonsoft.json$', 'WEAK'],
      ['nuget', undefined, 'xunit', '/*', 'STRONG'],
      ['swift', 'Apple', 'swift-nio', '/swift/apple/*', 'WEAK'],
      ['swift', 'apple', 'swift-nio', '/swift/apple/*', 'STRONG'],
      ['cargo', undefined, 'serde', '/*', 'STRONG'],
      ['generic', 'tools', 'x', '/*', 'STRONG'],
    ];

    beforeEach(async () => {
      for (const pattern of patterns) await create(pattern);
    });

    it.each(table)('%s %s/%s belongs to %s (%s)', async (format, namespace, pkg, expected, strength) => {
      const result = await associated(format, pkg, namespace);
      expect(result.packageGroup?.pattern).toBe(expected);
      expect(result.associationType).toBe(strength);
    });

    it('derives each group’s parent from pattern specificity', async () => {
      const parents: Record<string, string | undefined> = {
        '/*': undefined,
        '/npm/*': '/*',
        '/npm//*': '/npm/*',
        '/npm//left~': '/npm//*',
        '/npm/acme~': '/npm/*',
        '/npm/acme-internal/*': '/npm/acme~',
        '/npm/acme-internal/u~': '/npm/acme-internal/*',
        '/npm/acme-internal/ui~': '/npm/acme-internal/u~',
        '/npm/acme-internal/ui-kit$': '/npm/acme-internal/ui~',
        '/maven/com.acme~': '/*',
        '/maven/com.acme.tools/*': '/maven/com.acme~',
        '/pypi//requests$': '/pypi/*',
        '/swift/apple/*': '/*',
      };
      for (const [pattern, parent] of Object.entries(parents)) {
        expect((await describeGroup(pattern)).parent?.pattern, pattern).toBe(parent);
      }
    });

    it('lists direct children only', async () => {
      const children = async (pattern: string) =>
        (await engine.call('ListSubPackageGroups', { domain, packageGroup: pattern })).packageGroups?.map(
          (group) => group.pattern,
        );
      expect(await children('/*')).toEqual([
        '/maven/com.acme~',
        '/maven/org.x/lib$',
        '/npm/*',
        '/nuget//newtonsoft.json$',
        '/pypi/*',
        '/swift/apple/*',
      ]);
      expect(await children('/npm/*')).toEqual(['/npm//*', '/npm/acme~']);
      expect(await children('/npm/acme-internal/*')).toEqual(['/npm/acme-internal/u~']);
      expect(await children('/npm/acme-internal/ui-kit$')).toEqual([]);
      const firstPage = await engine.call('ListSubPackageGroups', {
        domain,
        packageGroup: '/*',
        maxResults: 4,
      });
      expect(firstPage.packageGroups?.map((group) => group.pattern)).toHaveLength(4);
      const secondPage = await engine.call('ListSubPackageGroups', {
        domain,
        packageGroup: '/*',
        maxResults: 4,
        nextToken: firstPage.nextToken,
      });
      expect(secondPage.packageGroups?.map((group) => group.pattern)).toEqual(['/pypi/*', '/swift/apple/*']);
      expect(secondPage.nextToken).toBeUndefined();
    });
  });

  it('resolves INHERIT through three levels and reports where each mode comes from', async () => {
    await create('/npm/*');
    await create('/npm/acme/*');
    await create('/npm/acme/ui~');
    await setRestrictions('/npm/*', { PUBLISH: 'BLOCK', EXTERNAL_UPSTREAM: 'ALLOW_SPECIFIC_REPOSITORIES' });
    await setRestrictions('/npm/acme/*', { EXTERNAL_UPSTREAM: 'BLOCK' });
    expect(modes(await describeGroup('/npm/acme/ui~'))).toEqual({
      PUBLISH: 'INHERIT->BLOCK from /npm/*',
      EXTERNAL_UPSTREAM: 'INHERIT->BLOCK from /npm/acme/*',
      INTERNAL_UPSTREAM: 'INHERIT->ALLOW from /*',
    });
    await setRestrictions('/*', { INTERNAL_UPSTREAM: 'BLOCK' });
    await setRestrictions('/npm/acme/*', { PUBLISH: 'ALLOW', EXTERNAL_UPSTREAM: 'INHERIT' });
    expect(modes(await describeGroup('/npm/acme/ui~'))).toEqual({
      PUBLISH: 'INHERIT->ALLOW from /npm/acme/*',
      EXTERNAL_UPSTREAM: 'INHERIT->ALLOW_SPECIFIC_REPOSITORIES from /npm/*',
      INTERNAL_UPSTREAM: 'INHERIT->BLOCK from /*',
    });
    expect(modes(await describeGroup('/*'))).toEqual({
      PUBLISH: 'INHERIT->ALLOW',
      EXTERNAL_UPSTREAM: 'INHERIT->ALLOW',
      INTERNAL_UPSTREAM: 'BLOCK->BLOCK',
    });
    // The same resolution applies to packages, existing or not.
    const restrictions = engine.store.read((db) =>
      effectiveGroupRestrictions(db, requireDomain(db, domain, accountId), {
        format: 'npm',
        namespace: 'acme',
        name: 'ui-kit',
      }),
    );
    expect(restrictions.group?.pattern).toBe('/npm/acme/ui~');
    expect(restrictions.restrictions.PUBLISH.effectiveMode).toBe('ALLOW');
    expect(restrictions.restrictions.EXTERNAL_UPSTREAM.effectiveMode).toBe('ALLOW_SPECIFIC_REPOSITORIES');
    expect(restrictions.restrictions.INTERNAL_UPSTREAM.effectiveMode).toBe('BLOCK');
  });

  it('deleting a middle group re-parents its children, which then inherit from the new parent, and keeps packages', async () => {
    await engine.call('CreateRepository', { domain, repository: 'libs' });
    await create('/npm/*');
    await create('/npm/acme/*');
    await create('/npm/acme/ui~');
    await create('/npm/acme/core$');
    await setRestrictions('/npm/*', { PUBLISH: 'ALLOW' });
    await setRestrictions('/npm/acme/*', { PUBLISH: 'BLOCK' });
    await engine.call('PutPackageOriginConfiguration', {
      domain,
      repository: 'libs',
      format: 'npm',
      namespace: 'acme',
      package: 'tools',
      restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
    });
    expect(modes(await describeGroup('/npm/acme/ui~')).PUBLISH).toBe('INHERIT->BLOCK from /npm/acme/*');

    const deleted = await engine.call('DeletePackageGroup', { domain, packageGroup: '/npm/acme/*' });
    expect(deleted.packageGroup?.pattern).toBe('/npm/acme/*');
    expect(deleted.packageGroup?.parent).toEqual(ref('/npm/*'));
    expect(modes(deleted.packageGroup).PUBLISH).toBe('BLOCK->BLOCK');

    const ui = await describeGroup('/npm/acme/ui~');
    expect(ui.parent).toEqual(ref('/npm/*'));
    expect(modes(ui).PUBLISH).toBe('INHERIT->ALLOW from /npm/*');
    const subGroups = await engine.call('ListSubPackageGroups', { domain, packageGroup: '/npm/*' });
    expect(subGroups.packageGroups?.map((group) => group.pattern)).toEqual([
      '/npm/acme/core$',
      '/npm/acme/ui~',
    ]);
    // The package stays, now associated with the next most specific group.
    const packages = await engine.call('ListPackages', { domain, repository: 'libs' });
    expect(packages.packages?.map((pkg) => pkg.package)).toEqual(['tools']);
    expect((await associated('npm', 'tools', 'acme')).packageGroup?.pattern).toBe('/npm/*');
    await expectServiceError(
      engine.call('DescribePackageGroup', { domain, packageGroup: '/npm/acme/*' }),
      ResourceNotFoundException,
    );
  });

  it('never deletes the root group', async () => {
    await expectServiceError(
      engine.call('DeletePackageGroup', { domain, packageGroup: '/*' }),
      ValidationException,
      { message: /root package group/ },
    );
    expect((await describeGroup('/*')).pattern).toBe('/*');
  });

  it('allows specific repositories: one allowed, another blocked, lists listed and counted', async () => {
    for (const repository of ['allowed', 'other', 'third'])
      await engine.call('CreateRepository', { domain, repository });
    await create('/generic/acme/*');
    const updated = await engine.call('UpdatePackageGroupOriginConfiguration', {
      domain,
      packageGroup: '/generic/acme/*',
      restrictions: { PUBLISH: 'ALLOW_SPECIFIC_REPOSITORIES' },
      addAllowedRepositories: [
        { originRestrictionType: 'PUBLISH', repositoryName: 'allowed' },
        { originRestrictionType: 'PUBLISH', repositoryName: 'third' },
        { originRestrictionType: 'PUBLISH', repositoryName: 'allowed' },
        { originRestrictionType: 'INTERNAL_UPSTREAM', repositoryName: 'other' },
      ],
    });
    expect(updated.allowedRepositoryUpdates).toEqual({
      PUBLISH: { ADDED: ['allowed', 'third'] },
      INTERNAL_UPSTREAM: { ADDED: ['other'] },
    });
    expect(updated.packageGroup?.originConfiguration?.restrictions?.PUBLISH).toEqual({
      mode: 'ALLOW_SPECIFIC_REPOSITORIES',
      effectiveMode: 'ALLOW_SPECIFIC_REPOSITORIES',
      repositoriesCount: 2,
    });
    expect(
      updated.packageGroup?.originConfiguration?.restrictions?.INTERNAL_UPSTREAM?.repositoriesCount,
    ).toBe(1);

    const allowed = (repository: string, type: 'PUBLISH' | 'INTERNAL_UPSTREAM', name = 'tool') =>
      engine.store.read((db) => {
        const domainRow = requireDomain(db, domain, accountId);
        return isOriginAllowed(
          db,
          domainRow,
          requireRepository(db, domainRow, repository),
          {
            format: 'generic',
            namespace: 'acme',
            name,
          },
          type,
        );
      });
    expect(allowed('allowed', 'PUBLISH')).toBe(true);
    expect(allowed('other', 'PUBLISH')).toBe(false);
    // A list counts only while the mode is ALLOW_SPECIFIC_REPOSITORIES.
    expect(allowed('allowed', 'INTERNAL_UPSTREAM')).toBe(true);

    // A child that inherits uses the list of the group it inherits from.
    await create('/generic/acme/sub~');
    expect(allowed('allowed', 'PUBLISH', 'sub-tool')).toBe(true);
    expect(allowed('other', 'PUBLISH', 'sub-tool')).toBe(false);

    const page1 = await engine.call('ListAllowedRepositoriesForGroup', {
      domain,
      packageGroup: '/generic/acme/*',
      originRestrictionType: 'PUBLISH',
      maxResults: 1,
    });
    expect(page1.allowedRepositories).toEqual(['allowed']);
    const page2 = await engine.call('ListAllowedRepositoriesForGroup', {
      domain,
      packageGroup: '/generic/acme/*',
      originRestrictionType: 'PUBLISH',
      maxResults: 1,
      nextToken: page1.nextToken,
    });
    expect(page2).toEqual({ allowedRepositories: ['third'], nextToken: undefined });

    const removed = await engine.call('UpdatePackageGroupOriginConfiguration', {
      domain,
      packageGroup: '/generic/acme/*',
      removeAllowedRepositories: [{ originRestrictionType: 'PUBLISH', repositoryName: 'allowed' }],
    });
    expect(removed.allowedRepositoryUpdates).toEqual({ PUBLISH: { REMOVED: ['allowed'] } });
    expect(removed.packageGroup?.originConfiguration?.restrictions?.PUBLISH?.repositoriesCount).toBe(1);
    expect(allowed('allowed', 'PUBLISH')).toBe(false);

    // A deleted repository leaves every list.
    await engine.call('DeleteRepository', { domain, repository: 'third' });
    const after = await engine.call('ListAllowedRepositoriesForGroup', {
      domain,
      packageGroup: '/generic/acme/*',
      originRestrictionType: 'PUBLISH',
    });
    expect(after.allowedRepositories).toEqual([]);
  });

  it('checks allowed-repository updates: known repositories, complete entries, no add-and-remove', async () => {
    await engine.call('CreateRepository', { domain, repository: 'libs' });
    await create('/npm/*');
    const update = (input: object) =>
      engine.call('UpdatePackageGroupOriginConfiguration', { domain, packageGroup: '/npm/*', ...input });
    await expectServiceError(
      update({ addAllowedRepositories: [{ originRestrictionType: 'PUBLISH', repositoryName: 'ghost' }] }),
      ResourceNotFoundException,
      { resourceId: 'ghost', resourceType: 'repository' },
    );
    await expectServiceError(
      update({ addAllowedRepositories: [{ repositoryName: 'libs' }] }),
      ValidationException,
      {
        message: /originRestrictionType/,
      },
    );
    await expectServiceError(
      update({
        addAllowedRepositories: [{ originRestrictionType: 'PUBLISH', repositoryName: 'libs' }],
        removeAllowedRepositories: [{ originRestrictionType: 'PUBLISH', repositoryName: 'libs' }],
      }),
      ValidationException,
      { message: /both added to and removed/ },
    );
    await expectServiceError(update({ restrictions: { PUBLISH: 'MAYBE' } }), ValidationException, {
      message: /'MAYBE' is not a mode/,
    });
    await expectServiceError(update({ restrictions: { DOWNLOAD: 'ALLOW' } }), ValidationException, {
      message: /'DOWNLOAD' is not an origin restriction type/,
    });
    // A failed update changes nothing.
    expect(modes(await describeGroup('/npm/*')).PUBLISH).toBe('INHERIT->ALLOW from /*');
  });

  it('lists groups sorted by pattern, filtered by prefix, in pages', async () => {
    const patterns = ['/npm/*', '/npm/a/*', '/npm/b/*', '/npm/c/*', '/pypi/*', '/maven/m/*'];
    for (const pattern of patterns) await create(pattern);
    const all = await engine.call('ListPackageGroups', { domain });
    expect(all.packageGroups?.map((group) => group.pattern)).toEqual([...patterns, '/*'].sort());
    expect(all.packageGroups?.find((group) => group.pattern === '/npm/b/*')).toEqual(
      await describeGroup('/npm/b/*'),
    );

    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await engine.call('ListPackageGroups', {
        domain,
        prefix: '/npm/',
        maxResults: 3,
        nextToken,
      });
      expect(page.packageGroups?.length).toBeLessThanOrEqual(3);
      seen.push(...(page.packageGroups ?? []).map((group) => group.pattern as string));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toEqual(['/npm/*', '/npm/a/*', '/npm/b/*', '/npm/c/*']);
    await expectServiceError(
      engine.call('ListPackageGroups', { domain, nextToken: 'bm90LWEtdG9rZW4' }),
      ValidationException,
    );
  });

  it('lists the packages associated with a group across repositories, with and without preview', async () => {
    for (const repository of ['one', 'two']) await engine.call('CreateRepository', { domain, repository });
    const put = (repository: string, format: PackageFormat, pkg: string, namespace?: string) =>
      engine.call('PutPackageOriginConfiguration', {
        domain,
        repository,
        format,
        namespace,
        package: pkg,
        restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
      });
    await put('one', 'npm', 'ui', 'acme');
    await put('two', 'npm', 'ui', 'acme');
    await put('one', 'npm', 'core', 'acme');
    await put('two', 'npm', 'left-pad');
    await put('one', 'pypi', 'Requests');
    await put('two', 'npm', 'ui-kit', 'acme');
    await create('/npm/*');
    await create('/npm/acme/ui-kit$');

    const list = async (pattern: string, preview?: boolean, maxResults?: number, nextToken?: string) =>
      engine.call('ListAssociatedPackages', {
        domain,
        packageGroup: pattern,
        preview,
        maxResults,
        nextToken,
      });
    expect((await list('/npm/*')).packages).toEqual([
      { format: 'npm', package: 'left-pad', associationType: 'STRONG' },
      { format: 'npm', namespace: 'acme', package: 'core', associationType: 'STRONG' },
      { format: 'npm', namespace: 'acme', package: 'ui', associationType: 'STRONG' },
    ]);
    expect((await list('/*')).packages).toEqual([
      { format: 'pypi', package: 'requests', associationType: 'STRONG' },
    ]);
    expect((await list('/npm/acme/ui-kit$')).packages).toEqual([
      { format: 'npm', namespace: 'acme', package: 'ui-kit', associationType: 'STRONG' },
    ]);

    // A group that does not exist: an error, unless previewing what it would hold.
    await expectServiceError(list('/npm/acme/u~'), ResourceNotFoundException, { resourceId: '/npm/acme/u~' });
    expect((await list('/npm/acme/u~', true)).packages?.map((pkg) => pkg.package)).toEqual(['ui']);
    expect((await list('/npm/*', true)).packages).toEqual((await list('/npm/*')).packages);

    const first = await list('/npm/*', false, 2);
    expect(first.packages?.map((pkg) => pkg.package)).toEqual(['left-pad', 'core']);
    const second = await list('/npm/*', false, 2, first.nextToken);
    expect(second).toEqual({
      packages: [{ format: 'npm', namespace: 'acme', package: 'ui', associationType: 'STRONG' }],
      nextToken: undefined,
    });
  });

  it('keeps groups, settings and lists across a reopen of the store', async () => {
    await engine.call('CreateRepository', { domain, repository: 'libs' });
    await create('/npm/acme/*', { description: 'acme scope' });
    await engine.call('UpdatePackageGroupOriginConfiguration', {
      domain,
      packageGroup: '/npm/acme/*',
      restrictions: { PUBLISH: 'ALLOW_SPECIFIC_REPOSITORIES', EXTERNAL_UPSTREAM: 'BLOCK' },
      addAllowedRepositories: [{ originRestrictionType: 'PUBLISH', repositoryName: 'libs' }],
    });
    const before = await describeGroup('/npm/acme/*');
    await engine.reopen();
    expect(await describeGroup('/npm/acme/*')).toEqual(before);
  });

  it('tags a group at creation and forgets its tags when it is deleted', async () => {
    const created = await engine.call('CreatePackageGroup', {
      domain,
      packageGroup: '/npm/*',
      tags: [{ key: 'team', value: 'web' }],
    });
    const arn = created.packageGroup?.arn as string;
    expect((await engine.call('ListTagsForResource', { resourceArn: arn })).tags).toEqual([
      { key: 'team', value: 'web' },
    ]);
    await engine.call('DeletePackageGroup', { domain, packageGroup: '/npm/*' });
    await create('/npm/*');
    expect((await engine.call('ListTagsForResource', { resourceArn: arn })).tags).toEqual([]);
  });
});
