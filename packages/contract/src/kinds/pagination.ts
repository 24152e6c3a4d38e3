// The `pagination` rule kind: walking a list's pages yields every item exactly once, each page
// holds at most maxResults items (the documented default without it), and the last page carries no
// nextToken. Its rules read from the spec (one per aspect), and a pure oracle over a finished walk:
// which aspects it breaks, with why and on which page. The pagination properties walk the lists
// and report what it finds.
import { ruleOf, type OpenApiDocument, type PaginationAspect, type Rule } from '@roomkit/openapi';

export type PaginationRule = Extract<Rule, { kind: 'pagination' }>;

/** The spec's pagination rule for one aspect. */
export function paginationRule(doc: OpenApiDocument, aspect: PaginationAspect): PaginationRule {
  return ruleOf(doc, 'pagination', (r) => r.aspect === aspect);
}

/** A walk of a list as the oracle reads it: the answer of each page, and the items each page held. */
export interface WalkView {
  /** The status each page answered (the last one may be the one that broke the walk). */
  readonly statuses: readonly (number | undefined)[];
  readonly pageItems: readonly (readonly { id: string }[])[];
  /** Why the walk could not finish (a page that failed or was not a page), if it could not. */
  readonly broken?: string;
}

/** One broken aspect: the rule, why, the page (0-based) that shows it, and whether the finding is about the list's parameters. */
export interface WalkFinding {
  readonly rule: PaginationRule;
  readonly message: string;
  readonly page: number;
  readonly about: 'pagination' | 'parameters';
  /** Earlier pages the finding rests on. */
  readonly context?: readonly number[];
}

/**
 * What a walk breaks: items `expected` (the run's own, all alive throughout) missing or an item
 * repeated (every-item-once), a page larger than maxResults or, without it, the default
 * (page-size-within-max-results, default-page-size), and a nextToken on a page after which nothing
 * followed although that page was not full (last-page-without-token; after a full page an empty
 * last page is the tolerated end of a vendor that does not look ahead). A walk that could not
 * finish breaks last-page-without-token when a page's nextToken led to a refusal, every-item-once
 * otherwise (a 5xx is left to the checks).
 */
export function walkFindings(
  doc: OpenApiDocument,
  walk: WalkView,
  expected: readonly string[],
  maxResults: number | undefined,
  defaultPageSize: number,
  noun: { one: string; many: string },
): WalkFinding[] {
  const rule = (aspect: PaginationAspect) => paginationRule(doc, aspect);
  const last = walk.statuses.length - 1;
  if (walk.broken !== undefined) {
    const status = walk.statuses[last] ?? 0;
    if (walk.statuses.length > 1 && status >= 400 && status < 500)
      return [
        {
          rule: rule('last-page-without-token'),
          message: `the previous page carried a nextToken, but following it ${walk.broken}: a page with a nextToken promises more results`,
          page: last,
          about: 'pagination',
        },
      ];
    if (status < 500)
      return [
        {
          rule: rule('every-item-once'),
          message: `the walk could not finish: ${walk.broken}`,
          page: last,
          about: 'pagination',
        },
      ];
    return [];
  }
  const findings: WalkFinding[] = [];
  const seenOn = new Map<string, number>();
  walk.pageItems.forEach((items, index) => {
    for (const item of items) {
      const earlier = seenOn.get(item.id);
      if (earlier === undefined) seenOn.set(item.id, index);
      else
        findings.push({
          rule: rule('every-item-once'),
          message: `${noun.one} ${item.id} returned twice (pages ${earlier + 1} and ${index + 1})`,
          page: index,
          about: 'pagination',
        });
    }
  });
  const missing = expected.filter((id) => !seenOn.has(id));
  if (missing.length > 0)
    findings.push({
      rule: rule('every-item-once'),
      message: `${missing.length} of ${expected.length} ${noun.many} never returned across ${walk.statuses.length} page(s) (maxResults ${maxResults ?? 'default'}): ${missing.slice(0, 3).join(', ')}`,
      page: last,
      about: 'pagination',
    });
  const limit = maxResults ?? defaultPageSize;
  walk.pageItems.forEach((items, index) => {
    if (items.length <= limit) return;
    findings.push(
      maxResults === undefined
        ? {
            rule: rule('default-page-size'),
            message: `page ${index + 1} has ${items.length} items without maxResults; the documented default page size is ${defaultPageSize}`,
            page: index,
            about: 'parameters',
          }
        : {
            rule: rule('page-size-within-max-results'),
            message: `page ${index + 1} has ${items.length} items with maxResults=${maxResults}`,
            page: index,
            about: 'parameters',
          },
    );
  });
  const beforeLast = walk.pageItems.at(-2)?.length ?? 0;
  if (walk.statuses.length > 1 && (walk.pageItems.at(-1)?.length ?? 0) === 0 && beforeLast < limit)
    findings.push({
      rule: rule('last-page-without-token'),
      message: `page ${walk.statuses.length - 1} carried a nextToken although it held ${beforeLast} of at most ${limit} items and no results followed (the next page is empty)`,
      page: last,
      about: 'pagination',
      context: [last - 1],
    });
  return findings;
}
