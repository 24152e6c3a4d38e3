import { loadSpec } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { parentMustExistRules, parentRefusal } from '../src/kinds/parent-must-exist.js';
import { modelItem as item, withRule } from './kinds-support.js';

const doc = loadSpec('hospitality');
const p1 = item('properties', 'P1', 'ORG');
const t1 = item('roomTypes', 'T1', 'P1');
const gone = item('roomTypes', 'T0', 'P1');

describe('the parent-must-exist kind: rules, status and a pure oracle', () => {
  it("reads the spec's rule, with its operations and status", () => {
    const [rule] = parentMustExistRules(doc);
    expect(rule!.operations).toEqual(['createRoomType', 'createRoom']);
    expect(typeof rule!.status).toBe('number');
  });
  it('a create under a parent the model saw deleted is refused, with the rule and its status', () => {
    const [rule] = parentMustExistRules(doc);
    expect(parentRefusal(doc, [p1, t1], [p1, t1, gone], { operationId: 'createRoom', parentId: 'T0' })).toMatchObject({
      rule,
      status: rule!.status,
    });
  });
  it('a live parent, a parent outside the model, or an operation the rule does not name, is not refused', () => {
    const known = [p1, t1, gone];
    expect(parentRefusal(doc, [p1, t1], known, { operationId: 'createRoom', parentId: 'T1' })).toBe(undefined);
    expect(parentRefusal(doc, [p1, t1], known, { operationId: 'createProperty', parentId: 'ORG' })).toBe(undefined);
    expect(parentRefusal(doc, [p1, t1], known, { operationId: 'createProperty', parentId: 'T0' })).toBe(undefined);
  });
  it('follows the spec: the operations in the entry decide', () => {
    const roomsOnly = withRule(doc, 'parent-must-exist', (rule) => ({ ...rule, operations: ['createRoom'] }));
    const known = [p1, t1, gone, item('properties', 'P0', 'ORG')];
    expect(parentRefusal(roomsOnly, [p1, t1], known, { operationId: 'createRoomType', parentId: 'P0' })).toBe(
      undefined,
    );
    expect(parentRefusal(roomsOnly, [p1, t1], known, { operationId: 'createRoom', parentId: 'T0' })).toBeDefined();
  });
});
