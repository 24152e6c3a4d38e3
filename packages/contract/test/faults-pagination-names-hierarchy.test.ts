import { faults } from '@roomkit/sandbox';
import { describe, expect, it } from 'vitest';
import { EXPECTED, expectDetected } from './faults.js';

// The pagination area runs in faults-pagination.test.ts.
const AREAS = new Set(['names', 'hierarchy']);
const mine = Object.entries(faults)
  .filter(([, f]) => AREAS.has(f.area))
  .map(([name]) => name);

describe('verify reports every sandbox fault (names, hierarchy)', () => {
  it('has an expectation for every fault in the registry', () => {
    expect(Object.keys(faults).sort()).toEqual(Object.keys(EXPECTED).sort());
  });
  it.each(mine)('%s', async (fault) => {
    await expectDetected(fault);
  });
});
