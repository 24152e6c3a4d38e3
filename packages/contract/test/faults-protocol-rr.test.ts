import { faults } from '@roomkit/sandbox';
import { describe, it } from 'vitest';
import { CLASS_AREAS, expectDetected } from './faults.js';

const AREAS = new Set(['pagination', 'names', 'hierarchy']);
/** The wire areas run in faults-wire.test.ts. */
const WIRE = new Set(['headers', 'auth', 'tenancy', 'schemas', 'bounds']);
const mine = Object.entries(faults)
  .filter(([, f]) => !AREAS.has(f.area) && !WIRE.has(f.area) && !CLASS_AREAS.has(f.area))
  .map(([name]) => name);

describe('verify reports every sandbox fault (status codes, room retrieve and the other areas)', () => {
  it.each(mine)('%s', async (fault) => {
    await expectDetected(fault);
  });
});
