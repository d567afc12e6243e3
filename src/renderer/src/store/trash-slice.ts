/**
 * The trash of deleted versions (app.listTrash, app.restoreTrash, app.purgeTrash) and its retention
 * setting, plus the Undo offered right after a delete: the deleted versions of one package, which
 * Undo finds in the trash (the newest entry of each) and restores.
 */
import type { TrashListing } from '../../../shared/trash';
import type { Slice } from './app-store';
import { toUiError, type UiError } from './load-state';
import { displayPackageName, type PackageRef } from './refs';

export interface TrashState {
  readonly domain: string;
  readonly status: 'loading' | 'ready' | 'error';
  readonly value?: TrashListing;
  readonly error?: UiError;
}

export interface UndoOffer {
  readonly id: number;
  readonly ref: PackageRef;
  readonly versions: readonly string[];
}

export interface TrashSlice {
  trash?: TrashState;
  /** Days deleted versions stay restorable (0: off); undefined until read. */
  trashRetentionDays?: number;
  undoOffer?: UndoOffer;
  loadTrash(domain: string): Promise<void>;
  restoreTrash(domain: string, ids: readonly number[]): Promise<void>;
  purgeTrash(domain: string, ids: readonly number[]): Promise<void>;
  loadTrashSettings(): Promise<void>;
  setTrashRetention(days: number): Promise<void>;
  /** Offers Undo for versions just deleted (when the trash keeps them). */
  offerUndo(ref: PackageRef, versions: readonly string[]): void;
  dismissUndo(): void;
  undoDelete(): Promise<void>;
}

export const createTrashSlice: Slice<TrashSlice> =
  ({ api }) =>
  (set, get) => {
    let offerId = 0;
    const afterChange = async (domain: string): Promise<void> => {
      if (get().trash?.domain === domain) await get().loadTrash(domain);
    };
    return {
      async loadTrash(domain) {
        const previous = get().trash;
        set({
          trash: {
            domain,
            status: 'loading',
            ...(previous?.domain === domain && previous.value ? { value: previous.value } : {}),
          },
        });
        try {
          const value = await api.invoke('app.listTrash', { domain });
          if (get().trash?.domain !== domain) return;
          set({ trash: { domain, status: 'ready', value }, trashRetentionDays: value.retentionDays });
        } catch (error) {
          if (get().trash?.domain !== domain) return;
          set({ trash: { domain, status: 'error', error: toUiError(error) } });
        }
      },
      async restoreTrash(domain, ids) {
        const { restored } = await api.invoke('app.restoreTrash', { domain, ids });
        get().notify('success', `Restored ${restored.map((entry) => entry.label).join(', ')}`);
        await afterChange(domain);
      },
      async purgeTrash(domain, ids) {
        const { purged } = await api.invoke('app.purgeTrash', { domain, ids });
        get().notify('success', `Deleted ${purged} ${purged === 1 ? 'version' : 'versions'} for good`);
        await afterChange(domain);
      },
      async loadTrashSettings() {
        const { retentionDays } = await api.invoke('app.trashSettings', {});
        set({ trashRetentionDays: retentionDays });
      },
      async setTrashRetention(days) {
        const { retentionDays } = await api.invoke('app.setTrashSettings', { retentionDays: days });
        set({ trashRetentionDays: retentionDays });
      },
      offerUndo(ref, versions) {
        if (versions.length === 0 || get().trashRetentionDays === 0) return;
        set({ undoOffer: { id: ++offerId, ref, versions } });
      },
      dismissUndo() {
        set({ undoOffer: undefined });
      },
      async undoDelete() {
        const offer = get().undoOffer;
        if (!offer) return;
        set({ undoOffer: undefined });
        const { ref } = offer;
        try {
          const { entries } = await api.invoke('app.listTrash', {
            domain: ref.domain,
            repository: ref.repository,
            format: ref.format,
            ...(ref.namespace ? { namespace: ref.namespace } : {}),
            package: ref.package,
          });
          // Entries come newest first: the first of each version is the one just deleted.
          const ids = offer.versions
            .map((version) => entries.find((entry) => entry.version === version)?.id)
            .filter((id): id is number => id !== undefined);
          if (ids.length === 0) throw new Error('The deleted versions are no longer in the trash.');
          await get().restoreTrash(ref.domain, ids);
          await get().loadVersions(ref, { quiet: true });
        } catch (error) {
          const name = displayPackageName(ref.format, ref.namespace, ref.package);
          get().notify('error', `Undo of the delete of ${name} failed: ${toUiError(error).message}`);
        }
      },
    };
  };
