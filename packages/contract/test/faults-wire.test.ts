import { describe, it } from 'vitest';
import { expectDetected, faultsOf } from './faults.js';

const mine = faultsOf('wire');

describe('verify reports every sandbox fault (headers, auth, tenancy, schemas, bounds)', () => {
  it.each(mine)('%s', async (fault) => {
    await expectDetected(fault);
  });
});
