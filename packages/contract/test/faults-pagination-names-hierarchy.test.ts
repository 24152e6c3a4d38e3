import { faults } from '@roomkit/sandbox';
import { describe, expect, it } from 'vitest';
import { EXPECTED, MATRIX, expectDetected, faultsOf, type MatrixFile } from './faults.js';

const mine = faultsOf('pagination-names-hierarchy');

describe('verify reports every sandbox fault (names, hierarchy)', () => {
  it('has an expectation for every fault in the registry', () => {
    expect(Object.keys(faults).sort()).toEqual(Object.keys(EXPECTED).sort());
  });
  it('runs every fault in exactly one matrix file', () => {
    const files: MatrixFile[] = [...(Object.keys(MATRIX) as MatrixFile[]), 'protocol-rr'];
    const run = files.flatMap((file) => faultsOf(file));
    expect(run.sort()).toEqual(Object.keys(faults).sort());
    for (const file of files) expect(faultsOf(file), file).not.toEqual([]);
  });
  it.each(mine)('%s', async (fault) => {
    await expectDetected(fault);
  });
});
