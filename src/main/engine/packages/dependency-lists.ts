/**
 * A version's direct dependencies, kept once per distinct ordered list in `dependency_lists`
 * (migration 17) and named by `package_versions.dependency_list_id` (NULL for a version without
 * dependencies). The versions of a package mostly repeat the list of the one before, so each version
 * row carries one integer instead of a row per dependency. Triggers count each list's uses and
 * delete it with its last one.
 *
 * This module is the one place that encodes and decodes a list. The encoding is a JSON array of
 * `[namespace, package, dependencyType, versionRequirement]` arrays in the metadata's order, NULL
 * where a member is unset: compact (no member names), exact for any text, and readable by SQLite's
 * JSON functions, so a query that looks inside lists (who depends on a package) stays one SQL
 * statement; `dependencyEntryColumn` names each member's path.
 */
import type { Db } from '../../store/types';
import { internedId } from '../interned-ids';
import type { DependencyEntry } from './package-records';

/** One stored dependency, as ListPackageVersionDependencies and copies read it. */
export interface StoredDependency {
  /** Its place in the list, from 0. */
  readonly position: number;
  readonly namespace: string | null;
  readonly package: string;
  readonly dependency_type: string | null;
  readonly version_requirement: string | null;
}

type EncodedEntry = [string | null, string, string | null, string | null];

const memberIndex = { namespace: 0, package: 1, dependency_type: 2, version_requirement: 3 } as const;

/**
 * The SQL expression reading one member of an entry of a list unpacked with `json_each` (the
 * entry's JSON text in `entry`, e.g. `e.value`).
 */
export function dependencyEntryColumn(entry: string, member: keyof typeof memberIndex): string {
  return `json_extract(${entry}, '$[${memberIndex[member]}]')`;
}

/** The stored text of an ordered list (never empty: an empty list is stored as none). */
export function encodeDependencyList(entries: readonly DependencyEntry[]): string {
  return JSON.stringify(
    entries.map((entry): EncodedEntry => [
      entry.namespace ?? null,
      entry.package,
      entry.dependencyType ?? null,
      entry.versionRequirement ?? null,
    ]),
  );
}

/** The dependencies a stored text holds, in order. */
export function decodeDependencyList(text: string): StoredDependency[] {
  return (JSON.parse(text) as EncodedEntry[]).map(
    ([namespace, pkg, dependencyType, versionRequirement], position) => ({
      position,
      namespace,
      package: pkg,
      dependency_type: dependencyType,
      version_requirement: versionRequirement,
    }),
  );
}

/**
 * The id of the row holding `text` (an encoded list; added with no uses yet if new). Use
 * `internDependencyList` unless the list is already encoded.
 */
export function internEncodedDependencyList(db: Db, text: string): number {
  return internedId(
    text,
    (id) => {
      const stored = db.get<{ entries: string }>('SELECT entries FROM dependency_lists WHERE id = ?', [id]);
      return stored && stored.entries === text;
    },
    (id) => db.run('INSERT INTO dependency_lists (id, entries, uses) VALUES (?, ?, 0)', [id, text]),
  );
}

/** The id of the row holding the list (added with no uses yet if new); null for an empty list. */
export function internDependencyList(db: Db, entries: readonly DependencyEntry[]): number | null {
  return entries.length === 0 ? null : internEncodedDependencyList(db, encodeDependencyList(entries));
}

/** The dependencies a list id names, in order (none for NULL). */
export function readDependencyList(db: Db, listId: number | null): StoredDependency[] {
  if (listId === null) return [];
  const row = db.get<{ entries: string }>('SELECT entries FROM dependency_lists WHERE id = ?', [listId]);
  return row ? decodeDependencyList(row.entries) : [];
}
