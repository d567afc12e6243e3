/**
 * The texts of blob_facts, each kept once however many blobs carry the same one (migration 14): the
 * same file stored in several domains, or versions whose stored package.json fields are equal.
 * A body's id is the first 48 bits of its SHA-256, so finding an equal body is one lookup by rowid
 * (no index on the text); a different body already under that id (a collision) moves on to the next
 * id. Triggers on blob_facts count a body's uses and drop it with its last one.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../store/types';

/** Ids stay below 2^48: safe integers in JavaScript, six bytes each in SQLite. */
const idLimit = 2 ** 48;

/**
 * The id of a row of blob_fact_bodies holding `body`, added (with no uses yet) when none does. Call
 * it inside the write that then inserts the blob_facts row naming it; the id is bound, so replaying
 * the journal gives the same rows.
 */
export function internFactBody(db: Db, body: string): number {
  let id = createHash('sha256').update(body).digest().readUIntBE(0, 6) || 1;
  for (;;) {
    const row = db.get<{ body: string }>('SELECT body FROM blob_fact_bodies WHERE id = ?', [id]);
    if (!row) {
      db.run('INSERT INTO blob_fact_bodies (id, body, uses) VALUES (?, ?, 0)', [id, body]);
      return id;
    }
    if (row.body === body) return id;
    id = id + 1 >= idLimit ? 1 : id + 1;
  }
}
