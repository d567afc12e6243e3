/**
 * How SQL names a blob: by its SHA-256 kept as 32 bytes (migration 18), while JavaScript names it
 * by lowercase hex everywhere (wire shapes, blob file paths, ETags, logs). SQL converts at the edge:
 * a hex digest is bound as `unhex(?)` (a key column compared with hex text would match nothing, and
 * triggers refuse to store one), and a key is read back through `blobKeyHex`.
 */

/**
 * The stored key in `column` as lowercase hex, named `alias` (`sha256` unless told); NULL stays NULL
 * (SQLite's hex(NULL) is '', which an outer join would otherwise pass off as a digest).
 */
export function blobKeyHex(column: string, alias = 'sha256'): string {
  return `nullif(lower(hex(${column})), '') AS ${alias}`;
}
