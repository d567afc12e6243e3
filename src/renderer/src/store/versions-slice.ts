/**
 * Versions of the open package (every status, every page) with an npm package's dist-tags, the status filter and the selection for
 * bulk actions; the open version's description, assets, readme and dependencies; and the version
 * actions — change status, dispose, delete, copy — run as batched jobs with per-version results.
 */
import type { DamagedAssetEntry } from '../../../shared/app-operations';
import type {
  AssetSummary,
  PackageDependency,
  PackageVersionDescription,
  PackageVersionStatus,
  PackageVersionSummary,
} from '@aws-sdk/client-codeartifact';
import type { ClientLatest, PackageFacts } from '../../../shared/app-operations';
import type { Slice } from './app-store';
import type { VersionBatchResult } from './jobs-slice';
import { toUiError, type LoadOptions, type LoadStatus, type UiError } from './load-state';
import { collectPages } from './pagination';
import {
  displayPackageName,
  packageInput,
  packageKey,
  versionKey,
  type PackageRef,
  type VersionRef,
} from './refs';

import type { TargetStatus } from '../lib/version-actions';

export type { TargetStatus };

export interface CopyOptions {
  readonly destinationRepository: string;
  readonly allowOverwrite: boolean;
  readonly includeFromUpstream: boolean;
}

interface Part<T> {
  key?: string;
  status: LoadStatus;
  value?: T;
  error?: UiError;
}

export interface VersionsSlice {
  versions: {
    key?: string;
    status: LoadStatus;
    items: PackageVersionSummary[];
    defaultDisplayVersion?: string;
    error?: UiError;
    /** npm only: every dist-tag (tag → version); undefined for other formats or while unknown. */
    distTags?: Record<string, string>;
    /** Why the dist-tags could not be read; the versions stay usable without them. */
    distTagsError?: UiError;
    /** What the format's client resolves as latest now, and tags naming versions it cannot see. */
    clientLatest?: ClientLatest;
    /** Version sizes and "used by" (app.packageFacts); undefined while unknown. */
    facts?: PackageFacts;
    /** The readme of the latest visible version ('' when it has none). */
    latestReadme?: string;
  };
  versionStatusFilter: PackageVersionStatus | 'all';
  selectedVersions: string[];
  version: Part<PackageVersionDescription>;
  assets: Part<AssetSummary[]>;
  readme: Part<string>;
  dependencies: Part<PackageDependency[]>;
  /** Where each of the open version's dependencies is held (same order), for links. */
  dependencyLinks: Part<PackageFacts['dependencies']>;

  loadVersions(ref: PackageRef, options?: LoadOptions): Promise<void>;
  setVersionStatusFilter(filter: PackageVersionStatus | 'all'): void;
  toggleVersionSelection(version: string): void;
  setVersionSelection(versions: readonly string[]): void;
  loadVersionDetail(ref: VersionRef, options?: LoadOptions): Promise<void>;
  downloadAsset(ref: VersionRef, asset: string): Promise<Blob | void>;
  /** The version's assets whose stored file was found damaged or missing. */
  listDamagedAssets(ref: VersionRef): Promise<DamagedAssetEntry[]>;
  changeVersionStatus(
    ref: PackageRef,
    versions: readonly string[],
    target: TargetStatus,
  ): Promise<VersionBatchResult>;
  disposeVersions(ref: PackageRef, versions: readonly string[]): Promise<VersionBatchResult>;
  deleteVersions(ref: PackageRef, versions: readonly string[]): Promise<VersionBatchResult>;
  copyVersions(
    ref: PackageRef,
    versions: readonly string[],
    options: CopyOptions,
  ): Promise<VersionBatchResult>;
}

export function filterVersions(
  items: readonly PackageVersionSummary[],
  filter: PackageVersionStatus | 'all',
): PackageVersionSummary[] {
  return filter === 'all' ? items.slice() : items.filter((item) => item.status === filter);
}

export const createVersionsSlice: Slice<VersionsSlice> =
  ({ api }) =>
  (set, get) => {
    let listGeneration = 0;
    let detailGeneration = 0;

    /** Loads one part of the version screen, dropping answers that arrive after the user moved on. */
    async function loadPart<
      K extends 'version' | 'assets' | 'readme' | 'dependencies' | 'dependencyLinks',
      T,
    >(part: K, key: string, mine: number, quiet: boolean, fetch: () => Promise<T>): Promise<void> {
      const current = get()[part];
      if (!quiet || current.key !== key)
        set({ [part]: { key, status: 'loading' } } as Partial<VersionsSlice>);
      try {
        const value = await fetch();
        if (mine !== detailGeneration) return;
        set({ [part]: { key, status: 'ready', value } } as Partial<VersionsSlice>);
      } catch (error) {
        if (mine !== detailGeneration) return;
        set({ [part]: { key, status: 'error', error: toUiError(error) } } as Partial<VersionsSlice>);
      }
    }

    /** After an action, what is on screen is re-read so statuses and revisions are current. */
    async function refreshAfterAction(ref: PackageRef): Promise<void> {
      const tasks: Promise<void>[] = [get().loadVersions(ref, { quiet: true })];
      const open = get().version.key;
      const openVersion = get().version.value?.version;
      if (open && openVersion && open === versionKey({ ...ref, version: openVersion })) {
        tasks.push(get().loadVersionDetail({ ...ref, version: openVersion }, { quiet: true }));
      }
      await Promise.all(tasks);
    }

    function label(ref: PackageRef, versions: readonly string[]): string {
      const name = displayPackageName(ref.format, ref.namespace, ref.package);
      return versions.length === 1 ? `${name} ${versions[0]}` : `${versions.length} versions of ${name}`;
    }

    return {
      versions: { status: 'idle', items: [] },
      versionStatusFilter: 'all',
      selectedVersions: [],
      version: { status: 'idle' },
      assets: { status: 'idle' },
      readme: { status: 'idle' },
      dependencies: { status: 'idle' },
      dependencyLinks: { status: 'idle' },

      async loadVersions(ref, options = {}) {
        const key = packageKey(ref);
        const mine = ++listGeneration;
        const current = get().versions;
        if (current.key !== key) set({ selectedVersions: [], versionStatusFilter: 'all' });
        if (!options.quiet || current.key !== key || current.status !== 'ready') {
          set({ versions: { key, status: 'loading', items: [] } });
        }
        // Dist-tags are read alongside the list; failing to read them does not hide the versions.
        const tags: Promise<{ distTags?: Record<string, string>; distTagsError?: UiError }> =
          ref.format === 'npm'
            ? api.invoke('app.listDistTags', packageInput(ref)).then(
                (distTags) => ({ distTags }),
                (error: unknown) => ({ distTagsError: toUiError(error) }),
              )
            : Promise.resolve({});
        // Without this read the header falls back to the API's defaultDisplayVersion.
        const latest: Promise<{ clientLatest?: ClientLatest; latestReadme?: string }> = api
          .invoke('app.clientLatest', packageInput(ref))
          .then(
            async (clientLatest) => {
              if (!clientLatest.latest) return { clientLatest };
              const readme = await api
                .invoke('GetPackageVersionReadme', {
                  ...packageInput(ref),
                  packageVersion: clientLatest.latest,
                })
                .then(
                  (answer) => answer.readme ?? '',
                  () => undefined,
                );
              return readme === undefined ? { clientLatest } : { clientLatest, latestReadme: readme };
            },
            () => ({}),
          );
        const facts: Promise<{ facts?: PackageFacts }> = api
          .invoke('app.packageFacts', packageInput(ref))
          .then(
            (value) => ({ facts: value }),
            () => ({}),
          );
        try {
          let defaultDisplayVersion: string | undefined;
          const items = await collectPages(
            (nextToken) =>
              api.invoke('ListPackageVersions', { ...packageInput(ref), maxResults: 1000, nextToken }),
            (page) => {
              defaultDisplayVersion ??= page.defaultDisplayVersion;
              return page.versions;
            },
          );
          const [distTags, resolved, known] = await Promise.all([tags, latest, facts]);
          if (mine !== listGeneration) return;
          const present = new Set(items.map((item) => item.version));
          set((state) => ({
            versions: {
              key,
              status: 'ready',
              items,
              defaultDisplayVersion,
              ...distTags,
              ...resolved,
              ...known,
            },
            selectedVersions: state.selectedVersions.filter((version) => present.has(version)),
          }));
        } catch (error) {
          if (mine !== listGeneration) return;
          set({ versions: { key, status: 'error', items: [], error: toUiError(error) } });
        }
      },

      setVersionStatusFilter(filter) {
        set({ versionStatusFilter: filter });
      },

      toggleVersionSelection(version) {
        set((state) => ({
          selectedVersions: state.selectedVersions.includes(version)
            ? state.selectedVersions.filter((selected) => selected !== version)
            : [...state.selectedVersions, version],
        }));
      },

      setVersionSelection(versions) {
        set({ selectedVersions: [...new Set(versions)] });
      },

      async loadVersionDetail(ref, options = {}) {
        const key = versionKey(ref);
        const mine = ++detailGeneration;
        const quiet = options.quiet === true;
        const input = { ...packageInput(ref), packageVersion: ref.version };
        await Promise.all([
          loadPart(
            'version',
            key,
            mine,
            quiet,
            async () => (await api.invoke('DescribePackageVersion', input)).packageVersion,
          ),
          loadPart('assets', key, mine, quiet, () =>
            collectPages(
              (nextToken) =>
                api.invoke('ListPackageVersionAssets', { ...input, maxResults: 1000, nextToken }),
              (page) => page.assets,
            ),
          ),
          loadPart(
            'readme',
            key,
            mine,
            quiet,
            async () => (await api.invoke('GetPackageVersionReadme', input)).readme ?? '',
          ),
          loadPart('dependencies', key, mine, quiet, async () => {
            const dependencies = await collectPages(
              (nextToken) => api.invoke('ListPackageVersionDependencies', { ...input, nextToken }),
              (page) => page.dependencies,
            );
            // Links are a nicety: without them the dependencies are still listed.
            void loadPart('dependencyLinks', key, mine, quiet, async () =>
              dependencies.length === 0
                ? []
                : (
                    await api.invoke('app.packageFacts', {
                      ...packageInput(ref),
                      dependencies: dependencies.map((dependency) => ({
                        ...(dependency.namespace ? { namespace: dependency.namespace } : {}),
                        package: dependency.package ?? '',
                      })),
                    })
                  ).dependencies,
            );
            return dependencies;
          }),
        ]);
      },

      downloadAsset(ref, asset) {
        return api.download({ ...packageInput(ref), packageVersion: ref.version, asset });
      },

      listDamagedAssets(ref) {
        return api.invoke('app.listDamagedAssets', { ...packageInput(ref), packageVersion: ref.version });
      },

      async changeVersionStatus(ref, versions, target) {
        const result = await get().runVersionBatches(
          `Set ${label(ref, versions)} to ${target}`,
          versions,
          (batch) =>
            api.invoke('UpdatePackageVersionsStatus', {
              ...packageInput(ref),
              versions: batch,
              targetStatus: target,
            }),
        );
        await refreshAfterAction(ref);
        return result;
      },

      async disposeVersions(ref, versions) {
        const result = await get().runVersionBatches(`Dispose ${label(ref, versions)}`, versions, (batch) =>
          api.invoke('DisposePackageVersions', { ...packageInput(ref), versions: batch }),
        );
        await refreshAfterAction(ref);
        return result;
      },

      async deleteVersions(ref, versions) {
        const result = await get().runVersionBatches(`Delete ${label(ref, versions)}`, versions, (batch) =>
          api.invoke('DeletePackageVersions', { ...packageInput(ref), versions: batch }),
        );
        await refreshAfterAction(ref);
        return result;
      },

      async copyVersions(ref, versions, options) {
        const { repository, ...rest } = packageInput(ref);
        const result = await get().runVersionBatches(
          `Copy ${label(ref, versions)} to ${options.destinationRepository}`,
          versions,
          (batch) =>
            api.invoke('CopyPackageVersions', {
              ...rest,
              sourceRepository: repository,
              destinationRepository: options.destinationRepository,
              versions: batch,
              allowOverwrite: options.allowOverwrite,
              includeFromUpstream: options.includeFromUpstream,
            }),
        );
        void get().countPackages({ domain: ref.domain, repository: options.destinationRepository });
        return result;
      },
    };
  };
