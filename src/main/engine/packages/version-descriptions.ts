/**
 * A version's descriptive fields (display name, summary, home page, source repository, licences as
 * JSON), kept once per distinct combination in `version_descriptions` (migration 16) and named by
 * `package_versions.description_id`. The versions of a package almost always share them, so each
 * version row carries one integer instead of the texts. Triggers count each row's uses and delete it
 * with its last one.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../store/types';

/** The stored descriptive fields; a version without a description reads as all NULL. */
export interface DescriptionFields {
  readonly display_name: string | null;
  readonly summary: string | null;
  readonly home_page: string | null;
  readonly source_code_repository: string | null;
  readonly licenses: string | null;
}

export const noDescription: DescriptionFields = {
  display_name: null,
  summary: null,
  home_page: null,
  source_code_repository: null,
  licenses: null,
};

const fieldNames = ['display_name', 'summary', 'home_page', 'source_code_repository', 'licenses'] as const;

/** The five columns of `version_descriptions` aliased `alias` (for a LEFT JOIN's select list). */
export function descriptionColumns(alias: string): string {
  return fieldNames.map((name) => `${alias}.${name} AS ${name}`).join(', ');
}

// Ids are the first 48 bits of the fields' SHA-256 (as blob_fact_bodies does), so a lookup needs no
// index over the texts; a collision takes the next free id.
const idLimit = 2 ** 48;

function sameFields(a: DescriptionFields, b: DescriptionFields): boolean {
  return fieldNames.every((name) => a[name] === b[name]);
}

/** The id of the row holding `fields` (added with no uses yet if new); null when every field is NULL. */
export function internDescription(db: Db, fields: DescriptionFields): number | null {
  const values = fieldNames.map((name) => fields[name]);
  if (values.every((value) => value === null)) return null;
  let id = createHash('sha256').update(JSON.stringify(values)).digest().readUIntBE(0, 6) || 1;
  for (;;) {
    const stored = db.get<DescriptionFields>(
      `SELECT ${fieldNames.join(', ')} FROM version_descriptions WHERE id = ?`,
      [id],
    );
    if (!stored) {
      db.run(
        `INSERT INTO version_descriptions (id, ${fieldNames.join(', ')}, uses) VALUES (?, ?, ?, ?, ?, ?, 0)`,
        [id, ...values],
      );
      return id;
    }
    if (sameFields(stored, fields)) return id;
    id = id + 1 >= idLimit ? 1 : id + 1;
  }
}

/** The fields a description id names (all NULL for none). */
export function readDescription(db: Db, descriptionId: number | null): DescriptionFields {
  if (descriptionId === null) return noDescription;
  return (
    db.get<DescriptionFields>(`SELECT ${fieldNames.join(', ')} FROM version_descriptions WHERE id = ?`, [
      descriptionId,
    ]) ?? noDescription
  );
}
