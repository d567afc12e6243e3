/**
 * The renderer's state: one zustand store assembled from slices (domains, repositories, packages,
 * versions, groups, settings, jobs, ui, quick start, search, activity, data safety). Every slice reaches the service only through the `api`
 * object it is given, which is what lets the unit tests drive each slice with a fake api.
 */
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import type { Api } from '../api/api';
import { createActivitySlice, type ActivitySlice } from './activity-slice';
import { createDataSafetySlice, type DataSafetySlice } from './data-safety-slice';
import { createDomainsSlice, type DomainsSlice } from './domains-slice';
import { createGroupsSlice, type GroupsSlice } from './groups-slice';
import { createJobsSlice, type JobsSlice } from './jobs-slice';
import { createKitSlice, type KitSlice } from './kit-slice';
import { createSeedSlice, type SeedSlice } from './seed-slice';
import { createMirrorSlice, type MirrorSlice } from './mirror-slice';
import { createPackagesSlice, type PackagesSlice } from './packages-slice';
import { createPromotionSlice, type PromotionSlice } from './promotion-slice';
import { createQuickStartSlice, type QuickStartSlice } from './quick-start-slice';
import { createRepositoriesSlice, type RepositoriesSlice } from './repositories-slice';
import { createSearchSlice, type SearchSlice } from './search-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createTraceSlice, type TraceSlice } from './trace-slice';
import { createTrashSlice, type TrashSlice } from './trash-slice';
import { createUiSlice, type UiSlice } from './ui-slice';
import { createVersionsSlice, type VersionsSlice } from './versions-slice';

export type AppState = DomainsSlice &
  RepositoriesSlice &
  PackagesSlice &
  VersionsSlice &
  GroupsSlice &
  SettingsSlice &
  JobsSlice &
  UiSlice &
  MirrorSlice &
  KitSlice &
  SeedSlice &
  PromotionSlice &
  QuickStartSlice &
  SearchSlice &
  TraceSlice &
  ActivitySlice &
  DataSafetySlice &
  TrashSlice;

/** Small persisted choices (the theme); localStorage in the app, a map in tests. */
export interface Preferences {
  load(key: string): string | undefined;
  save(key: string, value: string): void;
}

export interface SliceDeps {
  readonly api: Api;
  readonly preferences: Preferences;
}

export type Slice<S> = (deps: SliceDeps) => StateCreator<AppState, [], [], S>;

export type AppStore = StoreApi<AppState>;

export function createAppStore(api: Api, preferences: Preferences = memoryPreferences()): AppStore {
  const deps: SliceDeps = { api, preferences };
  return createStore<AppState>()((...args) => ({
    ...createDomainsSlice(deps)(...args),
    ...createRepositoriesSlice(deps)(...args),
    ...createPackagesSlice(deps)(...args),
    ...createVersionsSlice(deps)(...args),
    ...createGroupsSlice(deps)(...args),
    ...createSettingsSlice(deps)(...args),
    ...createJobsSlice(deps)(...args),
    ...createUiSlice(deps)(...args),
    ...createQuickStartSlice(deps)(...args),
    ...createSearchSlice(deps)(...args),
    ...createTraceSlice(deps)(...args),
    ...createActivitySlice(deps)(...args),
    ...createMirrorSlice(deps)(...args),
    ...createKitSlice(deps)(...args),
    ...createSeedSlice(deps)(...args),
    ...createPromotionSlice(deps)(...args),
    ...createDataSafetySlice(deps)(...args),
    ...createTrashSlice(deps)(...args),
  }));
}

export function memoryPreferences(initial: Record<string, string> = {}): Preferences {
  const values = new Map(Object.entries(initial));
  return {
    load: (key) => values.get(key),
    save: (key, value) => void values.set(key, value),
  };
}
