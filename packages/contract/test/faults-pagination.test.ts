import { describe, it } from 'vitest';
import { expectDetected, faultsOf } from './faults.js';

// A file of its own: the matrix files run in parallel, and most of a fault's run is spent waiting
// (--consistency-wait) for reads that never agree.
const mine = faultsOf('pagination');

describe('verify reports every sandbox fault (pagination)', () => {
  it.each(mine)('%s', async (fault) => {
    await expectDetected(fault);
  });
});
