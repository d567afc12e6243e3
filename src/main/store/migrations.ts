/** The database schema as numbered migrations, applied in order by the store at open. */
import type { Migration } from './types';

export const migrations: readonly Migration[] = [];
