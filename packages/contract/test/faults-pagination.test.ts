import { faults } from '@roomkit/sandbox';
import { describe, it } from 'vitest';
import { expectDetected } from './faults.js';

// A file of its own: the matrix files run in parallel, and most of a fault's run is spent waiting
// (--consistency-wait) for reads that never agree.
const mine = Object.entries(faults)
  .filter(([, f]) => f.area === 'pagination')
  .map(([name]) => name);

describe('verify reports every sandbox fault (pagination)', () => {
  it.each(mine)('%s', async (fault) => {
    await expectDetected(fault);
  });
});
