import { describe, expect, it } from 'vitest';
import { commaSeparated } from '../src/index.js';

describe('commaSeparated: a repeatable flag of comma-separated names', () => {
  it('splits one use, trims the names and drops blanks', () => {
    expect(commaSeparated(' a, b,,c ,')).toEqual(['a', 'b', 'c']);
  });
  it('adds each further use to the names before it, without changing them', () => {
    const first = commaSeparated('a,b');
    expect(commaSeparated('c', first)).toEqual(['a', 'b', 'c']);
    expect(first).toEqual(['a', 'b']);
  });
  it('gives nothing for an empty value', () => {
    expect(commaSeparated('', ['x'])).toEqual(['x']);
  });
});
