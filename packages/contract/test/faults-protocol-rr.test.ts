import { describe, it } from 'vitest';
import { expectDetected, faultsOf } from './faults.js';

// Every area no other matrix file runs (see MATRIX in faults.ts).
const mine = faultsOf('protocol-rr');

describe('verify reports every sandbox fault (status codes, room retrieve and the other areas)', () => {
  it.each(mine)('%s', async (fault) => {
    await expectDetected(fault);
  });
});
