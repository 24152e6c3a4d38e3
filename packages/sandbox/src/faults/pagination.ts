// Faults of the pagination area. Adding a fault: one entry here, a probe in test/faults.test.ts, and
// the checks that must catch it in packages/contract/test/faults.ts.
import type { FaultDefinition } from './definition.js';
import { isJsonObject } from './edits.js';

export const pagination = {
  'pagination-duplicates-item': {
    area: 'pagination',
    description: 'The next page starts one item early, so the last item of a page is repeated on the next one.',
    perturb: {
      pageCut: (cut, { rows }) =>
        cut.cursor !== undefined && cut.take >= 2 ? { ...cut, cursor: rows[cut.take - 2]!.seq } : cut,
    },
  },
  'pagination-skips-item': {
    area: 'pagination',
    description: 'The next page starts one item late: one item at each page boundary is never returned.',
    perturb: {
      pageCut: (cut, { rows, size }) => {
        if (cut.cursor === undefined) return cut;
        const skipped = rows[size];
        return { ...cut, cursor: rows.length > size + 1 && skipped ? skipped.seq : undefined };
      },
    },
  },
  'pagination-ignores-max-results': {
    area: 'pagination',
    description: 'Pages hold one item more than maxResults (an off-by-one in the page size).',
    perturb: { pageSize: (size) => size + 1 },
  },
  'pagination-default-page-size-25': {
    area: 'pagination',
    description: 'Without maxResults a page holds 25 items instead of the documented default.',
    perturb: { defaultPageSize: () => 25 },
  },
  'pagination-token-on-last-page': {
    area: 'pagination',
    description: 'The last page still carries a nextToken, which then yields an empty page.',
    perturb: {
      pageCut: (cut, { rows }) => {
        const last = rows[cut.take - 1];
        return cut.cursor === undefined && cut.take > 0 && last ? { ...cut, cursor: last.seq } : cut;
      },
    },
  },
  'pagination-accepts-out-of-range': {
    area: 'pagination',
    description: 'maxResults outside the documented range (0, 51, ...) is answered 200 instead of 400.',
    perturb: {
      requestIssues: (issues, ctx) =>
        ctx.in === 'query'
          ? issues.filter(
              (i) =>
                !(/maxResults/.test(i.path) && /^(minimum|maximum|exclusiveMinimum|exclusiveMaximum)$/.test(i.keyword)),
            )
          : issues,
      pageSize: (size) => Math.max(1, size),
    },
  },
  'pagination-malformed-token-500': {
    area: 'pagination',
    description: 'A malformed nextToken crashes the list: 500 instead of 400.',
    perturb: {
      malformedToken: (r) => ({ status: 500, message: `Internal error while decoding the token (${r.message})` }),
    },
  },
  'pagination-accepts-foreign-token': {
    area: 'pagination',
    description:
      "A nextToken issued for another parent's list is followed (it only holds a position) instead of refused with 400.",
    perturb: { acceptForeignToken: () => true },
  },
  'pagination-rejects-max-results-at-maximum': {
    area: 'pagination',
    description: 'maxResults at its documented maximum is refused with 400 (the bound is checked as exclusive).',
    perturb: {
      requestIssues: (issues, ctx) => {
        if (ctx.in !== 'query' || ctx.action !== 'list' || issues.length > 0 || !isJsonObject(ctx.data)) return issues;
        const value = Number(ctx.data['maxResults']);
        if (!Number.isInteger(value)) return issues;
        const above = ctx.revalidate({ ...ctx.data, maxResults: String(value + 1) });
        const atMaximum = above.some((i) => /maxResults/.test(i.path) && /maximum/i.test(i.keyword));
        return atMaximum
          ? [{ path: '/query/maxResults', keyword: 'exclusiveMaximum', message: 'must be < ' + value }]
          : issues;
      },
    },
  },
  'pagination-rejects-max-results-at-minimum': {
    area: 'pagination',
    description: 'maxResults at its documented minimum (1) is refused with 400 (the bound is checked as exclusive).',
    perturb: {
      requestIssues: (issues, ctx) => {
        if (ctx.in !== 'query' || ctx.action !== 'list' || issues.length > 0 || !isJsonObject(ctx.data)) return issues;
        const value = Number(ctx.data['maxResults']);
        if (!Number.isInteger(value)) return issues;
        const below = ctx.revalidate({ ...ctx.data, maxResults: String(value - 1) });
        const atMinimum = below.some((i) => /maxResults/.test(i.path) && /minimum/i.test(i.keyword));
        return atMinimum
          ? [{ path: '/query/maxResults', keyword: 'exclusiveMinimum', message: 'must be > ' + value }]
          : issues;
      },
    },
  },
  'pagination-no-token-when-one-item-left': {
    area: 'pagination',
    description:
      'When exactly one item follows a full page, the page carries no nextToken (a lookahead off by one): that item is never returned.',
    perturb: { pageCut: (cut, { rows, size }) => (rows.length === size + 1 ? { ...cut, cursor: undefined } : cut) },
  },
  'pagination-first-token-repeats-first-page': {
    area: 'pagination',
    description: "The first page's nextToken points at the start of the list, so the first page is served twice.",
    perturb: {
      pageCut: (cut, { tokenGiven }) => (!tokenGiven && cut.cursor !== undefined ? { ...cut, cursor: 0 } : cut),
    },
  },
  'pagination-later-pages-reordered': {
    area: 'pagination',
    description:
      'Pages after the first are sorted newest first while the token marks a position in oldest-first order: items repeat and go missing.',
    perturb: { listRows: (rows, { tokenGiven }) => (tokenGiven ? [...rows].reverse() : rows) },
  },
  'pagination-last-page-drops-last-item': {
    area: 'pagination',
    description: 'The last page of a list that needed several pages leaves out its final item (an off-by-one).',
    perturb: {
      pageCut: (cut, { tokenGiven }) =>
        tokenGiven && cut.cursor === undefined && cut.take > 0 ? { ...cut, take: cut.take - 1 } : cut,
    },
  },
  'pagination-offset-token': {
    area: 'pagination',
    description:
      'The nextToken holds an offset, not a position: deleting an item of an earlier page between two pages skips an item.',
    perturb: {
      listRows: (rows, { served, size, all }) => (served === 0 ? rows : all().slice(served, served + size + 2)),
    },
  },
  'pagination-newest-first-offset-token': {
    area: 'pagination',
    description:
      'Lists are sorted newest first with an offset token: an item created between two pages repeats the last item of the previous page.',
    perturb: {
      listRows: (_rows, { served, size, all }) => [...all()].reverse().slice(served, served + size + 2),
    },
  },
} satisfies Record<string, FaultDefinition>;
