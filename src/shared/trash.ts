/**
 * The trash of deleted package versions, as the app's own operations carry it (not a CodeArtifact
 * operation): what DeletePackageVersions and DeletePackage removed stays restorable for the retention
 * period; disposed versions are never kept (their files are gone).
 */

/** How long deleted versions stay restorable, in days; 0 turns the trash off. */
export const trashRetentionRule = { default: 7, min: 0, max: 365 } as const;

/** Why a retention value is refused, or undefined when it is acceptable. */
export function trashRetentionProblem(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number of days';
  if (value < trashRetentionRule.min || value > trashRetentionRule.max)
    return `must be between ${trashRetentionRule.min} and ${trashRetentionRule.max} days (0 turns the trash off)`;
  return undefined;
}

export interface TrashListRequest {
  readonly domain: string;
  readonly domainOwner?: string;
  /** Only this repository's trash; absent: the whole domain's. */
  readonly repository?: string;
  readonly format?: string;
  readonly namespace?: string;
  readonly package?: string;
}

export interface TrashEntry {
  /** Names the entry for restore and purge. */
  readonly id: number;
  readonly repository: string;
  readonly format: string;
  readonly namespace?: string;
  readonly package: string;
  readonly version: string;
  /** The status it had when it was deleted, and has again when restored. */
  readonly status: string;
  readonly deletedTime: Date;
  /** When it is purged for good (its files released). */
  readonly expiresTime: Date;
  readonly assetCount: number;
  readonly sizeBytes: number;
  /** A version of the same string exists again (published after the delete): restoring is refused. */
  readonly replaced: boolean;
}

export interface TrashListing {
  readonly retentionDays: number;
  /** Newest deletions first. */
  readonly entries: TrashEntry[];
}

export interface TrashEntriesRequest {
  readonly domain: string;
  readonly domainOwner?: string;
  /** 1–100 entry ids from a listing. */
  readonly ids: readonly number[];
}

export interface TrashRestoreResult {
  readonly restored: { readonly id: number; readonly label: string }[];
}

export interface TrashPurgeResult {
  readonly purged: number;
}

export interface TrashSettings {
  readonly retentionDays: number;
}
