import { loadSpec } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { scopeOf, uniqueRefusal, uniqueRules } from '../src/kinds/unique.js';
import { modelItem as item, withRule } from './kinds-support.js';

const doc = loadSpec('hospitality');
// Two properties; a room type in each; rooms under them.
const p1 = item('properties', 'P1', 'ORG', 'p');
const p2 = item('properties', 'P2', 'ORG', 'p');
const t1 = item('roomTypes', 'T1', 'P1', 't');
const t1b = item('roomTypes', 'T1B', 'P1', 't2');
const t2 = item('roomTypes', 'T2', 'P2', 't');
const r1 = item('rooms', 'R1', 'T1', 'Suite');
const live = [p1, p2, t1, t1b, t2, r1];

describe('the unique kind: rules, status and a pure oracle', () => {
  it("reads the spec's unique rules, with their status", () => {
    const [rule] = uniqueRules(doc);
    expect(rule).toMatchObject({ kind: 'unique', resource: 'rooms', field: 'name', scope: 'properties' });
    expect(typeof rule!.status).toBe('number');
  });
  it('a room scopes to the property above its room type', () => {
    expect(scopeOf(live, r1, 'properties')).toBe('P1');
    expect(scopeOf(live, { collection: 'rooms', parentId: 'T2' }, 'properties')).toBe('P2');
    expect(scopeOf(live, p1, 'properties')).toBe('P1');
  });
  it('a name another room of the same property has is refused, with the rule status and message', () => {
    const refusal = uniqueRefusal(doc, live, live, { collection: 'rooms', parentId: 'T1B', fields: { name: 'Suite' } });
    const [rule] = uniqueRules(doc);
    expect(refusal).toEqual({
      rule,
      status: rule!.status,
      message: 'name "Suite" is already used by another room of this property',
    });
  });
  it('the same name in another property, a renamed item keeping its own name, or a deleted holder, is allowed', () => {
    expect(uniqueRefusal(doc, live, live, { collection: 'rooms', parentId: 'T2', fields: { name: 'Suite' } })).toBe(
      undefined,
    );
    expect(
      uniqueRefusal(doc, live, live, { collection: 'rooms', id: 'R1', parentId: 'T1', fields: { name: 'Suite' } }),
    ).toBe(undefined);
    const withoutR1 = live.filter((e) => e !== r1);
    expect(
      uniqueRefusal(doc, withoutR1, live, { collection: 'rooms', parentId: 'T1', fields: { name: 'Suite' } }),
    ).toBe(undefined);
  });
  it('follows the spec: another scope in the entry is another oracle', () => {
    const perRoomType = withRule(doc, 'room-name-unique-per-property', (rule) => ({ ...rule, scope: 'roomTypes' }));
    expect(
      uniqueRefusal(perRoomType, live, live, { collection: 'rooms', parentId: 'T1B', fields: { name: 'Suite' } }),
    ).toBe(undefined);
    expect(
      uniqueRefusal(perRoomType, live, live, { collection: 'rooms', parentId: 'T1', fields: { name: 'Suite' } }),
    ).toMatchObject({ rule: { scope: 'roomTypes' } });
  });
});
