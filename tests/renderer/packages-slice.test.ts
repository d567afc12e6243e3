import { describe, expect, it } from 'vitest';
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import type { PackageListEntry } from '../../src/shared/app-operations';
import { chunkedList, itemAt, toArray } from '../../src/renderer/src/store/chunked-list';
import { filterPackages } from '../../src/renderer/src/store/packages-slice';
import { repositoryKey } from '../../src/renderer/src/store/refs';
import { deferred, paged, serviceError, storeWith } from './fake-api';

const ref = { domain: 'team', repository: 'app' };
const summary = (
  format: PackageFormat,
  namespace: string | undefined,
  name: string,
  latestVersion: string | null = '1.0.0',
): PackageListEntry => ({
  format,
  namespace,
  package: name,
  originConfiguration: { restrictions: { publish: 'ALLOW', upstream: 'BLOCK' } },
  latestVersion,
});

describe('packages slice', () => {
  it('shows a small first page at once and the rest as it arrives (10k packages), each with its latest version', async () => {
    const all = Array.from({ length: 10_000 }, (_, index) =>
      summary('generic', 'bench', `pkg-${String(index).padStart(5, '0')}`, `${index}.0.0`),
    );
    const second = deferred<void>();
    const { store, api } = storeWith({
      'app.listPackagesWithLatest': async ({ nextToken, maxResults }) => {
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
    expect(itemAt(store.getState().packages.items, 9_999)).toMatchObject({
      package: 'pkg-09999',
      latestVersion: '9999.0.0',
    });
    // A small first page paints sooner; the rest come 1000 at a time; no call per package.
    expect(api.callsOf('app.listPackagesWithLatest').map((call) => call.maxResults)).toEqual([
      100,
      ...Array(10).fill(1000),
    ]);
    expect(api.callsOf('ListPackageVersions')).toHaveLength(0);
    expect(store.getState().packageCounts[repositoryKey(ref)]).toBe(10_000);
  });

  it('keeps a failed listing’s message verbatim', async () => {
    const { store } = storeWith({
      'app.listPackagesWithLatest': () => {
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
    const items = chunkedList([
      summary('npm', 'acme', 'ui-kit'),
      summary('npm', undefined, 'lodash'),
      summary('pypi', undefined, 'requests'),
    ]);
    const names = (filter: Parameters<typeof filterPackages>[1]): (string | undefined)[] =>
      toArray(filterPackages(items, filter)).map((item) => item.package);
    expect(names({ search: 'ACME', format: 'all' })).toEqual(['ui-kit']);
    expect(names({ search: '', format: 'pypi' })).toEqual(['requests']);
    expect(names({ search: 'o', format: 'npm' })).toEqual(['lodash']);
    // No filter: the list as it is, not a copy.
    expect(filterPackages(items, { search: ' ', format: 'all' })).toBe(items);
  });

  it('appends later pages without copying the rows already listed', async () => {
    const all = Array.from({ length: 2_100 }, (_, index) => summary('npm', undefined, `p${index}`));
    const shown: { items: unknown; firstPage: unknown }[] = [];
    const { store } = storeWith({
      'app.listPackagesWithLatest': ({ nextToken, maxResults }) => {
        const { page, nextToken: next } = paged(all, maxResults ?? 100, nextToken);
        return { packages: page, nextToken: next };
      },
    });
    store.subscribe((state) => {
      if (state.packages.status === 'ready')
        shown.push({ items: state.packages.items, firstPage: state.packages.items.chunks[0] });
    });
    await store.getState().loadPackages(ref);
    const firstPages = new Set(shown.map((entry) => entry.firstPage));
    expect(firstPages.size, 'the first page is the same array in every update').toBe(1);
    expect(store.getState().packages.items.chunks.map((chunk) => chunk.length)).toEqual([100, 1000, 1000]);
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
      'app.listPackagesWithLatest': () => ({ packages: [summary('npm', 'acme', 'ui')] }),
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
    expect(itemAt(store.getState().packages.items, 0)?.originConfiguration?.restrictions?.publish).toBe(
      'BLOCK',
    );
  });

  it('deletes a package and removes it from the list', async () => {
    const { store, api } = storeWith({
      'app.listPackagesWithLatest': () => ({
        packages: [summary('generic', 'ns', 'a'), summary('generic', 'ns', 'b')],
      }),
      DeletePackage: () => ({ deletedPackage: summary('generic', 'ns', 'a') }),
    });
    await store.getState().loadPackages(ref);
    await store.getState().deletePackage({ ...ref, format: 'generic', namespace: 'ns', package: 'a' });
    expect(api.callsOf('DeletePackage')).toEqual([
      { ...ref, format: 'generic', namespace: 'ns', package: 'a' },
    ]);
    expect(toArray(store.getState().packages.items).map((item) => item.package)).toEqual(['b']);
  });
});
