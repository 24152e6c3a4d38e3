// The one pagination walker: the properties' list walks (hospitality/api.ts, through the session
// and its checks) and the safety layer's search for a create's resource by name
// (safety/ownership.ts, straight through the transport) both follow `nextToken` with it.
import { nextTokenOf, type PaginationInfo } from '@roomkit/openapi';
import type { Exchange } from './exchange.js';

/**
 * Fetches the first page, then the page each answer's next token names, and yields every answer
 * as it comes. Ends after the page without a token, or after `maxPages` pages (the last one
 * yielded may still name a next page: the caller can tell with `nextTokenOf`). The caller stops
 * early by leaving the loop (a page that failed, the item found).
 */
export async function* followPages(
  pagination: PaginationInfo,
  fetchPage: (token: string | undefined) => Promise<Exchange>,
  maxPages: number,
): AsyncGenerator<Exchange, void, undefined> {
  let token: string | undefined;
  for (let count = 0; count < maxPages; count += 1) {
    const page = await fetchPage(token);
    yield page;
    token = nextTokenOf(pagination, page.response?.json);
    if (token === undefined) return;
  }
}
