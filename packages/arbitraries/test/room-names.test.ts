import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSpecValidator, loadSpec } from '@roomkit/openapi';
import { invalidFor, validFor } from '../src/index.js';
import type { Invalid } from '../src/index.js';
import { SEED } from './support.js';

// Everything about the rule is read from the spec: the pattern, the lengths, the special characters.
const doc = loadSpec('hospitality');
const pointer = '#/components/schemas/RoomName';
const roomName = doc.components!.schemas!.RoomName as { pattern: string; minLength: number; maxLength: number };
const nameRegex = new RegExp(roomName.pattern, 'u');
const printableAscii = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
const specials = printableAscii.filter((c) => nameRegex.test(c) && !/[A-Za-z0-9]/.test(c));
const BUDGET = 200;

describe('room names (schema RoomName)', () => {
  it('the spec states a special-character rule and both lengths', () => {
    expect(specials.length).toBeGreaterThan(0);
    expect(roomName.minLength).toBeGreaterThan(0);
    expect(roomName.maxLength).toBeGreaterThan(roomName.minLength);
  });

  // Several seeds: coverage within the budget is a property of the generator, not of one lucky seed.
  it.each([SEED, 1, 2, 3, 4, 5])(
    `seed %i: lengths min and max and every special character within ${BUDGET} samples`,
    (seed) => {
      const names = fc.sample(validFor({ $ref: pointer }, { root: doc }), { seed, numRuns: BUDGET }) as string[];
      const lengths = new Set(names.map((n) => [...n].length));
      expect(lengths).toContain(roomName.minLength);
      expect(lengths).toContain(roomName.maxLength);
      const used = new Set(names.join(''));
      for (const c of specials) expect(used, `special character ${JSON.stringify(c)}`).toContain(c);
      // Short names with specials too, not only the long ones where every character turns up by sheer count.
      const shortWithSpecial = names.filter((n) => n.length <= 8 && specials.some((c) => n.includes(c)));
      expect(shortWithSpecial.length).toBeGreaterThan(0);
    },
  );

  it(`invalid names: a space, a period, other punctuation, empty and max+1 within ${BUDGET} samples, each refused by the spec`, () => {
    const validator = createSpecValidator(doc);
    const samples = fc.sample(invalidFor({ $ref: pointer }, { root: doc }), {
      seed: SEED,
      numRuns: BUDGET,
    }) as (Invalid & { value: unknown })[];
    const strings = samples.filter((s): s is Invalid & { value: string } => typeof s.value === 'string');
    for (const s of samples) expect(validator.validate(pointer, s.value).valid).toBe(false);
    const patternBreaks = strings.filter((s) => s.rule === 'pattern').map((s) => s.value);
    expect(patternBreaks.some((n) => n.includes(' '))).toBe(true);
    expect(patternBreaks.some((n) => n.includes('.'))).toBe(true);
    expect(patternBreaks.some((n) => [...n].some((c) => c !== ' ' && c !== '.' && !nameRegex.test(c)))).toBe(true);
    expect(strings.some((s) => s.rule === 'minLength' && s.value === '')).toBe(true);
    expect(strings.some((s) => s.rule === 'maxLength' && [...s.value].length === roomName.maxLength + 1)).toBe(true);
  });

  it('a pattern violation is always printable ASCII: a vendor may accept letters beyond ASCII', () => {
    fc.assert(
      fc.property(invalidFor({ $ref: pointer }, { root: doc }), (invalid) => {
        if (invalid.rule !== 'pattern') return;
        const offending = [...(invalid.value as string)].filter((c) => !nameRegex.test(c));
        expect(offending.length).toBeGreaterThan(0);
        for (const c of offending) expect(c).toMatch(/^[\x20-\x7e]$/);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe('shrinking', () => {
  // A contract report shows the shrunk value: it should be the smallest that still shows the fault.
  it('a failing name shrinks to a couple of characters, even when first found at the maximum length', () => {
    const special = specials[0]!;
    const found = fc.check(
      fc.property(validFor({ $ref: pointer }, { root: doc }), (v) => !(v as string).includes(special)),
      { seed: SEED, numRuns: 500 },
    );
    expect(found.failed).toBe(true);
    expect((found.counterexample![0] as string).length).toBeLessThanOrEqual(2);
    const broken = fc.check(
      fc.property(
        invalidFor({ $ref: pointer }, { root: doc }),
        (i) => !(i.rule === 'pattern' && (i.value as string).includes(' ')),
      ),
      { seed: SEED, numRuns: 500 },
    );
    expect(broken.failed).toBe(true);
    expect((broken.counterexample![0].value as string).length).toBeLessThanOrEqual(2);
  });

  it('a too-long name shrinks to plain characters at exactly max + 1', () => {
    const found = fc.check(
      fc.property(invalidFor({ $ref: pointer }, { root: doc }), (i) => i.rule !== 'maxLength'),
      { seed: SEED, numRuns: 500 },
    );
    const value = found.counterexample![0].value as string;
    expect([...value].length).toBe(roomName.maxLength + 1);
    expect(new Set(value).size).toBe(1);
  });
});
