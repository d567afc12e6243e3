import { describe, expect, it } from 'vitest';
import type { PackageSummary } from '@aws-sdk/client-codeartifact';
import { filterPackages } from '../../src/renderer/src/store/packages-slice';
import { packageKey, repositoryKey } from '../../src/renderer/src/store/refs';
import { deferred, paged, serviceError, storeWith } from './fake-api';

const ref = { domain: 'team', repository: 'app' };
const summary = (
  format: PackageSummary['format'],
  namespace: string | undefined,
  name: string,
): PackageSummary => ({
  format,
  namespace,
  package: name,
  originConfiguration: { restrictions: { publish: 'ALLOW', upstream: 'BLOCK' } },
});

describe('packages slice', () => {
  it('shows a small first page at once and the rest as it arrives (10k packages)', async () => {
    const all = Array.from({ length: 10_000 }, (_, index) =>
      summary('generic', 'bench', `pkg-${String(index).padStart(5, '0')}`),
    );
    const second = deferred<void>();
    const { store, api } = storeWith({
      ListPackages: async ({ nextToken, maxResults }) => {
        if (nextToken !== undefined) await second.promise;
        const { page, nextToken: next } = paged(all, maxResults ?? 100, nextToken);
        return { packages: page, nextToken: next };
      },
    });
    const loading = store.getState().loadPackages(ref);
    expect(store.getState().packages.status).toBe('loading');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.getState().packages).toMatchObject({ status: 'ready', complete: false });
    expect(store.getState().packages.items).toHaveLength(100);
    second.resolve();
    await loading;
    expect(store.getState().packages).toMatchObject({ status: 'ready', complete: true });
    expect(store.getState().packages.items).toHaveLength(10_000);
    // A small first page paints sooner; the rest come 1000 at a time.
    expect(api.callsOf('ListPackages').map((call) => call.maxResults)).toEqual([
      100,
      ...Array(10).fill(1000),
    ]);
    expect(store.getState().packageCounts[repositoryKey(ref)]).toBe(10_000);
  });

  it('keeps a failed listing’s message verbatim', async () => {
    const { store } = storeWith({
      ListPackages: () => {
        throw serviceError('ResourceNotFoundException', 'Repository app does not exist in domain team.');
      },
    });
    await store.getState().loadPackages(ref);
    expect(store.getState().packages).toMatchObject({
      status: 'error',
      error: { name: 'ResourceNotFoundException', message: 'Repository app does not exist in domain team.' },
    });
  });

  it('filters by search text over namespace and name, and by format', () => {
    const items = [
      summary('npm', 'acme', 'ui-kit'),
      summary('npm', undefined, 'lodash'),
      summary('pypi', undefined, 'requests'),
    ];
    expect(filterPackages(items, { search: 'ACME', format: 'all' }).map((item) => item.package)).toEqual([
      'ui-kit',
    ]);
    expect(filterPackages(items, { search: '', format: 'pypi' }).map((item) => item.package)).toEqual([
      'requests',
    ]);
    expect(filterPackages(items, { search: 'o', format: 'npm' }).map((item) => item.package)).toEqual([
      'lodash',
    ]);
  });

  it('fetches each visible package’s latest version once', async () => {
    const { store, api } = storeWith({
      ListPackageVersions: ({ package: name }) =>
        name === 'empty'
          ? { versions: [] }
          : { defaultDisplayVersion: '2.0.0', versions: [{ version: '2.0.0', status: 'Published' }] },
    });
    const a = { ...ref, format: 'npm' as const, package: 'left-pad' };
    const b = { ...ref, format: 'npm' as const, package: 'empty' };
    await store.getState().loadLatestVersions([a, b]);
    await store.getState().loadLatestVersions([a, b]);
    expect(api.callsOf('ListPackageVersions')).toHaveLength(2);
    expect(store.getState().latestVersions[packageKey(a)]).toBe('2.0.0');
    expect(store.getState().latestVersions[packageKey(b)]).toBeNull();
  });

  it('describes the open package and reports a missing one verbatim', async () => {
    const { store } = storeWith({
      DescribePackage: ({ package: name }) => {
        if (name === 'nope') throw serviceError('ResourceNotFoundException', 'Package nope does not exist.');
        return {
          package: {
            format: 'npm',
            name,
            originConfiguration: { restrictions: { publish: 'ALLOW', upstream: 'BLOCK' } },
          },
        };
      },
    });
    await store.getState().loadPackage({ ...ref, format: 'npm', package: 'ui' });
    expect(store.getState().pkg).toMatchObject({ status: 'ready', description: { name: 'ui' } });
    await store.getState().loadPackage({ ...ref, format: 'npm', package: 'nope' });
    expect(store.getState().pkg).toMatchObject({
      status: 'error',
      error: { message: 'Package nope does not exist.' },
    });
  });

  it('saves origin controls and shows them on the package and in the list', async () => {
    const pkg = { ...ref, format: 'npm' as const, namespace: 'acme', package: 'ui' };
    const { store, api } = storeWith({
      ListPackages: () => ({ packages: [summary('npm', 'acme', 'ui')] }),
      DescribePackage: () => ({
        package: {
          format: 'npm',
          namespace: 'acme',
          name: 'ui',
          originConfiguration: { restrictions: { publish: 'ALLOW', upstream: 'BLOCK' } },
        },
      }),
      PutPackageOriginConfiguration: ({ restrictions }) => ({ originConfiguration: { restrictions } }),
    });
    await store.getState().loadPackages(ref);
    await store.getState().loadPackage(pkg);
    await store.getState().putOriginConfiguration(pkg, { publish: 'BLOCK', upstream: 'ALLOW' });
    expect(api.callsOf('PutPackageOriginConfiguration')).toEqual([
      {
        domain: 'team',
        repository: 'app',
        format: 'npm',
        namespace: 'acme',
        package: 'ui',
        restrictions: { publish: 'BLOCK', upstream: 'ALLOW' },
      },
    ]);
    expect(store.getState().pkg.description?.originConfiguration?.restrictions?.publish).toBe('BLOCK');
    expect(store.getState().packages.items[0]?.originConfiguration?.restrictions?.publish).toBe('BLOCK');
  });

  it('deletes a package and removes it from the list', async () => {
    const { store, api } = storeWith({
      ListPackages: () => ({ packages: [summary('generic', 'ns', 'a'), summary('generic', 'ns', 'b')] }),
      DeletePackage: () => ({ deletedPackage: summary('generic', 'ns', 'a') }),
    });
    await store.getState().loadPackages(ref);
    await store.getState().deletePackage({ ...ref, format: 'generic', namespace: 'ns', package: 'a' });
    expect(api.callsOf('DeletePackage')).toEqual([
      { ...ref, format: 'generic', namespace: 'ns', package: 'a' },
    ]);
    expect(store.getState().packages.items.map((item) => item.package)).toEqual(['b']);
  });
});
