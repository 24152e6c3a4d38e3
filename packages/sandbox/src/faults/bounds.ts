// Faults of the bounds area: documented bounds off by one, and crashes on long, unicode or odd
// values of a field. Adding a fault: one entry here, a probe in test/faults.test.ts, and the
// checks that must catch it in packages/contract/test/faults.ts.
import type { ValidationIssue } from '../hooks.js';
import type { FaultDefinition } from './definition.js';
import { dropNameIssue, isJsonObject } from './edits.js';

const PAGE_SIZE = 'maxResults';

/** The query's page size when it is exactly at its documented maximum (one more breaks `maximum`). */
function atMaximum(data: unknown, revalidate: (data: unknown) => ValidationIssue[]): boolean {
  if (!isJsonObject(data) || typeof data[PAGE_SIZE] !== 'string' || !/^\d+$/.test(data[PAGE_SIZE])) return false;
  if (revalidate(data).some((i) => i.path.includes(PAGE_SIZE))) return false;
  const above = { ...data, [PAGE_SIZE]: String(Number(data[PAGE_SIZE]) + 1) };
  return revalidate(above).some((i) => i.path.includes(PAGE_SIZE) && i.keyword === 'maximum');
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isJsonObject(value)) return Object.values(value).flatMap(strings);
  return [];
}

export const bounds = {
  'bounds-max-results-maximum-refused': {
    area: 'bounds',
    description: 'maxResults equal to its documented maximum is refused with 400 (the server checks < instead of <=).',
    perturb: {
      requestIssues: (issues, ctx) =>
        ctx.in === 'query' && atMaximum(ctx.data, ctx.revalidate)
          ? [...issues, { path: `/query/${PAGE_SIZE}`, keyword: 'maximum', message: 'must be below the maximum' }]
          : issues,
    },
  },
  'bounds-max-results-one-past-accepted': {
    area: 'bounds',
    description: 'maxResults one above its documented maximum is accepted (the server checks <= maximum + 1).',
    perturb: {
      requestIssues: (issues, ctx) => {
        if (ctx.in !== 'query' || !isJsonObject(ctx.data) || typeof ctx.data[PAGE_SIZE] !== 'string') return issues;
        const below = { ...ctx.data, [PAGE_SIZE]: String(Number(ctx.data[PAGE_SIZE]) - 1) };
        return atMaximum(below, ctx.revalidate)
          ? issues.filter((i) => !(i.path.includes(PAGE_SIZE) && i.keyword === 'maximum'))
          : issues;
      },
    },
  },
  'bounds-name-max-length-refused': {
    area: 'bounds',
    description:
      'A room name of exactly the documented maximum length is refused with 400 (the column holds one less).',
    perturb: {
      requestIssues: (issues, ctx) => {
        if (ctx.in !== 'body' || !isJsonObject(ctx.data) || typeof ctx.data.name !== 'string') return issues;
        if (issues.some((i) => i.path === '/body/name')) return issues;
        const longer = ctx.revalidate({ ...ctx.data, name: `${ctx.data.name}a` });
        return longer.some((i) => i.path === '/body/name' && i.keyword === 'maxLength')
          ? [...issues, { path: '/body/name', keyword: 'maxLength', message: 'must be shorter' }]
          : issues;
      },
    },
  },
  'bounds-name-one-past-accepted': {
    area: 'bounds',
    description: 'A room name one character longer than the documented maximum is accepted.',
    perturb: {
      requestIssues: (issues, ctx) => dropNameIssue(issues, ctx, 'maxLength', (n) => n.slice(0, -1)),
    },
  },
  'bounds-long-next-token-500': {
    area: 'bounds',
    description: 'A nextToken longer than 512 characters crashes the token decoder: 500 instead of 400.',
    perturb: {
      malformedToken: (r, { token }) =>
        token.length > 512 ? { status: 500, message: 'Internal error: token buffer overflow.' } : r,
    },
  },
  'bounds-emoji-query-500': {
    area: 'bounds',
    description:
      'A query parameter holding an emoji (a character outside the Basic Multilingual Plane) crashes the server: 500.',
    perturb: {
      beforeValidation: (r, { query }) =>
        r ??
        (strings(query).some((v) => /[\u{10000}-\u{10FFFF}]/u.test(v))
          ? { status: 500, message: 'Internal error: the query could not be decoded.' }
          : undefined),
    },
  },
  'bounds-long-unruled-name-500': {
    area: 'bounds',
    description:
      'A property or room type name (no documented length) longer than 255 characters fails with 500: it does not fit the column.',
    perturb: {
      refuseRequest: (refusal, { body, nameHasRule }) =>
        refusal ??
        (!nameHasRule && typeof body?.name === 'string' && body.name.length > 255
          ? { status: 500, message: 'Internal error: value too long for type character varying(255).' }
          : undefined),
    },
  },
} satisfies Record<string, FaultDefinition>;
