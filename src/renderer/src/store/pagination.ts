/**
 * Follows CodeArtifact's `nextToken` pagination to the end, so screens see whole lists. A token the
 * service repeats would loop forever; that is reported as an error instead.
 */

export interface Page {
  readonly nextToken?: string;
}

export async function collectPages<P extends Page, Item>(
  fetchPage: (nextToken: string | undefined) => Promise<P>,
  itemsOf: (page: P) => readonly Item[] | undefined,
  onPage?: (itemsSoFar: readonly Item[]) => void,
): Promise<Item[]> {
  const items: Item[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    items.push(...(itemsOf(page) ?? []));
    token = page.nextToken || undefined;
    if (token !== undefined) {
      if (seen.has(token)) throw new Error(`The service returned the same nextToken twice (${token}).`);
      seen.add(token);
      onPage?.(items.slice());
    }
  } while (token !== undefined);
  return items;
}
