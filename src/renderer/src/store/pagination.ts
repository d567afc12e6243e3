/**
 * Follows CodeArtifact's `nextToken` pagination to the end, so screens see whole lists. A token the
 * service repeats would loop forever; that is reported as an error instead.
 */

export interface Page {
  readonly nextToken?: string;
}

/** Each page in turn, until one has no `nextToken`. */
export async function* eachPage<P extends Page>(
  fetchPage: (nextToken: string | undefined) => Promise<P>,
): AsyncGenerator<P, void, undefined> {
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    token = page.nextToken || undefined;
    if (token !== undefined) {
      if (seen.has(token)) throw new Error(`The service returned the same nextToken twice (${token}).`);
      seen.add(token);
    }
    yield page;
  } while (token !== undefined);
}

export async function collectPages<P extends Page, Item>(
  fetchPage: (nextToken: string | undefined) => Promise<P>,
  itemsOf: (page: P) => readonly Item[] | undefined,
): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of eachPage(fetchPage)) items.push(...(itemsOf(page) ?? []));
  return items;
}
