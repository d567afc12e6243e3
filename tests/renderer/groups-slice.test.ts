import { describe, expect, it } from 'vitest';
import { groupTree } from '../../src/renderer/src/store/groups-slice';
import { deferred, paged, serviceError, storeWith } from './fake-api';

const group = (pattern: string, parent?: string) => ({
  pattern,
  parent: parent ? { pattern: parent } : undefined,
});

describe('groups slice', () => {
  it('arranges groups under their parents, sorted, with orphans as roots', () => {
    const tree = groupTree([
      group('/npm/*', '/*'),
      group('/*'),
      group('/npm/acme/*', '/npm/*'),
      group('/pypi/*', '/*'),
      group('/maven/x$', '/gone'),
    ]);
    expect(tree.map((node) => node.group.pattern)).toEqual(['/*', '/maven/x$']);
    expect(tree[0]?.children.map((node) => node.group.pattern)).toEqual(['/npm/*', '/pypi/*']);
    expect(tree[0]?.children[0]?.children.map((node) => node.group.pattern)).toEqual(['/npm/acme/*']);
  });

  it('lists every page of package groups, loading first', async () => {
    const patterns = ['/*', ...Array.from({ length: 1200 }, (_, index) => `/generic/ns${index}/*`)];
    const gate = deferred<void>();
    const { store, api } = storeWith({
      ListPackageGroups: async ({ nextToken, maxResults }) => {
        await gate.promise;
        const { page, nextToken: next } = paged(patterns, maxResults ?? 100, nextToken);
        return { packageGroups: page.map((pattern) => group(pattern)), nextToken: next };
      },
    });
    const loading = store.getState().loadGroups('team');
    expect(store.getState().groups.status).toBe('loading');
    gate.resolve();
    await loading;
    expect(store.getState().groups.items).toHaveLength(1201);
    expect(api.callsOf('ListPackageGroups')).toHaveLength(2);
  });

  it('keeps a failed listing’s message verbatim', async () => {
    const { store } = storeWith({});
    await store.getState().loadGroups('team');
    expect(store.getState().groups.error).toEqual({
      name: 'ValidationException',
      message: 'The operation ListPackageGroups is not implemented.',
    });
  });

  it('loads a group with its effective origin configuration, associated packages and allowed repositories', async () => {
    const { store, api } = storeWith({
      DescribePackageGroup: () => ({
        packageGroup: {
          pattern: '/npm/acme/*',
          originConfiguration: {
            restrictions: {
              PUBLISH: { mode: 'ALLOW_SPECIFIC_REPOSITORIES', effectiveMode: 'ALLOW_SPECIFIC_REPOSITORIES' },
              EXTERNAL_UPSTREAM: {
                mode: 'INHERIT',
                effectiveMode: 'BLOCK',
                inheritedFrom: { pattern: '/npm/*' },
              },
              INTERNAL_UPSTREAM: { mode: 'ALLOW', effectiveMode: 'ALLOW' },
            },
          },
        },
      }),
      ListAssociatedPackages: ({ nextToken }) =>
        nextToken
          ? { packages: [{ format: 'npm', namespace: 'acme', package: 'b', associationType: 'STRONG' }] }
          : {
              packages: [{ format: 'npm', namespace: 'acme', package: 'a', associationType: 'STRONG' }],
              nextToken: 'next',
            },
      ListAllowedRepositoriesForGroup: ({ originRestrictionType }) => ({
        allowedRepositories: originRestrictionType === 'PUBLISH' ? ['app'] : [],
      }),
    });
    await store.getState().loadGroup('team', '/npm/acme/*');
    const detail = store.getState().group;
    expect(detail.status).toBe('ready');
    expect(
      detail.description?.originConfiguration?.restrictions?.EXTERNAL_UPSTREAM?.inheritedFrom?.pattern,
    ).toBe('/npm/*');
    expect(detail.associated.map((item) => item.package)).toEqual(['a', 'b']);
    expect(detail.allowedRepositories).toEqual({ PUBLISH: ['app'] });
    expect(api.callsOf('ListAllowedRepositoriesForGroup').map((call) => call.originRestrictionType)).toEqual([
      'PUBLISH',
    ]);
  });

  it('sends an origin change and re-reads the group and the list', async () => {
    let mode = 'ALLOW';
    const { store, api } = storeWith({
      UpdatePackageGroupOriginConfiguration: ({ restrictions }) => {
        mode = restrictions?.PUBLISH ?? mode;
        return {};
      },
      DescribePackageGroup: () => ({
        packageGroup: {
          pattern: '/npm/*',
          originConfiguration: {
            restrictions: { PUBLISH: { mode: mode as 'ALLOW', effectiveMode: mode as 'ALLOW' } },
          },
        },
      }),
      ListAssociatedPackages: () => ({ packages: [] }),
      ListPackageGroups: () => ({ packageGroups: [group('/*'), group('/npm/*', '/*')] }),
    });
    await store.getState().updateGroupOrigin('team', '/npm/*', {
      restrictions: { PUBLISH: 'BLOCK' },
      addAllowedRepositories: [],
      removeAllowedRepositories: [{ repositoryName: 'old', originRestrictionType: 'PUBLISH' }],
    });
    expect(api.callsOf('UpdatePackageGroupOriginConfiguration')).toEqual([
      {
        domain: 'team',
        packageGroup: '/npm/*',
        restrictions: { PUBLISH: 'BLOCK' },
        removeAllowedRepositories: [{ repositoryName: 'old', originRestrictionType: 'PUBLISH' }],
      },
    ]);
    expect(
      store.getState().group.description?.originConfiguration?.restrictions?.PUBLISH?.effectiveMode,
    ).toBe('BLOCK');
    expect(store.getState().groups.items).toHaveLength(2);
  });

  it('rejects a refused change with the service message', async () => {
    const { store } = storeWith({
      UpdatePackageGroupOriginConfiguration: () => {
        throw serviceError('ValidationException', 'The root package group cannot inherit.');
      },
    });
    await expect(
      store.getState().updateGroupOrigin('team', '/*', { restrictions: { PUBLISH: 'INHERIT' } }),
    ).rejects.toMatchObject({
      message: 'The root package group cannot inherit.',
    });
  });

  it('creates and deletes groups', async () => {
    let groups = [group('/*')];
    const { store, api } = storeWith({
      ListPackageGroups: () => ({ packageGroups: groups }),
      CreatePackageGroup: ({ packageGroup }) => {
        groups = [...groups, group(packageGroup ?? '', '/*')];
        return {};
      },
      DeletePackageGroup: ({ packageGroup }) => {
        groups = groups.filter((item) => item.pattern !== packageGroup);
        return {};
      },
    });
    await store.getState().createGroup('team', { pattern: '/npm/*', description: 'npm', contactInfo: '' });
    expect(api.callsOf('CreatePackageGroup')).toEqual([
      { domain: 'team', packageGroup: '/npm/*', description: 'npm' },
    ]);
    expect(store.getState().groups.items.map((item) => item.pattern)).toEqual(['/*', '/npm/*']);
    await store.getState().deleteGroup('team', '/npm/*');
    expect(store.getState().groups.items.map((item) => item.pattern)).toEqual(['/*']);
  });
});
