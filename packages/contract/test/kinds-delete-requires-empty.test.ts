import { loadSpec } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { deleteRefusal, deleteRequiresEmptyRules } from '../src/kinds/delete-requires-empty.js';
import { modelItem as item, withRule } from './kinds-support.js';

const doc = loadSpec('hospitality');
const p1 = item('properties', 'P1', 'ORG');
const p2 = item('properties', 'P2', 'ORG');
const t1 = item('roomTypes', 'T1', 'P1');
const r1 = item('rooms', 'R1', 'T1');

describe('the delete-requires-empty kind: rules, status and a pure oracle', () => {
  it("reads the spec's rules, with their status", () => {
    const rules = deleteRequiresEmptyRules(doc);
    expect(rules.map((r) => [r.resource, r.children])).toEqual([
      ['properties', 'roomTypes'],
      ['roomTypes', 'rooms'],
    ]);
    for (const rule of rules) expect(typeof rule.status).toBe('number');
  });
  it('a property with a room type, or a room type with a room, is refused with the rule, its status and message', () => {
    const [forProperties, forRoomTypes] = deleteRequiresEmptyRules(doc);
    expect(deleteRefusal(doc, [p1, t1, r1], p1)).toEqual({
      rule: forProperties,
      status: forProperties!.status,
      message: 'a property that still has room types',
    });
    expect(deleteRefusal(doc, [p1, t1, r1], t1)).toMatchObject({ rule: forRoomTypes, status: forRoomTypes!.status });
  });
  it('an empty item, one whose children were all deleted, and an item no rule names may be deleted', () => {
    expect(deleteRefusal(doc, [p1, p2, t1], p2)).toBe(undefined);
    expect(deleteRefusal(doc, [p1], p1)).toBe(undefined);
    expect(deleteRefusal(doc, [p1, t1, r1], r1)).toBe(undefined);
  });
  it('follows the spec: a rule taken out of the spec no longer refuses', () => {
    const without = withRule(doc, 'room-type-delete-requires-empty', undefined);
    expect(deleteRefusal(without, [p1, t1, r1], t1)).toBe(undefined);
  });
});
