import { nounOf, type OpenApiDocument, type PaginationAspect } from '@roomkit/openapi';
import fc from 'fast-check';
import { compactExchange, type Exchange } from '../../http/exchange.js';
import type { Walk } from '../api.js';
import { ok, type HospitalityContext } from '../context.js';
import { paginationRule, walkFindings } from '../../kinds/pagination.js';
import {
  outOfRangePageSizes,
  rejectsParameterRule,
  tookRefusedValue,
  type RejectedValues,
} from '../../kinds/rejects-parameter.js';
import { defineProperty, type PropertyDefinition } from '../../properties/property.js';

/** The names of the pagination rules, read from the spec (`x-roomkit-rules`, kinds pagination and rejects-parameter). */
function paginationRules(doc: OpenApiDocument) {
  const aspect = (name: PaginationAspect) => paginationRule(doc, name).name;
  const rejects = (values: RejectedValues) => rejectsParameterRule(doc, values);
  return {
    everyItemOnce: aspect('every-item-once'),
    pageSizeWithinMaxResults: aspect('page-size-within-max-results'),
    defaultPageSize: aspect('default-page-size'),
    lastPageWithoutToken: aspect('last-page-without-token'),
    rejectsOutOfRange: rejects('out-of-range'),
    rejectsMalformedToken: rejects('malformed'),
    rejectsForeignToken: rejects('foreign'),
  };
}

interface WalkInput {
  collection: string;
  count: number;
  maxResults: number | undefined;
}

/** Collections whose parent the run can create, so the expected item set is known exactly. */
function childCollections(context: HospitalityContext): string[] {
  return context.api.hierarchy.slice(1).map((r) => r.name);
}

export function paginationWalk(context: HospitalityContext): PropertyDefinition<WalkInput> {
  const { api, session } = context;
  const RULES = paginationRules(session.spec.doc);
  const sample = api.pagination(childCollections(context)[0]!);
  const limits = { min: sample.pageSizeMinimum, max: sample.pageSizeMaximum, default: sample.pageSizeDefault };
  const maxCount = limits.default * 2 + 5;
  return defineProperty<WalkInput>({
    name: 'pagination',
    description:
      'Walking the pages of any item count with any maxResults yields every item exactly once; pages respect maxResults and the default; the last page has no nextToken.',
    requires: { stateful: true },
    independentRuns: true,
    reports: [RULES.everyItemOnce, RULES.pageSizeWithinMaxResults, RULES.defaultPageSize, RULES.lastPageWithoutToken],
    examples: () => {
      const [top] = api.hierarchy;
      const [first] = childCollections(context);
      return [
        { collection: first!, count: limits.default + 3, maxResults: undefined },
        { collection: first!, count: 7, maxResults: 3 },
        { collection: first!, count: 6, maxResults: 3 },
        { collection: first!, count: 0, maxResults: undefined },
        // Both bounds of maxResults are in range: the smallest page size, too, must work.
        { collection: first!, count: 2, maxResults: limits.min },
        // The top collection's parent is the organization, which may hold resources this run did
        // not create: the walk only reads them, and the oracle asks that every item the run
        // created appears exactly once and that no item repeats. Kept to examples (not random
        // runs) so that a live organization with many properties costs a bounded number of pages.
        { collection: top!.name, count: limits.default + 1, maxResults: limits.max },
        { collection: top!.name, count: 3, maxResults: undefined },
      ];
    },
    arbitrary: () =>
      fc.record({
        collection: fc.constantFrom(...childCollections(context)),
        count: fc.nat({ max: maxCount }),
        maxResults: fc.option(
          fc.oneof(
            fc.integer({ min: limits.min, max: limits.max }),
            fc.integer({ min: limits.min, max: Math.min(limits.max, 6) }),
          ),
          { nil: undefined },
        ),
      }),
    async run(_session, input) {
      const { collection, count, maxResults } = input;
      const chain = await context.chainTo(collection);
      const parentId = chain[chain.length - 1] ?? context.organizationId;
      const created = await context.makeMany(collection, parentId, count);
      // New items may show in lists a little later (within --consistency-wait).
      const walk = await session.settled(
        () => api.walk(collection, parentId, maxResults),
        (w) => w.broken !== undefined || created.every((id) => w.items.some((item) => item.id === id)),
      );
      checkWalk(context, collection, walk, created, maxResults, limits.default);
    },
  });
}

/** Reports what the pagination kind's oracle finds in a walk (shared by the walk properties). */
export function checkWalk(
  context: HospitalityContext,
  collection: string,
  walk: { pages: Exchange[]; pageItems: Array<Array<{ id: string }>>; items: Array<{ id: string }>; broken?: string },
  expected: readonly string[],
  maxResults: number | undefined,
  defaultPageSize: number,
): void {
  const { api, session } = context;
  const view = { ...walk, statuses: walk.pages.map((page) => page.response?.status) };
  const noun = nounOf(session.spec.doc, collection);
  for (const finding of walkFindings(session.spec.doc, view, expected, maxResults, defaultPageSize, noun))
    session.rule(
      finding.rule.name,
      finding.message,
      api.listPointer(collection, finding.about === 'parameters' ? 'parameters' : 'x-roomkit-pagination'),
      walk.pages[finding.page],
      finding.context?.map((index) => walk.pages[index]!),
    );
}

interface UnderWritesInput {
  collection: string;
  /** What happens between the first page and the next: an item is created, or one of the first page deleted. */
  between: 'create' | 'delete';
}

/**
 * Writes between two pages do not disturb a walk: after a create, or after deleting an item the
 * first page showed, following nextToken still returns every item that lived throughout exactly
 * once (offset tokens and re-sorted pages break this).
 */
export function paginationUnderWrites(context: HospitalityContext): PropertyDefinition<UnderWritesInput> {
  const { api, session } = context;
  const RULES = paginationRules(session.spec.doc);
  const children = childCollections(context);
  const COUNT = 4;
  return defineProperty<UnderWritesInput>({
    name: 'pagination-under-writes',
    description:
      'A create or a delete between two pages leaves the walk intact: every item that lived throughout appears exactly once.',
    requires: { stateful: true },
    reports: [RULES.everyItemOnce, RULES.lastPageWithoutToken],
    runsFactor: 0.1,
    examples: () =>
      children.flatMap((collection) => (['create', 'delete'] as const).map((between) => ({ collection, between }))),
    arbitrary: () =>
      fc.record({
        collection: fc.constantFrom(...children),
        between: fc.constantFrom('create' as const, 'delete' as const),
      }),
    async run(_session, { collection, between }) {
      const pagination = api.pagination(collection);
      const size = Math.max(pagination.pageSizeMinimum, 2);
      const chain = await context.chainTo(collection);
      const parentId = chain[chain.length - 1]!;
      const created = await context.makeMany(collection, parentId, COUNT);
      const first = await session.settled(
        () => api.listPage(collection, parentId, { [pagination.pageSize]: size }),
        (page) => api.nextTokenOf(collection, page) !== undefined,
      );
      let token = api.nextTokenOf(collection, first);
      const firstItems = api.itemsOf(collection, first);
      // A list that never pages is the pagination property's to report.
      if (token === undefined || firstItems === undefined) return;
      const walk: Walk = { pages: [compactExchange(first)], pageItems: [firstItems], items: [...firstItems] };
      let expected = created;
      if (between === 'create') {
        await context.make(collection, parentId);
      } else {
        const seen = firstItems.find((item) => created.includes(item.id));
        if (seen === undefined) return;
        const removed = await api.delete(collection, seen.id, { intent: 'positive' });
        if (!ok(removed)) return;
        expected = created.filter((id) => id !== seen.id);
      }
      while (token !== undefined && walk.pages.length < COUNT * 2 + 2) {
        const page = await api.listPage(collection, parentId, {
          [pagination.pageSize]: size,
          [pagination.token]: token,
        });
        walk.pages.push(compactExchange(page));
        const items = api.itemsOf(collection, page);
        if (!ok(page) || items === undefined) {
          walk.broken = `page ${walk.pages.length} answered ${page.response?.status ?? page.error}${between === 'create' ? ' after an item was created' : ' after an item of an earlier page was deleted'}`;
          break;
        }
        walk.pageItems.push(items);
        walk.items.push(...items);
        token = api.nextTokenOf(collection, page);
      }
      checkWalk(context, collection, walk, expected, size, pagination.pageSizeDefault);
    },
  });
}

interface InvalidInput {
  collection: string;
  kind: 'below' | 'above' | 'token' | 'foreign';
  token: string;
}

/** Out-of-range page sizes and malformed tokens are refused with a documented 4xx, never answered. */
export function paginationRejects(context: HospitalityContext): PropertyDefinition<InvalidInput> {
  const { api, session } = context;
  const RULES = paginationRules(session.spec.doc);
  const collections = api.hierarchy.map((r) => r.name);
  const children = childCollections(context);
  const foreign = new Map<string, Promise<{ token: string; otherParent: string } | undefined>>();

  /** A real token of one parent's list, and a sibling parent whose list it was not issued for. */
  const foreignTokenFor = (collection: string) => {
    let pending = foreign.get(collection);
    if (pending === undefined) {
      pending = (async () => {
        const level = api.resource(collection);
        const pagination = api.pagination(collection);
        const parentId = await context.sharedParentOf(collection);
        await context.make(collection, parentId); // the shared parent now has two items: two pages of one
        const first = await api.listPage(collection, parentId, { [pagination.pageSize]: pagination.pageSizeMinimum });
        const token = api.nextTokenOf(collection, first);
        if (token === undefined) return undefined; // the pagination property reports a list that never pages
        const otherParent = await context.make(
          level.parent.resource,
          await context.sharedParentOf(level.parent.resource),
        );
        return { token, otherParent };
      })();
      foreign.set(collection, pending);
    }
    return pending;
  };

  return defineProperty<InvalidInput>({
    name: 'pagination-invalid-input',
    description: 'Out-of-range maxResults and malformed nextToken values are rejected with a 4xx on every list.',
    requires: { stateful: true },
    reports: [RULES.rejectsOutOfRange.name, RULES.rejectsMalformedToken.name, RULES.rejectsForeignToken.name],
    runsFactor: 0.5,
    examples: () => [
      ...collections.flatMap((collection) =>
        (['below', 'above', 'token'] as const).map((kind) => ({ collection, kind, token: 'not-a-token' })),
      ),
      ...children.map((collection) => ({ collection, kind: 'foreign' as const, token: '' })),
    ],
    arbitrary: () =>
      fc.oneof(
        fc.record({
          collection: fc.constantFrom(...collections),
          kind: fc.constantFrom('below' as const, 'above' as const, 'token' as const),
          token: fc.string({ minLength: 1, maxLength: 40 }),
        }),
        fc.record({
          collection: fc.constantFrom(...children),
          kind: fc.constant('foreign' as const),
          token: fc.constant(''),
        }),
      ),
    async run(_session, input) {
      const pagination = api.pagination(input.collection);
      if (input.kind === 'foreign') {
        const found = await foreignTokenFor(input.collection);
        if (found === undefined) return;
        const page = await api.listPage(input.collection, found.otherParent, {
          [pagination.pageSize]: pagination.pageSizeMinimum,
          [pagination.token]: found.token,
        });
        const status = page.response?.status;
        if (tookRefusedValue(status)) {
          session.rule(
            RULES.rejectsForeignToken.name,
            `${pagination.operationId} accepted (${status}) a nextToken issued for another ${pagination.filter}; the spec documents ${RULES.rejectsForeignToken.status} for a token of another list`,
            api.listPointer(input.collection, 'responses', String(RULES.rejectsForeignToken.status)),
            page,
          );
        }
        return;
      }
      const parentId = await context.sharedParentOf(input.collection);
      const query =
        input.kind === 'token'
          ? { [pagination.token]: `roomkit-malformed-${input.token}` }
          : { [pagination.pageSize]: outOfRangePageSizes(pagination)[input.kind] };
      const page = await api.listPage(input.collection, parentId, query);
      const status = page.response?.status;
      // The rejects-parameter kind judges the answer.
      if (!tookRefusedValue(status)) return;
      const rule = input.kind === 'token' ? RULES.rejectsMalformedToken : RULES.rejectsOutOfRange;
      const parameter = input.kind === 'token' ? pagination.token : pagination.pageSize;
      session.rule(
        rule.name,
        `${pagination.operationId} answered ${status} to ${parameter}=${String(Object.values(query)[0])}; expected a documented 4xx`,
        api.listPointer(input.collection, 'responses', String(rule.status)),
        page,
      );
    },
  });
}
