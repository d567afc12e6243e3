/**
 * A version's descriptive fields (display name, summary, home page, source repository, licences as
 * JSON), kept once per distinct combination in `version_descriptions` (migration 16) and named by
 * `package_versions.description_id`. The versions of a package almost always share them, so each
 * version row carries one integer instead of the texts. Triggers count each row's uses and delete it
 * with its last one.
 */
import type { Db } from '../../store/types';
import { internedId } from '../interned-ids';

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

function sameFields(a: DescriptionFields, b: DescriptionFields): boolean {
  return fieldNames.every((name) => a[name] === b[name]);
}

/** The id of the row holding `fields` (added with no uses yet if new); null when every field is NULL. */
export function internDescription(db: Db, fields: DescriptionFields): number | null {
  const values = fieldNames.map((name) => fields[name]);
  if (values.every((value) => value === null)) return null;
  return internedId(
    JSON.stringify(values),
    (id) => {
      const stored = db.get<DescriptionFields>(
        `SELECT ${fieldNames.join(', ')} FROM version_descriptions WHERE id = ?`,
        [id],
      );
      return stored && sameFields(stored, fields);
    },
    (id) =>
      db.run(
        `INSERT INTO version_descriptions (id, ${fieldNames.join(', ')}, uses) VALUES (?, ?, ?, ?, ?, ?, 0)`,
        [id, ...values],
      ),
  );
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
