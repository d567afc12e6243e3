/**
 * Ids of the rows stored once per distinct content (blob fact texts, version descriptions,
 * dependency lists): the first 48 bits of the content's SHA-256, so finding a row needs no index
 * over the contents, and on a collision the next free id. Ids stay below 2^48: safe integers in
 * JavaScript, six bytes each in SQLite. The id is bound in the write that inserts the row, so
 * replaying the journal gives the same rows.
 */
import { createHash } from 'node:crypto';

const idLimit = 2 ** 48;

/**
 * The id of the row holding `content`. `holds(id)` says whether row `id` holds it (true), holds
 * something else (false) or does not exist (undefined); `insert(id)` adds the row when none holds it.
 */
export function internedId(
  content: string,
  holds: (id: number) => boolean | undefined,
  insert: (id: number) => void,
): number {
  let id = createHash('sha256').update(content).digest().readUIntBE(0, 6) || 1;
  for (;;) {
    const held = holds(id);
    if (held === undefined) {
      insert(id);
      return id;
    }
    if (held) return id;
    id = id + 1 >= idLimit ? 1 : id + 1;
  }
}
