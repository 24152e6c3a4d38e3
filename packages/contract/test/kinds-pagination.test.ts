import { loadSpec } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { paginationRule, walkFindings, type WalkView } from '../src/kinds/pagination.js';

const doc = loadSpec('hospitality');
const noun = { one: 'room', many: 'rooms' };
const page = (...ids: string[]) => ids.map((id) => ({ id }));
const walk = (...pages: { id: string }[][]): WalkView => ({ statuses: pages.map(() => 200), pageItems: pages });
const aspects = (view: WalkView, expected: string[], maxResults?: number) =>
  walkFindings(doc, view, expected, maxResults, 10, noun).map((f) => f.rule.aspect);

describe('the pagination kind: a pure oracle over a finished walk', () => {
  it('reads one rule per aspect from the spec', () => {
    expect(paginationRule(doc, 'every-item-once').name).toMatch(/./);
    expect(paginationRule(doc, 'last-page-without-token').aspect).toBe('last-page-without-token');
  });
  it('a walk that yields every item once, in pages within maxResults, with a last page without a token, keeps every aspect', () => {
    expect(aspects(walk(page('a', 'b'), page('c')), ['a', 'b', 'c'], 2)).toEqual([]);
    // After a full page, an empty last page is the tolerated end.
    expect(aspects(walk(page('a', 'b'), page()), ['a', 'b'], 2)).toEqual([]);
    // Items the run did not make may show too.
    expect(aspects(walk(page('x', 'a')), ['a'], 2)).toEqual([]);
  });
  it('a repeated or a missing item breaks every-item-once, naming the page', () => {
    const twice = walkFindings(doc, walk(page('a', 'b'), page('b')), ['a', 'b'], 2, 10, noun);
    expect(twice).toMatchObject([{ rule: { aspect: 'every-item-once' }, page: 1 }]);
    expect(twice[0]!.message).toContain('room b returned twice (pages 1 and 2)');
    expect(aspects(walk(page('a')), ['a', 'b'], 2)).toEqual(['every-item-once']);
  });
  it('a page over maxResults, or over the default without it, breaks the size aspects', () => {
    expect(aspects(walk(page('a', 'b', 'c')), ['a', 'b', 'c'], 2)).toEqual(['page-size-within-max-results']);
    const eleven = page(...'abcdefghijk'.split(''));
    expect(aspects(walk(eleven), [], undefined)).toEqual(['default-page-size']);
  });
  it('a token after a page that was not full, with nothing after it, breaks last-page-without-token', () => {
    const found = walkFindings(doc, walk(page('a'), page()), ['a'], 2, 10, noun);
    expect(found).toMatchObject([{ rule: { aspect: 'last-page-without-token' }, page: 1, context: [0] }]);
  });
  it('a walk that could not finish: a refused nextToken breaks last-page-without-token, anything else every-item-once, a 5xx neither', () => {
    const broken = (statuses: number[]) => ({ statuses, pageItems: statuses.map(() => page()), broken: 'it failed' });
    expect(aspects(broken([200, 400]), [])).toEqual(['last-page-without-token']);
    expect(aspects(broken([200]), [])).toEqual(['every-item-once']);
    expect(aspects(broken([200, 500]), [])).toEqual([]);
  });
});
