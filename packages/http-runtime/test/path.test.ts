import { describe, expect, it } from 'vitest';
import { objectAt, readPath } from '../src/index.js';

describe('readPath', () => {
  it('follows a property path and stops at anything that is not an object', () => {
    const page = { paginationContext: { nextToken: 't1' }, items: [{ id: 'a' }] };
    expect(readPath(page, ['paginationContext', 'nextToken'])).toBe('t1');
    expect(readPath(page, [])).toBe(page);
    expect(readPath(page, ['paginationContext', 'nextToken', 'length'])).toBeUndefined();
    expect(readPath(page, ['missing', 'nextToken'])).toBeUndefined();
    expect(readPath(null, ['a'])).toBeUndefined();
    expect(readPath('text', ['length'])).toBeUndefined();
  });
});

describe('objectAt', () => {
  it('returns the object at a path, making the missing steps, and writes through', () => {
    const page: Record<string, unknown> = { items: [] };
    objectAt(page, ['paginationContext'])['nextToken'] = 't2';
    expect(page).toEqual({ items: [], paginationContext: { nextToken: 't2' } });
    expect(objectAt(page, ['paginationContext'])).toBe(page['paginationContext']);
    const replaced: Record<string, unknown> = { a: 'text', b: [1] };
    objectAt(replaced, ['a', 'x']);
    objectAt(replaced, ['b']);
    expect(replaced).toEqual({ a: { x: {} }, b: {} });
    expect(objectAt(page, [])).toBe(page);
  });
});
