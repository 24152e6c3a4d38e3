import { faults } from '@roomkit/sandbox';
import { describe, expect, it } from 'vitest';
import { EXPECTED, expectDetected } from './faults.js';

const AREAS = new Set(['pagination', 'names', 'hierarchy']);
const mine = Object.entries(faults)
  .filter(([, f]) => AREAS.has(f.area))
  .map(([name]) => name);

describe('verify reports every sandbox fault (pagination, names, hierarchy)', () => {
  it('has an expectation for every fault in the registry', () => {
    expect(Object.keys(faults).sort()).toEqual(Object.keys(EXPECTED).sort());
  });
  it.each(mine)('%s', async (fault) => {
    await expectDetected(fault);
  });
});
