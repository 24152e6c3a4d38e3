import { faults } from '@roomkit/sandbox';
import { describe, it } from 'vitest';
import { expectDetected } from './faults.js';

const WIRE = new Set(['headers', 'auth', 'tenancy', 'schemas', 'bounds']);
const mine = Object.entries(faults)
  .filter(([, f]) => WIRE.has(f.area))
  .map(([name]) => name);

describe('verify reports every sandbox fault (headers, auth, tenancy, schemas, bounds)', () => {
  it.each(mine)('%s', async (fault) => {
    await expectDetected(fault);
  });
});
