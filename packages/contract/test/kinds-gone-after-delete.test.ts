import { loadSpec } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import {
  deletedAnswer,
  ghostsIn,
  goneAfterDeleteRule,
  goneStatus,
  simultaneousDeletesVerdict,
} from '../src/kinds/gone-after-delete.js';
import { modelItem as item, withRule } from './kinds-support.js';

const doc = loadSpec('hospitality');
const p1 = item('properties', 'P1', 'ORG');
const t1 = item('roomTypes', 'T1', 'P1');
const t2 = item('roomTypes', 'T2', 'P1');

describe('the gone-after-delete kind: rule, status and pure oracles', () => {
  it("reads the spec's rule and its status", () => {
    const rule = goneAfterDeleteRule(doc);
    expect(rule?.name).toBe('deleted-resource-gone');
    expect(goneStatus(doc)).toBe(rule!.status);
    expect(typeof rule!.status).toBe('number');
  });

  it('a request naming a deleted item must answer the status; a live item or one never had says nothing', () => {
    const rule = goneAfterDeleteRule(doc)!;
    expect(deletedAnswer(doc, [p1, t1], [t2], 'T2')).toEqual({
      rule,
      status: rule.status,
      message: 'roomTypes item T2 was deleted',
    });
    expect(deletedAnswer(doc, [p1, t1], [t2], 'T1')).toBe(undefined);
    expect(deletedAnswer(doc, [p1, t1], [t2], 'NEVER')).toBe(undefined);
    // An id the target gave again to a live item is that item's.
    expect(deletedAnswer(doc, [p1, t2], [t2], 'T2')).toBe(undefined);
  });

  it('a page may not show a deleted item', () => {
    expect(ghostsIn(doc, [t2], [{ id: 'T1' }, { id: 'T2' }])).toEqual(['T2']);
    expect(ghostsIn(doc, [t2], [{ id: 'T1' }])).toEqual([]);
  });

  it('of deletes of one item sent together one may succeed, every other answers the status', () => {
    const gone = goneStatus(doc)!;
    expect(simultaneousDeletesVerdict(doc, [204, gone, gone])).toBe(undefined);
    expect(simultaneousDeletesVerdict(doc, [gone, gone])).toBe(undefined);
    expect(simultaneousDeletesVerdict(doc, [204, 204, gone])).toMatchObject({ culprit: 1 });
    expect(simultaneousDeletesVerdict(doc, [204, 409])).toMatchObject({ culprit: 1 });
    // No answer, or a 5xx: the checks on every answer judge those.
    expect(simultaneousDeletesVerdict(doc, [204, undefined, 500])).toBe(undefined);
  });

  it('follows the spec: without the rule no oracle refuses anything', () => {
    const without = withRule(doc, 'deleted-resource-gone', undefined);
    expect(goneStatus(without)).toBe(undefined);
    expect(deletedAnswer(without, [], [t2], 'T2')).toBe(undefined);
    expect(ghostsIn(without, [t2], [{ id: 'T2' }])).toEqual([]);
    expect(simultaneousDeletesVerdict(without, [204, 204])).toBe(undefined);
  });
});
