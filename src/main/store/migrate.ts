/**
 * Numbered schema migrations. The `schema_migrations` table lists what has been applied; missing
 * versions run in order, each in its own journaled write, after recovery. A database that already
 * has a version newer than the code knows is refused rather than guessed at.
 */
import { StoreSchemaTooNewError, StoreUsageError } from './store-errors';
import type { Migration, MigrationProgress, Store } from './types';

const CREATE_TABLE = `CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`;

export function checkMigrations(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const migration of migrations) {
    if (!Number.isSafeInteger(migration.version) || migration.version <= previous) {
      throw new StoreUsageError(
        `Migration versions must be positive integers in increasing order; ${migration.version} ` +
          `(${migration.name}) follows ${previous}`,
      );
    }
    if (typeof migration.name !== 'string' || migration.name.trim() === '') {
      throw new StoreUsageError(`Migration ${migration.version} has no name`);
    }
    previous = migration.version;
  }
}

/** Returns the versions applied by this call. */
export function applyMigrations(
  store: Pick<Store, 'read' | 'write' | 'dataDir'>,
  migrations: readonly Migration[],
  now: () => number = Date.now,
  onProgress?: (progress: MigrationProgress) => void,
): number[] {
  checkMigrations(migrations);
  const hasTable = store.read(
    (db) =>
      db.get(`SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`) !==
      undefined,
  );
  if (!hasTable) store.write((db) => db.run(CREATE_TABLE));

  const current = store.read(
    (db) =>
      db.get<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations')?.version ??
      0,
  );
  const known = migrations[migrations.length - 1]?.version ?? 0;
  if (current > known) throw new StoreSchemaTooNewError(store.dataDir, current, known);

  const applied: number[] = [];
  // A new store is being created, not upgraded: nothing to report.
  const report = current > 0 ? onProgress : undefined;
  const pending = migrations.filter((migration) => migration.version > current);
  for (const [index, migration] of pending.entries()) {
    const { version, name } = migration;
    report?.({ step: 'migrating', version, name, position: index + 1, pending: pending.length });
    const started = performance.now();
    try {
      store.write((db) => {
        if (migration.sql.trim() !== '') db.run(migration.sql);
        migration.update?.(db);
        db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
          migration.version,
          migration.name,
          now(),
        ]);
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new StoreUsageError(`Migration ${migration.version} (${migration.name}) failed: ${message}`, {
        cause: error,
      });
    }
    applied.push(migration.version);
    report?.({ step: 'migrated', version, name, ms: performance.now() - started });
  }
  return applied;
}
