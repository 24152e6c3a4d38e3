import { describe, expect, it } from 'vitest';
import { patternModel } from '../src/pattern.js';

describe('patternModel', () => {
  it('reads a character-class pattern as one segment of its characters', () => {
    const model = patternModel('^[A-Za-z0-9_\\-=#;:?@&]+$');
    expect(model.segments).toHaveLength(1);
    const [segment] = model.segments!;
    expect(segment!.min).toBe(1);
    expect(segment!.max).toBe(Infinity);
    expect(segment!.chars).toHaveLength(26 + 26 + 10 + 9);
    for (const c of '_-=#;:?@&') expect(segment!.chars).toContain(c);
  });

  it('reads literal prefixes as fixed segments', () => {
    const model = patternModel('^amzn1\\.alexa\\.unit\\.did\\.[A-Z0-9]+$');
    expect(model.segments!.slice(0, 5).map((s) => s.chars.join(''))).toEqual(['a', 'm', 'z', 'n', '1']);
    expect(model.segments!.at(-1)!.chars).toHaveLength(36);
  });

  it('lists as violators the printable ASCII characters no position admits, space and period first', () => {
    const model = patternModel('^[A-Za-z0-9_\\-=#;:?@&]+$');
    expect(model.violators.slice(0, 2)).toEqual([' ', '.']);
    for (const c of model.violators) {
      expect(c).toMatch(/^[\x20-\x7e]$/);
      expect(model.regex.test(`a${c}b`)).toBe(false);
    }
    expect(model.violators).not.toContain('_');
  });

  it('falls back (no segments) for alternations and quantified groups', () => {
    expect(patternModel('^(ab|cd)+$').segments).toBeUndefined();
    expect(patternModel('^(https?://[^/]+)?/x$').segments).toBeUndefined();
  });

  it('names the pattern it cannot compile', () => {
    expect(() => patternModel('^[a-z')).toThrow(/\^\[a-z/);
  });
});
