// Faults of the pagination area. Adding a fault: one entry here, a probe in test/faults.test.ts, and
// the checks that must catch it in packages/contract/test/faults.ts.
import type { FaultDefinition } from './definition.js';

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
} satisfies Record<string, FaultDefinition>;
