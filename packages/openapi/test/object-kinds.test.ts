// The object-level rule kinds, one module each (src/kinds/), and their registry.
import { describe, expect, it } from 'vitest';
import { loadSpec, objectLevelKinds, OBJECT_RULE_KINDS, rules, type ObjectRule } from '../src/index.js';

const doc = loadSpec('room-retrieve');
const base = { name: 'r', subject: '#/components/schemas/Unit', at: '', description: '' };

describe('object-level rule kinds', () => {
  it('every kind the rule schemas declare as object-level has a registered module, and only those', () => {
    expect(Object.keys(OBJECT_RULE_KINDS).sort()).toEqual([...objectLevelKinds].sort());
    expect(objectLevelKinds.length).toBeGreaterThan(0);
  });

  it('every object-level rule of the Room Retrieve spec is of a registered kind', () => {
    const objectRules = rules(doc).filter((r) => 'subject' in r);
    expect(objectRules.length).toBeGreaterThan(0);
    for (const rule of objectRules) expect(Object.keys(OBJECT_RULE_KINDS)).toContain(rule.kind);
  });

  it('relation compares two numbers, a missing one taken from its schema default', () => {
    const rule: ObjectRule = { ...base, kind: 'relation', left: 'a', operator: '<=', right: 'b' };
    const schema = { properties: { b: { type: 'integer', default: 2 } } };
    expect(OBJECT_RULE_KINDS.relation.judge(doc, rule, { a: 2 }, schema)).toBe(undefined);
    expect(OBJECT_RULE_KINDS.relation.judge(doc, rule, { a: 3 }, schema)).toBe('a (3) must be <= b (2)');
    expect(OBJECT_RULE_KINDS.relation.judge(doc, rule, { a: 'x', b: 1 }, schema)).toBe(undefined);
  });

  it('exactly-one counts the items holding the value in a non-empty array', () => {
    const rule: ObjectRule = { ...base, kind: 'exactly-one', array: 'xs', field: 'd', value: true };
    const judge = (xs: unknown) => OBJECT_RULE_KINDS['exactly-one'].judge(doc, rule, { xs }, {});
    expect(judge([{ d: true }, { d: false }])).toBe(undefined);
    expect(judge([])).toBe(undefined);
    expect(judge([{ d: true }, { d: true }])).toMatch(/found 2/);
    expect(judge([{ d: false }])).toMatch(/found 0/);
  });

  it('unique-by refuses a repeated value', () => {
    const rule: ObjectRule = { ...base, kind: 'unique-by', array: 'xs', field: 'id' };
    const judge = (xs: unknown) => OBJECT_RULE_KINDS['unique-by'].judge(doc, rule, { xs }, {});
    expect(judge([{ id: 1 }, { id: 2 }])).toBe(undefined);
    expect(judge([{ id: 1 }, { id: 1 }])).toBe('id 1 repeats within xs');
  });

  it('sole-item: an item with the value is the only one', () => {
    const rule: ObjectRule = { ...base, kind: 'sole-item', array: 'xs', field: 't', value: 'whole' };
    const judge = (xs: unknown) => OBJECT_RULE_KINDS['sole-item'].judge(doc, rule, { xs }, {});
    expect(judge([{ t: 'whole' }])).toBe(undefined);
    expect(judge([{ t: 'part' }, { t: 'part' }])).toBe(undefined);
    expect(judge([{ t: 'part' }, { t: 'whole' }])).toMatch(/^xs\[1\] has t "whole" but xs has 2 items/);
  });
});
