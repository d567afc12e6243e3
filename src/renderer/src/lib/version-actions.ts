/**
 * Which version actions apply to a version in a given status, and which target statuses a status
 * change can move it to — one place for the rules the service enforces (semantics: Disposed is
 * terminal and can only be deleted; Unfinished and Disposed versions cannot be copied; nothing goes
 * back to Unfinished).
 */
import type { PackageVersionStatus } from '@aws-sdk/client-codeartifact';

export type VersionAction = 'status' | 'dispose' | 'delete' | 'copy';

export type TargetStatus = Extract<PackageVersionStatus, 'Archived' | 'Published' | 'Unlisted'>;

export const targetStatuses: readonly TargetStatus[] = ['Published', 'Unlisted', 'Archived'];

const byStatus: Record<string, readonly VersionAction[]> = {
  Published: ['status', 'copy', 'dispose', 'delete'],
  Unlisted: ['status', 'copy', 'dispose', 'delete'],
  Archived: ['status', 'copy', 'dispose', 'delete'],
  Unfinished: ['status', 'dispose', 'delete'],
  Disposed: ['delete'],
};

/** The actions offered for one version; an unknown status gets only delete. */
export function actionsFor(status: string | undefined): readonly VersionAction[] {
  return byStatus[status ?? ''] ?? ['delete'];
}

/** The actions offered for a selection: those that apply to every selected version. */
export function actionsForAll(statuses: readonly (string | undefined)[]): readonly VersionAction[] {
  return (['status', 'copy', 'dispose', 'delete'] as const).filter((action) =>
    statuses.every((status) => actionsFor(status).includes(action)),
  );
}

/** Status targets other than the version's own (all of them for a mixed selection). */
export function statusTargets(statuses: readonly (string | undefined)[]): readonly TargetStatus[] {
  const distinct = new Set(statuses);
  if (distinct.size !== 1) return targetStatuses;
  return targetStatuses.filter((target) => !distinct.has(target));
}

/** Actions that cannot be undone; their dialogs say so before confirming. */
export function isIrreversible(action: VersionAction): boolean {
  return action === 'dispose' || action === 'delete';
}
