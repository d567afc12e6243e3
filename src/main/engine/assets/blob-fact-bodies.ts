/**
 * The texts of blob_facts, each kept once however many blobs carry the same one (migration 14): the
 * same file stored in several domains, or versions whose stored package.json fields are equal.
 * A body's id is the first 48 bits of its SHA-256, so finding an equal body is one lookup by rowid
 * (no index on the text); a different body already under that id (a collision) moves on to the next
 * id. Triggers on blob_facts count a body's uses and drop it with its last one.
 *
 * Texts are stored packed against their package's base (migration 15): consecutive versions of a
 * package differ in a few fields (a commit id, a dependency range), so a text kept as its delta
 * from the base text (`text-delta.ts`) is tens of bytes where the text is hundreds. A body is either
 * plain (`body`) or packed (`packed`, the delta from the plain text of row `base_id`). A
 * package's base (`blob_fact_families`, one row per package and kind) is a plain body; a text that
 * packs to more than a third of its size against it (the package's fields have drifted) is stored
 * plain and becomes the new base. A base's `uses` counts the bodies packed against it, so it stays
 * while any does, even after the version that brought it is deleted; a base that goes is also
 * forgotten as its families' base (triggers, migration 15).
 */
import type { Db } from '../../store/types';
import { internedId } from '../interned-ids';
import type { PackageCoordinates } from '../packages/package-coordinates';
import { decodeDelta, encodeDelta } from './text-delta';

/** Texts shorter than this (digests, short records) are kept plain: packing would save little. */
const packableLength = 128;

/** A packed text this much smaller than its text (or better) keeps its base; worse makes a new one. */
const rebaseRatio = 3;

/** What a packed text's row holds: enough to give its text back. */
export interface StoredFactText {
  readonly fact_body: string | null;
  readonly fact_packed: Uint8Array | null;
  readonly fact_base: number | null;
}

/** The columns of StoredFactText for the blob_fact_bodies row aliased `alias`. */
export function factTextColumns(alias: string): string {
  return `${alias}.body AS fact_body, ${alias}.packed AS fact_packed, ${alias}.base_id AS fact_base`;
}

/**
 * Base texts (UTF-8) by id, most recently used last: a packument reads thousands of texts packed
 * against the same few bases. An id names one text for good (it is derived from the text), so an
 * entry never goes stale.
 */
const baseTexts = new Map<number, Buffer>();
const baseTextsKept = 32;

function baseText(db: Db, id: number): Buffer {
  const kept = baseTexts.get(id);
  if (kept) {
    baseTexts.delete(id);
    baseTexts.set(id, kept);
    return kept;
  }
  const row = db.get<{ body: string | null }>('SELECT body FROM blob_fact_bodies WHERE id = ?', [id]);
  if (typeof row?.body !== 'string') throw new Error(`stored fact text ${id} is not a plain base text`);
  const text = Buffer.from(row.body, 'utf8');
  baseTexts.set(id, text);
  if (baseTexts.size > baseTextsKept) baseTexts.delete(baseTexts.keys().next().value as number);
  return text;
}

/** The text of a stored fact row (null when the row was not there: a LEFT JOIN that found nothing). */
export function readFactText(db: Db, row: StoredFactText): string | null {
  if (row.fact_body !== null) return row.fact_body;
  if (row.fact_packed === null || row.fact_base === null) return null;
  return decodeDelta(row.fact_packed, baseText(db, row.fact_base)).toString('utf8');
}

/** The family key of the texts a package's files carry, for one kind of fact. */
export function factFamily(kind: string, coordinates: PackageCoordinates): string {
  return `${kind} ${coordinates.format}/${coordinates.namespace}/${coordinates.name}`;
}

function storedText(db: Db, id: number): { text: string; plain: boolean } | undefined {
  const row = db.get<StoredFactText>(
    `SELECT ${factTextColumns('b')} FROM blob_fact_bodies b WHERE b.id = ?`,
    [id],
  );
  const text = row && readFactText(db, row);
  return text === null || text === undefined ? undefined : { text, plain: row?.fact_body !== null };
}

/** The family's base: its id and text, if it has one still stored. */
function familyBase(db: Db, family: string): { id: number; text: Buffer } | undefined {
  const row = db.get<{ base_id: number }>('SELECT base_id FROM blob_fact_families WHERE family = ?', [
    family,
  ]);
  if (!row) return undefined;
  const base = db.get<{ body: string | null }>('SELECT body FROM blob_fact_bodies WHERE id = ?', [
    row.base_id,
  ]);
  if (typeof base?.body !== 'string') return undefined;
  return { id: row.base_id, text: baseText(db, row.base_id) };
}

/** Makes `id` (a plain body) the family's base. */
function setFamilyBase(db: Db, family: string, id: number): void {
  db.run(
    `INSERT INTO blob_fact_families (family, base_id) VALUES (?, ?)
     ON CONFLICT (family) DO UPDATE SET base_id = excluded.base_id`,
    [family, id],
  );
}

/**
 * How `text` is to be stored for `family`: packed against the family's base when that packs it well,
 * else plain (and then, when it is long enough to be worth packing others against, the new base).
 */
type Packing = { packed: Uint8Array; baseId: number } | { packed?: undefined; becomesBase: boolean };

function packing(db: Db, text: string, family: string | undefined): Packing {
  if (family === undefined || text.length < packableLength) return { becomesBase: false };
  const base = familyBase(db, family);
  if (base) {
    const bytes = Buffer.from(text, 'utf8');
    const packed = encodeDelta(bytes, base.text);
    if (packed.length * rebaseRatio <= bytes.length) return { packed, baseId: base.id };
  }
  return { becomesBase: true };
}

function insertBody(db: Db, id: number, text: string, family: string | undefined): void {
  const how = packing(db, text, family);
  if (how.packed !== undefined) {
    db.run('INSERT INTO blob_fact_bodies (id, packed, base_id, uses) VALUES (?, ?, ?, 0)', [
      id,
      how.packed,
      how.baseId,
    ]);
    return;
  }
  db.run('INSERT INTO blob_fact_bodies (id, body, uses) VALUES (?, ?, 0)', [id, text]);
  if (how.becomesBase && family !== undefined) setFamilyBase(db, family, id);
}

/**
 * The id of a row of blob_fact_bodies holding `body`, added (with no uses yet) when none does. Call
 * it inside the write that then inserts the blob_facts row naming it; the id (and the packed bytes)
 * are bound, so replaying the journal gives the same rows. `family` (see factFamily) names the
 * package whose base the text is packed against; without one the text is kept plain.
 */
export function internFactBody(db: Db, body: string, family?: string): number {
  return internedId(
    body,
    (id) => {
      const stored = storedText(db, id);
      return stored && stored.text === body;
    },
    (id) => insertBody(db, id, body, family),
  );
}

/**
 * internFactBody as migration 14 ran it, on the table it created (plain texts only): that migration
 * runs before 15 adds the packed columns, so it must not read them.
 */
export function internPlainFactBody(db: Db, body: string): number {
  return internedId(
    body,
    (id) => {
      const row = db.get<{ body: string }>('SELECT body FROM blob_fact_bodies WHERE id = ?', [id]);
      return row && row.body === body;
    },
    (id) => db.run('INSERT INTO blob_fact_bodies (id, body, uses) VALUES (?, ?, 0)', [id, body]),
  );
}

/**
 * Packs the plain body `id` against its family's base, or makes it the family's base (migration 15,
 * for texts stored before texts were packed). A body already packed, or the base of some family,
 * stays as it is.
 */
export function packStoredBody(db: Db, id: number, family: string): void {
  const row = db.get<{ body: string | null }>('SELECT body FROM blob_fact_bodies WHERE id = ?', [id]);
  if (typeof row?.body !== 'string') return;
  if (db.get('SELECT 1 AS found FROM blob_fact_families WHERE base_id = ?', [id])) return;
  const how = packing(db, row.body, family);
  if (how.packed !== undefined) {
    db.run('UPDATE blob_fact_bodies SET body = NULL, packed = ?, base_id = ? WHERE id = ?', [
      how.packed,
      how.baseId,
      id,
    ]);
    db.run('UPDATE blob_fact_bodies SET uses = uses + 1 WHERE id = ?', [how.baseId]);
  } else if (how.becomesBase) setFamilyBase(db, family, id);
}
