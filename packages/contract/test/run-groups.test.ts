// A property whose runs are independent is split into groups of runs (one fast-check run each)
// that run side by side: the split never depends on --concurrency, the lowest failing group is the
// one reported at any level, and its path (`<group>/<fast-check path>`) replays it alone. Nothing
// here sends a request: the property's runs only record findings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestBudget } from '../src/http/budget.js';
import { HttpTransport } from '../src/http/transport.js';
import { AdaptiveWindow } from '../src/http/window.js';
import { openSpec } from '../src/openapi/open.js';
import { defineProperty } from '../src/properties/property.js';
import { formatPath, parsePath, RUN_GROUPS, runProperty, splitRuns } from '../src/properties/runner.js';
import { ResourceLedger } from '../src/safety/ledger.js';
import { Session } from '../src/session.js';
import { traitsOf } from '../src/suite.js';

const SEED = 20261207;
/** A rule the hospitality spec declares: the findings below are recorded under it. */
const RULE = 'model-conformance';

function sessionAt(concurrency: number): Session {
  const spec = openSpec('hospitality');
  const budget = new RequestBudget({ maxRequests: 0, maxDurationMs: 60_000 });
  const transport = new HttpTransport({
    baseUrl: 'http://127.0.0.1',
    budget,
    window: new AdaptiveWindow({ concurrency }),
  });
  return new Session(
    spec,
    transport,
    new ResourceLedger('groups'),
    traitsOf('stateful'),
    { primary: {}, invalid: {} },
    () => true,
  );
}

/**
 * Fails only on the hand-picked 1000, the fourth example: examples are dealt round-robin, so it is
 * group 3's. Counts how many runs are under way at once.
 */
function probe(only?: (input: number) => boolean) {
  const seen = { active: 0, most: 0, inputs: [] as number[] };
  const definition = defineProperty<number>({
    name: 'probe',
    description: 'fails on 1000',
    requires: {},
    reports: [RULE],
    independentRuns: true,
    examples: () => [1, 2, 3, 1000],
    arbitrary: () => fc.integer({ min: 0, max: 100 }),
    async run(session, input) {
      if (only !== undefined && !only(input)) return;
      seen.inputs.push(input);
      seen.active += 1;
      seen.most = Math.max(seen.most, seen.active);
      // Yields, so that runs of other groups get to start if they run side by side.
      await new Promise((resolve) => setImmediate(resolve));
      seen.active -= 1;
      if (input === 1000) session.rule(RULE, `input ${input}`, '/x-roomkit-rules');
    },
  });
  return { definition, seen };
}

describe('splitting runs into groups', () => {
  it('deals every example once, shares the random runs evenly, keeps the seed for group 0', () => {
    const examples: Array<[unknown]> = [[1], [2], [3], [4], [5]];
    const groups = splitRuns(SEED, examples, 10, 4);
    expect(groups.map((g) => g.index)).toEqual([0, 1, 2, 3]);
    expect(groups[0]!.seed).toBe(SEED);
    expect(new Set(groups.map((g) => g.seed)).size).toBe(4);
    expect(groups.flatMap((g) => g.examples.map(([e]) => e)).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(groups.reduce((sum, g) => sum + g.numRuns - g.examples.length, 0)).toBe(10);
    expect(groups.map((g) => g.numRuns - g.examples.length)).toEqual([3, 3, 2, 2]);
    // The same inputs give the same groups.
    expect(splitRuns(SEED, examples, 10, 4)).toEqual(groups);
    // One group is the property as one fast-check run.
    expect(splitRuns(SEED, examples, 10, 1)).toEqual([{ index: 0, seed: SEED, examples, numRuns: 15 }]);
    // Fewer runs than groups: the empty groups are dropped.
    expect(splitRuns(SEED, [], 2, 4).map((g) => g.index)).toEqual([0, 1]);
  });

  it('prints the group in front of the fast-check path past group 0, and reads it back', () => {
    expect(formatPath(0, '5:1')).toBe('5:1');
    expect(formatPath(3, '5:1')).toBe('3/5:1');
    expect(parsePath('3/5:1')).toEqual({ group: 3, path: '5:1' });
    expect(parsePath('5:1')).toEqual({ group: 0, path: '5:1' });
  });
});

describe('a property with independent runs', () => {
  it('runs its groups side by side, and one after another at --concurrency 1', async () => {
    const wide = probe();
    await runProperty(wide.definition, sessionAt(16), { seed: SEED, runs: 8 }, false);
    expect(wide.seen.most).toBe(RUN_GROUPS);
    const narrow = probe((input) => input !== 1000);
    const outcome = await runProperty(narrow.definition, sessionAt(1), { seed: SEED, runs: 8 }, false);
    expect(outcome.outcome.status).toBe('passed');
    expect(narrow.seen.most).toBe(1);
    // Every example and random run was tried, in the same groups as side by side.
    expect(outcome.outcome.numRuns).toBe(4 + 8);
  });

  it('reports the same counterexample at any concurrency, and its path replays it alone', async () => {
    const found = [];
    for (const concurrency of [1, 16]) {
      const { definition } = probe();
      const { outcome, violations } = await runProperty(
        definition,
        sessionAt(concurrency),
        { seed: SEED, runs: 8 },
        false,
      );
      expect(outcome.status).toBe('failed');
      expect(violations).toHaveLength(1);
      found.push({ path: violations[0]!.path, counterexample: violations[0]!.counterexample });
    }
    expect(found[1]).toEqual(found[0]);
    expect(found[0]!.counterexample).toBe('1000');
    expect(found[0]!.path?.startsWith('3/')).toBe(true);

    const replay = probe();
    const replayed = await runProperty(
      replay.definition,
      sessionAt(16),
      { seed: SEED, runs: 8, path: found[0]!.path! },
      false,
    );
    expect(replayed.outcome.status).toBe('failed');
    expect(replayed.violations[0]!.path).toBe(found[0]!.path);
    // Only the replayed case ran (fast-check tries it, then the shrink candidates of 1000 that pass).
    expect(replay.seen.inputs[0]).toBe(1000);

    const stray = await runProperty(probe().definition, sessionAt(16), { seed: SEED, runs: 8, path: '9/0' }, false);
    expect(stray.outcome.status).toBe('error');
    expect(stray.outcome.reason).toMatch(/run group 9.*has 4/);
  });
});
