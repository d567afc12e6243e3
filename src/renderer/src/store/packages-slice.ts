/**
 * Packages of the open repository: every page of ListPackages (the first page shows at once, the
 * rest stream in), the search and format filter applied in memory, each visible package's latest
 * version fetched lazily, and the open package's description, origin controls and deletion.
 */
import type {
  PackageDescription,
  PackageFormat,
  PackageOriginRestrictions,
  PackageSummary,
} from '@aws-sdk/client-codeartifact';
import type { Slice } from './app-store';
import { toUiError, type LoadOptions, type LoadStatus, type UiError } from './load-state';
import { collectPages } from './pagination';
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
    items: PackageSummary[];
    /** False while later pages are still arriving. */
    complete: boolean;
    error?: UiError;
  };
  packageFilter: PackageFilter;
  /** Latest (default display) version by packageKey; null when the package has no version. */
  latestVersions: Record<string, string | null>;
  pkg: { key?: string; status: LoadStatus; description?: PackageDescription; error?: UiError };

  loadPackages(ref: RepositoryRef, options?: LoadOptions): Promise<void>;
  setPackageFilter(filter: Partial<PackageFilter>): void;
  /** Fetches the latest version of packages not fetched yet (a few at a time). */
  loadLatestVersions(refs: readonly PackageRef[]): Promise<void>;
  loadPackage(ref: PackageRef, options?: LoadOptions): Promise<void>;
  putOriginConfiguration(ref: PackageRef, restrictions: PackageOriginRestrictions): Promise<void>;
  deletePackage(ref: PackageRef): Promise<void>;
}

/** A small first page paints the first rows sooner; the rest come in the largest pages the API allows. */
const firstPageSize = 100;
const pageSize = 1000;
const latestVersionConcurrency = 6;

/** The packages a search and format filter keep, in list order. */
export function filterPackages(items: readonly PackageSummary[], filter: PackageFilter): PackageSummary[] {
  const needle = filter.search.trim().toLowerCase();
  return items.filter((item) => {
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
    const requested = new Set<string>();

    return {
      packages: { status: 'idle', items: [], complete: false },
      packageFilter: { search: '', format: 'all' },
      latestVersions: {},
      pkg: { status: 'idle' },

      async loadPackages(ref, options = {}) {
        const key = repositoryKey(ref);
        const mine = ++listGeneration;
        const current = get().packages;
        const keep = options.quiet && current.key === key && current.status === 'ready';
        if (!keep) {
          set({ packages: { key, status: 'loading', items: [], complete: false } });
          if (current.key !== key) set({ packageFilter: { search: '', format: 'all' } });
        }
        if (!keep || current.key !== key) {
          requested.clear();
          set({ latestVersions: {} });
        } else {
          // A quiet refresh re-reads latest versions too, since a publish may have changed them.
          requested.clear();
        }
        try {
          const items = await collectPages(
            (nextToken) =>
              api.invoke('ListPackages', {
                ...ref,
                maxResults: nextToken === undefined ? firstPageSize : pageSize,
                nextToken,
              }),
            (page) => page.packages,
            (soFar) => {
              if (mine === listGeneration && !keep) {
                set({ packages: { key, status: 'ready', items: soFar.slice(), complete: false } });
              }
            },
          );
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
              items: state.packages.items,
              complete: false,
              error: toUiError(error),
            },
          }));
        }
      },

      setPackageFilter(filter) {
        set((state) => ({ packageFilter: { ...state.packageFilter, ...filter } }));
      },

      async loadLatestVersions(refs) {
        const wanted = refs.filter((ref) => !requested.has(packageKey(ref)));
        for (const ref of wanted) requested.add(packageKey(ref));
        // Answers are applied together (one store update per round of requests), not one by one,
        // so a screenful of rows re-renders a few times rather than once per package.
        let pending: Record<string, string | null> = {};
        const flush = (): void => {
          if (Object.keys(pending).length === 0) return;
          const found = pending;
          pending = {};
          set((state) => ({ latestVersions: { ...state.latestVersions, ...found } }));
        };
        let index = 0;
        const worker = async (): Promise<void> => {
          while (index < wanted.length) {
            const ref = wanted[index++];
            if (!ref) return;
            const key = packageKey(ref);
            try {
              const page = await api.invoke('ListPackageVersions', { ...packageInput(ref), maxResults: 1 });
              pending[key] = page.defaultDisplayVersion ?? page.versions?.[0]?.version ?? null;
            } catch {
              // Left blank in the list; the package's own screen shows the error if it persists.
              requested.delete(key);
            }
            if (index % latestVersionConcurrency === 0) flush();
          }
        };
        await Promise.all(Array.from({ length: Math.min(latestVersionConcurrency, wanted.length) }, worker));
        flush();
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
            items: state.packages.items.map((item) =>
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
                  items: state.packages.items.filter(
                    (item) => packageId(item.format, item.namespace, item.package) !== id,
                  ),
                }
              : state.packages,
        }));
        void get().countPackages(ref);
      },
    };
  };
