import { describe, it } from 'vitest';
import { expectDetected, faultsOf } from './faults.js';

// The fault classes nobody listed (issue 19): data the run did not create, a write's neighbours,
// no-op writes, throttled answers, and the protocol rules (undocumented methods and paths, bodies at
// the size limit, without Content-Type, with lone surrogates). Their Room Retrieve faults (rr-…) run in faults-protocol-rr.
const mine = faultsOf('classes');

describe('verify reports every sandbox fault (scope, neighbours, no-op writes, throttled answers, protocol rules)', () => {
  it.each(mine)('%s', async (fault) => {
    await expectDetected(fault);
  });
});
