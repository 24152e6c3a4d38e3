import { faults } from '@roomkit/sandbox';
import { describe, it } from 'vitest';
import { expectDetected } from './faults.js';

const AREAS = new Set(['pagination', 'names', 'hierarchy']);
const mine = Object.entries(faults)
  .filter(([, f]) => !AREAS.has(f.area))
  .map(([name]) => name);

describe('verify reports every sandbox fault (status codes, headers, auth, tenancy, schemas, room retrieve)', () => {
  it.each(mine)('%s', async (fault) => {
    await expectDetected(fault);
  });
});
