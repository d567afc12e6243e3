/**
 * Packages of the open repository: every page of app.listPackagesWithLatest (ListPackages with each
 * package's latest version, so rows need no call of their own; the first page shows at once, the
 * rest stream in and are appended as pages, never copied), the search and format filter applied in
 * memory, and the open package's description, origin controls and deletion.
 */
import type {
  PackageDescription,
  PackageFormat,
  PackageOriginRestrictions,
} from '@aws-sdk/client-codeartifact';
import type { PackageListEntry } from '../../../shared/app-operations';
import type { Slice } from './app-store';
import { appendChunk, chunkedList, filterItems, mapItems, type ChunkedList } from './chunked-list';
import { eachPage } from './pagination';
import { toUiError, type LoadOptions, type LoadStatus, type UiError } from './load-state';
import {
  packageId,
  packageInput,
  packageKey,
  repositoryKey,
  type PackageRef,
  type RepositoryRef,
} from './refs';

export interface PackageFilter {
  readonly search: string;
  readonly format: PackageFormat | 'all';
}

export interface PackagesSlice {
  packages: {
    key?: string;
    status: LoadStatus;
    /** The pages as they arrived; each package with its latest version. */
    items: ChunkedList<PackageListEntry>;
    /** False while later pages are still arriving. */
    complete: boolean;
    error?: UiError;
  };
  packageFilter: PackageFilter;
  pkg: { key?: string; status: LoadStatus; description?: PackageDescription; error?: UiError };

  loadPackages(ref: RepositoryRef, options?: LoadOptions): Promise<void>;
  setPackageFilter(filter: Partial<PackageFilter>): void;
  loadPackage(ref: PackageRef, options?: LoadOptions): Promise<void>;
  putOriginConfiguration(ref: PackageRef, restrictions: PackageOriginRestrictions): Promise<void>;
  deletePackage(ref: PackageRef): Promise<void>;
}

/** A small first page paints the first rows sooner; the rest come in the largest pages the API allows. */
const firstPageSize = 100;
const pageSize = 1000;

/**
 * The packages a search and format filter keep, in list order; the list itself (no copy) when
 * nothing is filtered out.
 */
export function filterPackages(
  items: ChunkedList<PackageListEntry>,
  filter: PackageFilter,
): ChunkedList<PackageListEntry> {
  const needle = filter.search.trim().toLowerCase();
  if (needle === '' && filter.format === 'all') return items;
  return filterItems(items, (item) => {
    if (filter.format !== 'all' && item.format !== filter.format) return false;
    if (needle === '') return true;
    const name = `${item.namespace ?? ''}/${item.package ?? ''}`.toLowerCase();
    return name.includes(needle);
  });
}

export const createPackagesSlice: Slice<PackagesSlice> =
  ({ api }) =>
  (set, get) => {
    let listGeneration = 0;
    let packageGeneration = 0;

    return {
      packages: { status: 'idle', items: chunkedList(), complete: false },
      packageFilter: { search: '', format: 'all' },
      pkg: { status: 'idle' },

      async loadPackages(ref, options = {}) {
        const key = repositoryKey(ref);
        const mine = ++listGeneration;
        const current = get().packages;
        // A quiet refresh keeps the shown list until the new one is whole.
        const keep = options.quiet === true && current.key === key && current.status === 'ready';
        if (!keep) {
          set({ packages: { key, status: 'loading', items: chunkedList(), complete: false } });
          if (current.key !== key) set({ packageFilter: { search: '', format: 'all' } });
        }
        let items = chunkedList<PackageListEntry>();
        try {
          const pages = eachPage((nextToken) =>
            api.invoke('app.listPackagesWithLatest', {
              ...ref,
              maxResults: nextToken === undefined ? firstPageSize : pageSize,
              ...(nextToken === undefined ? {} : { nextToken }),
            }),
          );
          for await (const page of pages) {
            if (mine !== listGeneration) return;
            items = appendChunk(items, page.packages);
            if (page.nextToken && !keep) set({ packages: { key, status: 'ready', items, complete: false } });
          }
          if (mine !== listGeneration) return;
          set((state) => ({
            packages: { key, status: 'ready', items, complete: true },
            packageCounts: { ...state.packageCounts, [key]: items.length },
          }));
        } catch (error) {
          if (mine !== listGeneration) return;
          set((state) => ({
            packages: {
              key,
              status: 'error',
              items: keep ? state.packages.items : items,
              complete: false,
              error: toUiError(error),
            },
          }));
        }
      },

      setPackageFilter(filter) {
        set((state) => ({ packageFilter: { ...state.packageFilter, ...filter } }));
      },

      async loadPackage(ref, options = {}) {
        const key = packageKey(ref);
        const mine = ++packageGeneration;
        const current = get().pkg;
        if (!options.quiet || current.key !== key) set({ pkg: { key, status: 'loading' } });
        try {
          const { package: description } = await api.invoke('DescribePackage', packageInput(ref));
          if (mine !== packageGeneration) return;
          set({ pkg: { key, status: 'ready', description } });
        } catch (error) {
          if (mine !== packageGeneration) return;
          set({ pkg: { key, status: 'error', error: toUiError(error) } });
        }
      },

      async putOriginConfiguration(ref, restrictions) {
        const { originConfiguration } = await api.invoke('PutPackageOriginConfiguration', {
          ...packageInput(ref),
          restrictions,
        });
        const key = packageKey(ref);
        set((state) => ({
          pkg:
            state.pkg.key === key && state.pkg.description
              ? { ...state.pkg, description: { ...state.pkg.description, originConfiguration } }
              : state.pkg,
          packages: {
            ...state.packages,
            items: mapItems(state.packages.items, (item) =>
              packageId(item.format, item.namespace, item.package) ===
                packageId(ref.format, ref.namespace, ref.package) && state.packages.key === repositoryKey(ref)
                ? { ...item, originConfiguration }
                : item,
            ),
          },
        }));
      },

      async deletePackage(ref) {
        await api.invoke('DeletePackage', packageInput(ref));
        const id = packageId(ref.format, ref.namespace, ref.package);
        set((state) => ({
          pkg: state.pkg.key === packageKey(ref) ? { status: 'idle' } : state.pkg,
          packages:
            state.packages.key === repositoryKey(ref)
              ? {
                  ...state.packages,
                  items: filterItems(
                    state.packages.items,
                    (item) => packageId(item.format, item.namespace, item.package) !== id,
                  ),
                }
              : state.packages,
        }));
        void get().countPackages(ref);
      },
    };
  };
