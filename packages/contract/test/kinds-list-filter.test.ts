import { loadSpec, rulesOfKind } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { listFilterRule, strangerIn } from '../src/kinds/list-filter.js';
import { withRule } from './kinds-support.js';

const doc = loadSpec('hospitality');

describe('the list-filter kind: rule and a pure oracle over one page', () => {
  it("reads the spec's rule for each filtered list", () => {
    const [rule] = rulesOfKind(doc, 'list-filter');
    expect(rule).toBeDefined();
    for (const operationId of rule!.operations) expect(listFilterRule(doc, operationId)).toBe(rule);
    expect(listFilterRule(doc, 'getProperty')).toBe(undefined);
  });

  it('finds the first item of a page that names another parent, whoever created it', () => {
    const page = [
      { id: 'a', propertyId: 'P1' },
      { id: 'b', propertyId: 'P2' },
      { id: 'c', propertyId: 'P3' },
    ];
    expect(strangerIn(page, 'propertyId', 'P1')).toEqual({ item: page[1], value: 'P2' });
    expect(strangerIn(page.slice(0, 1), 'propertyId', 'P1')).toBe(undefined);
  });

  it('leaves an item without the field, or not an object, to the schema check', () => {
    expect(strangerIn([{ id: 'a' }, null, 'x', 3], 'propertyId', 'P1')).toBe(undefined);
  });

  it('follows the spec: a rule taken out covers no list', () => {
    const [rule] = rulesOfKind(doc, 'list-filter');
    const without = withRule(doc, rule!.name, undefined);
    expect(listFilterRule(without, rule!.operations[0]!)).toBe(undefined);
  });
});
