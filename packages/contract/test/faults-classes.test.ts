import { faults } from '@roomkit/sandbox';
import { describe, it } from 'vitest';
import { CLASS_AREAS, expectDetected } from './faults.js';

// The fault classes nobody listed (issue 19): data the run did not create, a write's neighbours,
// no-op writes, throttled answers, and the protocol rules (undocumented methods and paths, bodies at
// the size limit, without Content-Type, with lone surrogates). Their Room Retrieve faults (rr-…) run in faults-protocol-rr.
const mine = Object.entries(faults)
  .filter(([, f]) => CLASS_AREAS.has(f.area))
  .map(([name]) => name);

describe('verify reports every sandbox fault (scope, neighbours, no-op writes, throttled answers, protocol rules)', () => {
  it.each(mine)('%s', async (fault) => {
    await expectDetected(fault);
  });
});
