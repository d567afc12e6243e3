/**
 * A list kept as the pages it arrived in. Appending a page copies no earlier item, so a list that
 * grows page by page to ten thousand items costs one page's work per page instead of a copy of
 * everything so far; items are read by index (a walk over the few pages, not the items).
 */
export interface ChunkedList<T> {
  readonly chunks: readonly (readonly T[])[];
  readonly length: number;
}

export function chunkedList<T>(items: readonly T[] = []): ChunkedList<T> {
  return items.length === 0 ? { chunks: [], length: 0 } : { chunks: [items], length: items.length };
}

export function appendChunk<T>(list: ChunkedList<T>, chunk: readonly T[]): ChunkedList<T> {
  if (chunk.length === 0) return list;
  return { chunks: [...list.chunks, chunk], length: list.length + chunk.length };
}

export function itemAt<T>(list: ChunkedList<T>, index: number): T | undefined {
  if (index < 0) return undefined;
  let offset = index;
  for (const chunk of list.chunks) {
    if (offset < chunk.length) return chunk[offset];
    offset -= chunk.length;
  }
  return undefined;
}

/** The items `keep` accepts, in order, as a new list (one chunk). */
export function filterItems<T>(list: ChunkedList<T>, keep: (item: T) => boolean): ChunkedList<T> {
  const kept: T[] = [];
  for (const chunk of list.chunks) for (const item of chunk) if (keep(item)) kept.push(item);
  return chunkedList(kept);
}

/** The list with `change` applied to each item; chunks where nothing changed are kept as they are. */
export function mapItems<T>(list: ChunkedList<T>, change: (item: T) => T): ChunkedList<T> {
  let changed = false;
  const chunks = list.chunks.map((chunk) => {
    const next = chunk.map(change);
    if (next.every((item, index) => item === chunk[index])) return chunk;
    changed = true;
    return next;
  });
  return changed ? { chunks, length: list.length } : list;
}

export function toArray<T>(list: ChunkedList<T>): T[] {
  return list.chunks.flat();
}
