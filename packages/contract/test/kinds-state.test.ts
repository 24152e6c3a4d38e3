import { loadSpec, ruleKinds } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { refusalOf, stateRules, STATE_RULE_KINDS } from '../src/kinds/state-kinds.js';
import type { ModelState } from '../src/kinds/state.js';
import { modelItem as item, withRule } from './kinds-support.js';

const doc = loadSpec('hospitality');
const p1 = item('properties', 'P1', 'ORG');
const t1 = item('roomTypes', 'T1', 'P1');
const t2 = item('roomTypes', 'T2', 'P1');
const gone = item('roomTypes', 'T0', 'P1');
const r1 = item('rooms', 'R1', 'T1', 'Suite');
const state: ModelState = { live: [p1, t1, t2, r1], known: [p1, t1, t2, r1, gone] };
const room = (parentId: string, name: string) => ({ collection: 'rooms', parentId, fields: { name } });
// A second room in the other room type, renamed to the first room's name.
const r2 = item('rooms', 'R2', 'T2', 'Other');
const withR2: ModelState = { live: [...state.live, r2], known: [...state.known, r2] };
const rename = { action: 'update', operationId: 'updateRoom', write: { ...room('T2', 'Suite'), id: 'R2' } } as const;

describe('the state kinds: the registry the model asks', () => {
  it('registers declared kinds only, each once, and lists their rules from the spec', () => {
    const kinds = STATE_RULE_KINDS.map((k) => k.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const kind of kinds) expect(ruleKinds).toContain(kind);
    expect(
      stateRules(doc)
        .map((r) => r.kind)
        .sort(),
    ).toEqual(['delete-requires-empty', 'delete-requires-empty', 'parent-must-exist', 'unique'].sort());
  });
  it('a create under a deleted parent is refused for the parent first, whatever its name', () => {
    const refusal = refusalOf(doc, state, { action: 'create', operationId: 'createRoom', write: room('T0', 'Suite') });
    expect(refusal?.rule.kind).toBe('parent-must-exist');
  });
  it('a create or a rename to a name in use in the scope is refused by the unique rule; keeping its own name is not', () => {
    const create = refusalOf(doc, state, { action: 'create', operationId: 'createRoom', write: room('T2', 'Suite') });
    expect(create).toMatchObject({ rule: { name: 'room-name-unique-per-property' } });
    expect(typeof create!.status).toBe('number');
    expect(refusalOf(doc, withR2, rename)?.rule.kind).toBe('unique');
    const keep = { action: 'update', operationId: 'updateRoom', write: { ...room('T1', 'Suite'), id: 'R1' } } as const;
    expect(refusalOf(doc, state, keep)).toBe(undefined);
  });
  it('a delete of an item that still has children is refused by its delete-requires-empty rule', () => {
    const refusal = refusalOf(doc, state, { action: 'delete', operationId: 'deleteRoomType', item: t1 });
    expect(refusal?.rule.kind).toBe('delete-requires-empty');
    expect(refusalOf(doc, state, { action: 'delete', operationId: 'deleteRoomType', item: t2 })).toBe(undefined);
  });
  it('follows the spec: an operation the rule does not name is not refused by it', () => {
    const createOnly = withRule(doc, 'room-name-unique-per-property', (rule) => ({
      ...rule,
      operations: ['createRoom'],
    }));
    expect(refusalOf(createOnly, withR2, rename)).toBe(undefined);
    const noParentRule = withRule(doc, 'parent-must-exist', undefined);
    expect(
      refusalOf(noParentRule, state, { action: 'create', operationId: 'createRoom', write: room('T0', 'Fresh') }),
    ).toBe(undefined);
  });
});
