// Legitimate vendor variations: answers a conforming vendor may give, which the contract suite
// must accept. Adding one: one entry here and a probe in test/faults.test.ts.
import { objectAt, readPath } from '@roomkit/http-runtime';
import type { VariationDefinition } from './definition.js';
import { addExtraFields, isJsonObject, isLastListPage, isSuccess, withBody } from './edits.js';

export const variations = {
  'empty-list-404': {
    description: 'An empty list answers 404 with an error body instead of 200 with an empty array.',
    perturb: {
      response: (res, ctx) => {
        if (ctx.action !== 'list' || !isSuccess(res) || !ctx.list) return res;
        const items = readPath(res.body, [ctx.list.items]);
        return Array.isArray(items) && items.length === 0 && ctx.documented.includes('404')
          ? { ...res, status: 404, body: { message: 'No items were found.' } }
          : res;
      },
    },
  },
  'last-page-null-token': {
    description: 'The last page carries paginationContext.nextToken: null.',
    perturb: {
      response: (res, ctx) =>
        isLastListPage(res, ctx)
          ? withBody(res, (b) => {
              const path = ctx.list!.nextToken;
              if (isJsonObject(b)) objectAt(b, path.slice(0, -1))[path[path.length - 1]!] = null;
            })
          : res,
    },
  },
  'last-page-no-pagination-context': {
    description: 'The last page omits paginationContext altogether (the default sends an empty one).',
    perturb: {
      response: (res, ctx) =>
        isLastListPage(res, ctx) && ctx.list!.nextToken.length > 1
          ? withBody(res, (b) => {
              if (isJsonObject(b)) delete b[ctx.list!.nextToken[0]!];
            })
          : res,
    },
  },
  'extra-response-fields': {
    description: 'Every response object carries fields the spec does not declare.',
    perturb: { response: (res) => (res.body === undefined ? res : withBody(res, addExtraFields)) },
  },
  'foreign-resource-404': {
    description: "Another organization's resource answers 404 instead of 403.",
    perturb: {
      response: (res, ctx) =>
        res.status === 403 && ctx.reason === 'foreign' && ctx.documented.includes('404')
          ? { ...res, status: 404, body: { message: 'The requested resource was not found.' } }
          : res,
    },
  },
} satisfies Record<string, VariationDefinition>;
