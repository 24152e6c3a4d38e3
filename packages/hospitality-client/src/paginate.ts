import { PaginationLoopError } from './errors.js';

/** All items of a list, page after page; `pages()` gives the raw pages instead. */
export interface Paginated<Item, Page> extends AsyncIterable<Item> {
  pages(): AsyncIterableIterator<Page>;
  /** Every item of every page, in order. */
  toArray(): Promise<Item[]>;
}

export interface PageReader<Item, Page> {
  operationId: string;
  items(page: Page): readonly Item[];
  /** The token for the next page; absent, null or empty means this was the last page. */
  nextToken(page: Page): string | null | undefined;
}

/**
 * Follows nextToken from page to page. Refuses to follow a token that an earlier page already
 * returned (a server bug that would otherwise loop forever) with a PaginationLoopError.
 */
export function paginate<Item, Page>(
  fetchPage: (nextToken: string | undefined) => Promise<Page>,
  reader: PageReader<Item, Page>,
): Paginated<Item, Page> {
  async function* pages(): AsyncIterableIterator<Page> {
    const seen = new Set<string>();
    let token: string | undefined;
    for (let pageNumber = 1; ; pageNumber += 1) {
      const page = await fetchPage(token);
      yield page;
      const next = reader.nextToken(page);
      if (next === undefined || next === null || next === '') return;
      if (seen.has(next)) throw new PaginationLoopError(reader.operationId, next, pageNumber);
      seen.add(next);
      token = next;
    }
  }

  async function* items(): AsyncIterableIterator<Item> {
    for await (const page of pages()) yield* reader.items(page);
  }

  return {
    pages,
    [Symbol.asyncIterator]: items,
    async toArray() {
      const all: Item[] = [];
      for await (const item of items()) all.push(item);
      return all;
    },
  };
}
