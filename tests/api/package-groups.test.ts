/**
 * Package groups through the real SDK against `serve`: every operation's happy path and documented
 * errors, the matching table (prefix vs exact vs wildcard, namespace-less formats, normalised names),
 * parents and sub-groups, INHERIT chains three levels deep, ALLOW_SPECIFIC_REPOSITORIES lists, and
 * deleting a middle group re-parenting its children.
 */
import {
  ConflictException,
  CreateDomainCommand,
  CreatePackageGroupCommand,
  CreateRepositoryCommand,
  DeletePackageGroupCommand,
  DescribePackageGroupCommand,
  GetAssociatedPackageGroupCommand,
  ListAllowedRepositoriesForGroupCommand,
  ListAssociatedPackagesCommand,
  ListPackageGroupsCommand,
  ListSubPackageGroupsCommand,
  ListTagsForResourceCommand,
  PutPackageOriginConfigurationCommand,
  ResourceNotFoundException,
  UpdatePackageGroupCommand,
  UpdatePackageGroupOriginConfigurationCommand,
  ValidationException,
  type CodeartifactClient,
  type PackageFormat,
  type PackageGroupDescription,
  type PackageGroupOriginRestrictionMode,
  type PackageGroupOriginRestrictionType,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, expectValidationError } from '../helpers/expect-error';
import { collectPages, expectRecentDate } from '../helpers/resources';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let client: CodeartifactClient;

const arnOf = (domain: string, pattern: string) =>
  `arn:aws:codeartifact:${serve.region}:${serve.accountId}:package-group/${domain}${pattern}`;
const ref = (domain: string, pattern: string) => ({ arn: arnOf(domain, pattern), pattern });

async function newDomain(domain: string, repositories: string[] = []): Promise<void> {
  await client.send(new CreateDomainCommand({ domain }));
  for (const repository of repositories)
    await client.send(new CreateRepositoryCommand({ domain, repository }));
}

async function createGroup(domain: string, packageGroup: string): Promise<PackageGroupDescription> {
  const { packageGroup: created } = await client.send(
    new CreatePackageGroupCommand({ domain, packageGroup }),
  );
  return created as PackageGroupDescription;
}

async function describeGroup(domain: string, packageGroup: string): Promise<PackageGroupDescription> {
  const { packageGroup: described } = await client.send(
    new DescribePackageGroupCommand({ domain, packageGroup }),
  );
  return described as PackageGroupDescription;
}

function setRestrictions(
  domain: string,
  packageGroup: string,
  restrictions: Partial<Record<PackageGroupOriginRestrictionType, PackageGroupOriginRestrictionMode>>,
) {
  return client.send(
    new UpdatePackageGroupOriginConfigurationCommand({ domain, packageGroup, restrictions }),
  );
}

/** `MODE->EFFECTIVE[ from PATTERN]` per restriction type: what a reader of the description sees. */
function modes(group: PackageGroupDescription | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(group?.originConfiguration?.restrictions ?? {}).map(([type, restriction]) => [
      type,
      `${restriction.mode}->${restriction.effectiveMode}${
        restriction.inheritedFrom ? ` from ${restriction.inheritedFrom.pattern}` : ''
      }`,
    ]),
  );
}

beforeAll(async () => {
  serve = await startServe();
  client = serve.client();
});

afterAll(async () => {
  await serve?.dispose();
});

describe('CreatePackageGroup, DescribePackageGroup, UpdatePackageGroup', () => {
  const domain = 'groups-basic';
  beforeAll(() => newDomain(domain));

  it('every domain has the root group /*, which allows every origin and has no parent', async () => {
    const root = await describeGroup(domain, '/*');
    expect(root.arn).toBe(arnOf(domain, '/*'));
    expect(root.parent).toBeUndefined();
    expectRecentDate(root.createdTime);
    expect(modes(root)).toEqual({
      PUBLISH: 'INHERIT->ALLOW',
      EXTERNAL_UPSTREAM: 'INHERIT->ALLOW',
      INTERNAL_UPSTREAM: 'INHERIT->ALLOW',
    });
  });

  it('creates a group with every description field filled, in canonical form, and tags it', async () => {
    const { packageGroup } = await client.send(
      new CreatePackageGroupCommand({
        domain,
        packageGroup: '/pypi//Django_REST~',
        description: 'REST frameworks',
        contactInfo: 'web@acme.test',
        tags: [{ key: 'team', value: 'web' }],
      }),
    );
    expect(packageGroup).toMatchObject({
      arn: arnOf(domain, '/pypi//django-rest~'),
      pattern: '/pypi//django-rest~',
      domainName: domain,
      domainOwner: serve.accountId,
      description: 'REST frameworks',
      contactInfo: 'web@acme.test',
      parent: ref(domain, '/*'),
    });
    expectRecentDate(packageGroup?.createdTime);
    for (const type of ['PUBLISH', 'EXTERNAL_UPSTREAM', 'INTERNAL_UPSTREAM'] as const) {
      expect(packageGroup?.originConfiguration?.restrictions?.[type]).toEqual({
        mode: 'INHERIT',
        effectiveMode: 'ALLOW',
        inheritedFrom: ref(domain, '/*'),
        repositoriesCount: 0,
      });
    }
    expect(await describeGroup(domain, '/pypi//django.rest~')).toEqual(packageGroup);
    const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: packageGroup?.arn }));
    expect(tags.tags).toEqual([{ key: 'team', value: 'web' }]);
  });

  it('updates description and contact information', async () => {
    await createGroup(domain, '/cargo/*');
    const { packageGroup } = await client.send(
      new UpdatePackageGroupCommand({
        domain,
        packageGroup: '/cargo/*',
        description: 'crates',
        contactInfo: 'rs@acme.test',
      }),
    );
    expect(packageGroup).toMatchObject({
      pattern: '/cargo/*',
      description: 'crates',
      contactInfo: 'rs@acme.test',
    });
    const cleared = await client.send(
      new UpdatePackageGroupCommand({ domain, packageGroup: '/cargo/*', description: '' }),
    );
    expect(cleared.packageGroup?.description).toBeUndefined();
    expect(cleared.packageGroup?.contactInfo).toBe('rs@acme.test');
  });

  it('refuses an existing pattern (ConflictException), in any spelling', async () => {
    await createGroup(domain, '/nuget//newtonsoft.json$');
    await expectServiceError(
      client.send(new CreatePackageGroupCommand({ domain, packageGroup: '/nuget//Newtonsoft.Json$' })),
      ConflictException,
      { status: 409, resourceId: '/nuget//newtonsoft.json$' },
    );
    await expectServiceError(
      client.send(new CreatePackageGroupCommand({ domain, packageGroup: '/*' })),
      ConflictException,
      {
        status: 409,
      },
    );
  });

  it('answers ResourceNotFoundException for an unknown domain or group', async () => {
    await expectServiceError(
      client.send(new CreatePackageGroupCommand({ domain: 'no-such-domain', packageGroup: '/npm/*' })),
      ResourceNotFoundException,
      { status: 404, resourceId: 'no-such-domain', resourceType: 'domain' },
    );
    await expectServiceError(
      client.send(new DescribePackageGroupCommand({ domain, packageGroup: '/npm/nobody/*' })),
      ResourceNotFoundException,
      { status: 404, resourceId: '/npm/nobody/*' },
    );
    await expectServiceError(
      client.send(new UpdatePackageGroupCommand({ domain, packageGroup: '/npm/nobody/*', description: 'x' })),
      ResourceNotFoundException,
      { status: 404, resourceId: '/npm/nobody/*' },
    );
  });

  it('answers ValidationException for patterns that break the grammar or the model', async () => {
    const cases: [string, RegExp][] = [
      ['/npm/space', /must end|ends in/],
      ['/npm/sp*', /'\*' must follow a '\/'/],
      ['/pypi/space/*', /pypi packages have no namespace/],
      ['/maven//lib$', /maven packages always have a namespace/],
      ['/docker/*', /'docker' is not a package format/],
    ];
    for (const [packageGroup, message] of cases) {
      await expectServiceError(
        client.send(new CreatePackageGroupCommand({ domain, packageGroup })),
        ValidationException,
        {
          status: 400,
          message,
        },
      );
    }
    await expectValidationError(
      client.send(new CreatePackageGroupCommand({ domain, packageGroup: '/npm/a b/*' })),
      'packageGroup',
    );
    await expectValidationError(
      client.send(new CreatePackageGroupCommand({ domain, packageGroup: `/generic/ns/${'x'.repeat(520)}$` })),
      'packageGroup',
    );
  });
});

describe('matching: which group a package belongs to', () => {
  const domain = 'groups-matching';
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
  beforeAll(async () => {
    await newDomain(domain);
    for (const pattern of patterns) await createGroup(domain, pattern);
  });

  const table: [PackageFormat, string | undefined, string, string, 'STRONG' | 'WEAK'][] = [
    ['npm', undefined, 'left-pad', '/npm//left~', 'STRONG'],
    ['npm', undefined, 'lodash', '/npm//*', 'STRONG'],
    ['npm', 'acme', 'thing', '/npm/acme~', 'STRONG'],
    ['npm', 'acmeco', 'thing', '/npm/acme~', 'STRONG'],
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
    ['swift', 'apple', 'swift-nio', '/swift/apple/*', 'STRONG'],
    ['cargo', undefined, 'serde', '/*', 'STRONG'],
    ['generic', 'tools', 'x', '/*', 'STRONG'],
  ];

  it('GetAssociatedPackageGroup picks the most specific group, for packages that do not exist', async () => {
    const seen: string[] = [];
    for (const [format, namespace, pkg, expected, associationType] of table) {
      const result = await client.send(
        new GetAssociatedPackageGroupCommand({ domain, format, namespace, package: pkg }),
      );
      const label = `${format} ${namespace ?? ''}/${pkg}`;
      expect(result.packageGroup?.pattern, label).toBe(expected);
      expect(result.associationType, label).toBe(associationType);
      expect(result.packageGroup?.arn, label).toBe(arnOf(domain, expected));
      seen.push(expected);
    }
    // The table really exercises a dozen different groups.
    expect(new Set(seen).size).toBeGreaterThanOrEqual(12);
  });

  it('GetAssociatedPackageGroup validates the package and the domain', async () => {
    await expectServiceError(
      client.send(new GetAssociatedPackageGroupCommand({ domain, format: 'maven', package: 'lib' })),
      ValidationException,
      { status: 400, message: /namespace is required/ },
    );
    await expectServiceError(
      client.send(
        new GetAssociatedPackageGroupCommand({ domain: 'no-such-domain', format: 'npm', package: 'x' }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceType: 'domain' },
    );
  });

  it('each group’s parent is the most specific other group enclosing it; sub-groups are direct children', async () => {
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
      '/maven/com.acme.tools/*': '/maven/com.acme~',
      '/pypi//requests$': '/pypi/*',
    };
    for (const [pattern, parent] of Object.entries(parents)) {
      const group = await describeGroup(domain, pattern);
      expect(group.parent, pattern).toEqual(parent === undefined ? undefined : ref(domain, parent));
    }
    const children = async (packageGroup: string) =>
      (await client.send(new ListSubPackageGroupsCommand({ domain, packageGroup }))).packageGroups?.map(
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
    expect(await children('/pypi/*')).toEqual(['/pypi//django~', '/pypi//requests$']);
    expect(await children('/npm/acme-internal/ui-kit$')).toEqual([]);
    const pages = await collectPages(async (nextToken) => {
      const page = await client.send(
        new ListSubPackageGroupsCommand({ domain, packageGroup: '/*', maxResults: 4, nextToken }),
      );
      return {
        items: (page.packageGroups ?? []).map((group) => group.pattern as string),
        nextToken: page.nextToken,
      };
    }, 4);
    expect(pages.flat()).toEqual(await children('/*'));
    expect(pages).toHaveLength(2);
    await expectServiceError(
      client.send(new ListSubPackageGroupsCommand({ domain, packageGroup: '/npm/none/*' })),
      ResourceNotFoundException,
      { status: 404, resourceId: '/npm/none/*' },
    );
  });

  it('ListPackageGroups lists every group with parent and origin configuration, by prefix, in pages', async () => {
    const all = await collectPages(async (nextToken) => {
      const page = await client.send(new ListPackageGroupsCommand({ domain, maxResults: 5, nextToken }));
      return { items: page.packageGroups ?? [], nextToken: page.nextToken };
    }, 5);
    const listed = all.flat();
    expect(listed).toHaveLength(patterns.length + 1);
    expect(listed.map((group) => group.pattern)).toEqual(
      [...listed.map((group) => group.pattern as string)].sort(),
    );
    const kit = listed.find((group) => group.pattern === '/npm/acme-internal/ui-kit$');
    expect(kit).toEqual(await describeGroup(domain, '/npm/acme-internal/ui-kit$'));
    expect(kit?.parent?.pattern).toBe('/npm/acme-internal/ui~');
    expect(Object.keys(kit?.originConfiguration?.restrictions ?? {}).sort()).toEqual([
      'EXTERNAL_UPSTREAM',
      'INTERNAL_UPSTREAM',
      'PUBLISH',
    ]);
    const maven = await client.send(new ListPackageGroupsCommand({ domain, prefix: '/maven/' }));
    expect(maven.packageGroups?.map((group) => group.pattern)).toEqual([
      '/maven/com.acme.tools/*',
      '/maven/com.acme~',
      '/maven/org.x/lib$',
    ]);
    await expectServiceError(
      client.send(new ListPackageGroupsCommand({ domain: 'no-such-domain' })),
      ResourceNotFoundException,
      { status: 404, resourceType: 'domain' },
    );
  });
});

describe('origin configuration', () => {
  const domain = 'groups-origin';
  beforeAll(() => newDomain(domain, ['allowed', 'other', 'spare']));

  it('resolves INHERIT through three levels of groups and names where each mode comes from', async () => {
    await createGroup(domain, '/npm/*');
    await createGroup(domain, '/npm/acme/*');
    await createGroup(domain, '/npm/acme/ui~');
    await setRestrictions(domain, '/npm/*', {
      PUBLISH: 'BLOCK',
      EXTERNAL_UPSTREAM: 'ALLOW_SPECIFIC_REPOSITORIES',
    });
    const middle = await setRestrictions(domain, '/npm/acme/*', { EXTERNAL_UPSTREAM: 'BLOCK' });
    expect(modes(middle.packageGroup)).toEqual({
      PUBLISH: 'INHERIT->BLOCK from /npm/*',
      EXTERNAL_UPSTREAM: 'BLOCK->BLOCK',
      INTERNAL_UPSTREAM: 'INHERIT->ALLOW from /*',
    });
    expect(modes(await describeGroup(domain, '/npm/acme/ui~'))).toEqual({
      PUBLISH: 'INHERIT->BLOCK from /npm/*',
      EXTERNAL_UPSTREAM: 'INHERIT->BLOCK from /npm/acme/*',
      INTERNAL_UPSTREAM: 'INHERIT->ALLOW from /*',
    });
    await setRestrictions(domain, '/*', { INTERNAL_UPSTREAM: 'BLOCK' });
    await setRestrictions(domain, '/npm/acme/*', { EXTERNAL_UPSTREAM: 'INHERIT', PUBLISH: 'ALLOW' });
    const leaf = await client.send(
      new GetAssociatedPackageGroupCommand({ domain, format: 'npm', namespace: 'acme', package: 'ui-kit' }),
    );
    expect(leaf.packageGroup?.pattern).toBe('/npm/acme/ui~');
    expect(modes(leaf.packageGroup)).toEqual({
      PUBLISH: 'INHERIT->ALLOW from /npm/acme/*',
      EXTERNAL_UPSTREAM: 'INHERIT->ALLOW_SPECIFIC_REPOSITORIES from /npm/*',
      INTERNAL_UPSTREAM: 'INHERIT->BLOCK from /*',
    });
    await setRestrictions(domain, '/*', { INTERNAL_UPSTREAM: 'INHERIT' });
  });

  it('deleting a middle group re-parents its children, which then inherit from the new parent', async () => {
    await createGroup(domain, '/maven/com.acme~');
    await createGroup(domain, '/maven/com.acme.web/*');
    await createGroup(domain, '/maven/com.acme.web/site$');
    await createGroup(domain, '/maven/com.acme.web/api~');
    await setRestrictions(domain, '/maven/com.acme~', { PUBLISH: 'ALLOW', EXTERNAL_UPSTREAM: 'BLOCK' });
    await setRestrictions(domain, '/maven/com.acme.web/*', { PUBLISH: 'BLOCK', EXTERNAL_UPSTREAM: 'ALLOW' });
    await client.send(
      new PutPackageOriginConfigurationCommand({
        domain,
        repository: 'allowed',
        format: 'maven',
        namespace: 'com.acme.web',
        package: 'portal',
        restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
      }),
    );
    const before = await describeGroup(domain, '/maven/com.acme.web/site$');
    expect(before.parent?.pattern).toBe('/maven/com.acme.web/*');
    expect(modes(before).PUBLISH).toBe('INHERIT->BLOCK from /maven/com.acme.web/*');
    const associatedBefore = await client.send(
      new ListAssociatedPackagesCommand({ domain, packageGroup: '/maven/com.acme.web/*' }),
    );
    expect(associatedBefore.packages).toEqual([
      { format: 'maven', namespace: 'com.acme.web', package: 'portal', associationType: 'STRONG' },
    ]);

    const deleted = await client.send(
      new DeletePackageGroupCommand({ domain, packageGroup: '/maven/com.acme.web/*' }),
    );
    expect(deleted.packageGroup?.pattern).toBe('/maven/com.acme.web/*');
    expect(deleted.packageGroup?.parent).toEqual(ref(domain, '/maven/com.acme~'));

    for (const child of ['/maven/com.acme.web/site$', '/maven/com.acme.web/api~']) {
      const after = await describeGroup(domain, child);
      expect(after.parent, child).toEqual(ref(domain, '/maven/com.acme~'));
      expect(modes(after), child).toEqual({
        PUBLISH: 'INHERIT->ALLOW from /maven/com.acme~',
        EXTERNAL_UPSTREAM: 'INHERIT->BLOCK from /maven/com.acme~',
        INTERNAL_UPSTREAM: 'INHERIT->ALLOW from /*',
      });
    }
    const subGroups = await client.send(
      new ListSubPackageGroupsCommand({ domain, packageGroup: '/maven/com.acme~' }),
    );
    expect(subGroups.packageGroups?.map((group) => group.pattern)).toEqual([
      '/maven/com.acme.web/api~',
      '/maven/com.acme.web/site$',
    ]);
    // The package stays and now belongs to the next most specific group.
    const associated = await client.send(
      new ListAssociatedPackagesCommand({ domain, packageGroup: '/maven/com.acme~' }),
    );
    expect(associated.packages?.map((pkg) => pkg.package)).toEqual(['portal']);
    await expectServiceError(
      client.send(new DescribePackageGroupCommand({ domain, packageGroup: '/maven/com.acme.web/*' })),
      ResourceNotFoundException,
      { status: 404 },
    );
    await expectServiceError(
      client.send(new DeletePackageGroupCommand({ domain, packageGroup: '/maven/com.acme.web/*' })),
      ResourceNotFoundException,
      { status: 404, resourceId: '/maven/com.acme.web/*' },
    );
  });

  it('never deletes the root group', async () => {
    await expectServiceError(
      client.send(new DeletePackageGroupCommand({ domain, packageGroup: '/*' })),
      ValidationException,
      {
        status: 400,
        message: /root package group/,
      },
    );
    expect((await describeGroup(domain, '/*')).pattern).toBe('/*');
  });

  it('ALLOW_SPECIFIC_REPOSITORIES keeps a list per restriction type, added to, removed from and listed', async () => {
    await createGroup(domain, '/generic/acme/*');
    const updated = await client.send(
      new UpdatePackageGroupOriginConfigurationCommand({
        domain,
        packageGroup: '/generic/acme/*',
        restrictions: { PUBLISH: 'ALLOW_SPECIFIC_REPOSITORIES', INTERNAL_UPSTREAM: 'BLOCK' },
        addAllowedRepositories: [
          { originRestrictionType: 'PUBLISH', repositoryName: 'allowed' },
          { originRestrictionType: 'PUBLISH', repositoryName: 'spare' },
          { originRestrictionType: 'EXTERNAL_UPSTREAM', repositoryName: 'other' },
        ],
      }),
    );
    expect(updated.allowedRepositoryUpdates).toEqual({
      PUBLISH: { ADDED: ['allowed', 'spare'] },
      EXTERNAL_UPSTREAM: { ADDED: ['other'] },
    });
    expect(updated.packageGroup?.originConfiguration?.restrictions).toEqual({
      PUBLISH: {
        mode: 'ALLOW_SPECIFIC_REPOSITORIES',
        effectiveMode: 'ALLOW_SPECIFIC_REPOSITORIES',
        repositoriesCount: 2,
      },
      EXTERNAL_UPSTREAM: {
        mode: 'INHERIT',
        effectiveMode: 'ALLOW',
        inheritedFrom: ref(domain, '/*'),
        repositoriesCount: 1,
      },
      INTERNAL_UPSTREAM: { mode: 'BLOCK', effectiveMode: 'BLOCK', repositoriesCount: 0 },
    });
    const pages = await collectPages(async (nextToken) => {
      const page = await client.send(
        new ListAllowedRepositoriesForGroupCommand({
          domain,
          packageGroup: '/generic/acme/*',
          originRestrictionType: 'PUBLISH',
          maxResults: 1,
          nextToken,
        }),
      );
      return { items: page.allowedRepositories ?? [], nextToken: page.nextToken };
    }, 1);
    expect(pages).toEqual([['allowed'], ['spare']]);

    const removed = await client.send(
      new UpdatePackageGroupOriginConfigurationCommand({
        domain,
        packageGroup: '/generic/acme/*',
        removeAllowedRepositories: [{ originRestrictionType: 'PUBLISH', repositoryName: 'spare' }],
      }),
    );
    expect(removed.allowedRepositoryUpdates).toEqual({ PUBLISH: { REMOVED: ['spare'] } });
    const listed = await client.send(
      new ListAllowedRepositoriesForGroupCommand({
        domain,
        packageGroup: '/generic/acme/*',
        originRestrictionType: 'PUBLISH',
      }),
    );
    expect(listed.allowedRepositories).toEqual(['allowed']);
  });

  it('UpdatePackageGroupOriginConfiguration and ListAllowedRepositoriesForGroup report their documented errors', async () => {
    await expectServiceError(
      client.send(
        new UpdatePackageGroupOriginConfigurationCommand({
          domain,
          packageGroup: '/generic/acme/*',
          addAllowedRepositories: [{ originRestrictionType: 'PUBLISH', repositoryName: 'ghost' }],
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceId: 'ghost', resourceType: 'repository' },
    );
    await expectServiceError(
      client.send(
        new UpdatePackageGroupOriginConfigurationCommand({
          domain,
          packageGroup: '/generic/nobody/*',
          restrictions: { PUBLISH: 'BLOCK' },
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceId: '/generic/nobody/*' },
    );
    await expectValidationError(
      client.send(
        new UpdatePackageGroupOriginConfigurationCommand({
          domain,
          packageGroup: '/generic/acme/*',
          restrictions: { PUBLISH: 'SOMETIMES' as PackageGroupOriginRestrictionMode },
        }),
      ),
      ['restrictions', 'OriginRestrictions', 'PackageGroupOriginRestrictionMode'],
    );
    await expectServiceError(
      client.send(
        new UpdatePackageGroupOriginConfigurationCommand({
          domain,
          packageGroup: '/generic/acme/*',
          addAllowedRepositories: [{ originRestrictionType: 'PUBLISH', repositoryName: 'other' }],
          removeAllowedRepositories: [{ originRestrictionType: 'PUBLISH', repositoryName: 'other' }],
        }),
      ),
      ValidationException,
      { status: 400, message: /both added to and removed/ },
    );
    await expectServiceError(
      client.send(
        new ListAllowedRepositoriesForGroupCommand({
          domain,
          packageGroup: '/generic/nobody/*',
          originRestrictionType: 'PUBLISH',
        }),
      ),
      ResourceNotFoundException,
      { status: 404 },
    );
    await expectValidationError(
      client.send(
        new ListAllowedRepositoriesForGroupCommand({
          domain,
          packageGroup: '/generic/acme/*',
          originRestrictionType: 'DOWNLOAD' as PackageGroupOriginRestrictionType,
        }),
      ),
      ['originRestrictionType', 'PackageGroupOriginRestrictionType'],
    );
  });
});

describe('ListAssociatedPackages', () => {
  const domain = 'groups-associated';
  beforeAll(async () => {
    await newDomain(domain, ['one', 'two']);
    const put = (repository: string, format: PackageFormat, pkg: string, namespace?: string) =>
      client.send(
        new PutPackageOriginConfigurationCommand({
          domain,
          repository,
          format,
          namespace,
          package: pkg,
          restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
        }),
      );
    await put('one', 'npm', 'ui', 'acme');
    await put('two', 'npm', 'ui', 'acme');
    await put('one', 'npm', 'core', 'acme');
    await put('two', 'npm', 'left-pad');
    await put('one', 'pypi', 'Zope.Interface');
    await put('two', 'npm', 'ui-kit', 'acme');
    await createGroup(domain, '/npm/*');
    await createGroup(domain, '/npm/acme/ui-kit$');
  });

  it('lists each package of the domain once, only under its most specific group', async () => {
    const npm = await client.send(new ListAssociatedPackagesCommand({ domain, packageGroup: '/npm/*' }));
    expect(npm.packages).toEqual([
      { format: 'npm', package: 'left-pad', associationType: 'STRONG' },
      { format: 'npm', namespace: 'acme', package: 'core', associationType: 'STRONG' },
      { format: 'npm', namespace: 'acme', package: 'ui', associationType: 'STRONG' },
    ]);
    const root = await client.send(new ListAssociatedPackagesCommand({ domain, packageGroup: '/*' }));
    expect(root.packages).toEqual([{ format: 'pypi', package: 'zope-interface', associationType: 'STRONG' }]);
    const pages = await collectPages(async (nextToken) => {
      const page = await client.send(
        new ListAssociatedPackagesCommand({ domain, packageGroup: '/npm/*', maxResults: 2, nextToken }),
      );
      return { items: page.packages ?? [], nextToken: page.nextToken };
    }, 2);
    expect(pages.flat()).toEqual(npm.packages);
  });

  it('previews the packages a group that does not exist would hold; without preview it is not found', async () => {
    await expectServiceError(
      client.send(new ListAssociatedPackagesCommand({ domain, packageGroup: '/npm/acme/u~' })),
      ResourceNotFoundException,
      { status: 404, resourceId: '/npm/acme/u~' },
    );
    const preview = await client.send(
      new ListAssociatedPackagesCommand({ domain, packageGroup: '/npm/acme/u~', preview: true }),
    );
    // ui-kit stays with its own, more specific group.
    expect(preview.packages).toEqual([
      { format: 'npm', namespace: 'acme', package: 'ui', associationType: 'STRONG' },
    ]);
    const pypiPreview = await client.send(
      new ListAssociatedPackagesCommand({ domain, packageGroup: '/pypi//Zope~', preview: true }),
    );
    expect(pypiPreview.packages).toEqual([
      { format: 'pypi', package: 'zope-interface', associationType: 'STRONG' },
    ]);
  });
});
