/**
 * The trash's retention, a setting of the data directory (`trash.retentionDays` in the store's
 * `settings` table): how many days deleted versions stay restorable; 0 turns the trash off. The
 * engine reads it inside the write that deletes, so every front door keeps the same rule.
 */
import type { Db } from '../../store/types';
import { trashRetentionProblem, trashRetentionRule } from '../../../shared/trash';
import { ValidationException } from '../errors';

const settingKey = 'trash.retentionDays';
export const dayMs = 24 * 60 * 60 * 1000;

export function readTrashRetentionDays(db: Db): number {
  const row = db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [settingKey]);
  const value = row === undefined ? undefined : Number(row.value);
  // A value this build would refuse (edited by hand, or from another build) is ignored.
  return value !== undefined && trashRetentionProblem(value) === undefined
    ? value
    : trashRetentionRule.default;
}

/** Checks and stores the retention (inside a write). */
export function writeTrashRetentionDays(db: Db, value: unknown): number {
  const problem = trashRetentionProblem(value);
  if (problem) throw new ValidationException(`retentionDays ${problem}; got ${String(value)}.`);
  db.run(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [settingKey, String(value)],
  );
  return value as number;
}
