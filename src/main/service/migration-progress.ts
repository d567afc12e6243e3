/**
 * How a start that upgrades the data directory's schema reports each step, one line per step, for
 * `serve` and the desktop app's log (a migration of a large store can take seconds).
 */
import type { MigrationProgress } from '../store';

export function migrationProgressLine(progress: MigrationProgress): string {
  switch (progress.step) {
    case 'migrating':
      return `Upgrading the data directory: migration ${progress.version} (${progress.name}), ${progress.position} of ${progress.pending}…\n`;
    case 'migrated':
      return `  migration ${progress.version} done in ${seconds(progress.ms)}\n`;
    case 'compacting':
      return 'Compacting the database after the upgrade…\n';
    case 'compacted':
      return `  compacted in ${seconds(progress.ms)} (${progress.freedPages} free page(s) reclaimed)\n`;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
