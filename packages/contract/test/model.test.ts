import { describe, expect, it } from 'vitest';
import { formatTerminal } from '../src/report/terminal.js';
import { verify } from '../src/verify.js';
import { startSandbox } from './support.js';

describe('the model-based test (fast-check commands) on its own', () => {
  it.each([
    ['hierarchy-update-not-persisted', ['model-conformance']],
    ['names-unique-per-room-type-only', ['room-name-unique-per-property']],
    ['hierarchy-deletes-non-empty-room-type', ['room-type-delete-requires-empty']],
  ])('finds %s and prints the shrunk command sequence', async (fault, expected) => {
    const running = await startSandbox({ faults: [fault] });
    try {
      const report = await verify({ target: running.hospitality, runs: 60, seed: 3, properties: ['model-based'] });
      const text = formatTerminal(report);
      expect(
        report.violations.map((v) => v.name),
        text,
      ).toEqual(expected);
      // The counterexample is the shrunk command list, e.g. "create(properties, parent#0, name#0),...".
      expect(report.violations[0]!.counterexample, text).toMatch(/create\(/);
      expect(report.cleanup.leftovers).toEqual([]);
    } finally {
      await running.sandbox.close();
    }
  });
});
