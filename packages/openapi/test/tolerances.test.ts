import { describe, expect, it } from 'vitest';
import { apiNames, loadSpec, tolerances, type OpenApiDocument } from '../src/index.js';

const withTolerances = (raw: unknown) =>
  ({ ...loadSpec('hospitality'), 'x-roomkit-tolerances': raw }) as OpenApiDocument;

describe('x-roomkit-tolerances', () => {
  it('reads every tolerance of both specs with what a vendor may do and what allows it', () => {
    for (const api of apiNames) {
      const found = tolerances(loadSpec(api));
      expect(found.length, api).toBeGreaterThan(5);
      for (const t of found) {
        expect(t.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(t.variation, t.name).not.toBe('');
        expect(t.allowedBy, t.name).not.toBe('');
      }
    }
  });

  it('refuses an entry without variation or allowedBy, with an unknown field, or a badly formed name', () => {
    expect(() => tolerances(withTolerances({ a: { variation: 'x' } }))).toThrow(/x-roomkit-tolerances\.a\.allowedBy/);
    expect(() => tolerances(withTolerances({ a: { allowedBy: 'x' } }))).toThrow(/x-roomkit-tolerances\.a\.variation/);
    expect(() => tolerances(withTolerances({ a: { variation: 'x', allowedBy: 'y', why: 'z' } }))).toThrow(
      /unknown field\(s\) why/,
    );
    expect(() => tolerances(withTolerances({ 'Not Ok': { variation: 'x', allowedBy: 'y' } }))).toThrow(
      /lower-case words/,
    );
    expect(() => tolerances(withTolerances(['a']))).toThrow(/must map tolerance names/);
  });

  it('reads none from a spec without the extension', () => {
    const { 'x-roomkit-tolerances': _, ...rest } = loadSpec('hospitality') as OpenApiDocument & Record<string, unknown>;
    expect(tolerances(rest as OpenApiDocument)).toEqual([]);
  });
});
