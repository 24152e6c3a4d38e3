import { apiNames, loadSpec, tolerances, type ApiName } from '@roomkit/openapi';
import { READ_LAG_MS, variations } from '@roomkit/sandbox';
import { describe, expect, it } from 'vitest';
import { formatTerminal } from '../src/report/terminal.js';
import { DEFAULT_CONSISTENCY_WAIT_MS, verify } from '../src/verify.js';
import { SEED } from './faults.js';
import { manualClock, startSandbox } from './support.js';

async function violationsOf(variation: string[], api: ApiName, consistencyWaitMs?: number, concurrency?: number) {
  // One clock for the sandbox's read lag and the verifier's patience (see manualClock): a lag and a
  // patience a few milliseconds apart are told apart however loaded the machine is.
  const clock = manualClock();
  const running = await startSandbox({ variations: variation, clock });
  try {
    const report = await verify({
      target: api === 'hospitality' ? running.hospitality : running.roomRetrieve,
      runs: 8,
      seed: SEED,
      clock,
      ...(consistencyWaitMs === undefined ? {} : { consistencyWaitMs }),
      ...(concurrency === undefined ? {} : { concurrency }),
    });
    return { report, text: formatTerminal(report) };
  } finally {
    await running.sandbox.close();
  }
}

/** Every legitimate variation the specs name (`x-roomkit-tolerances`), with the APIs whose spec names it. */
const tolerated = new Map<string, ApiName[]>();
for (const api of apiNames) {
  for (const t of tolerances(loadSpec(api))) tolerated.set(t.name, [...(tolerated.get(t.name) ?? []), api]);
}

describe('every tolerance of the specs is a sandbox variation, and every variation a tolerance', () => {
  it('names the same list in the specs and in the sandbox', () => {
    const named = [...tolerated.keys()].sort();
    const implemented = Object.keys(variations).sort();
    expect(
      named.filter((n) => !implemented.includes(n)),
      'tolerances without a sandbox variation',
    ).toEqual([]);
    expect(
      implemented.filter((n) => !named.includes(n)),
      'variations no spec names in x-roomkit-tolerances',
    ).toEqual([]);
    expect(implemented.length).toBeGreaterThanOrEqual(20);
  });

  it('says for each what a vendor may do and what allows it', () => {
    for (const api of apiNames) {
      for (const t of tolerances(loadSpec(api))) {
        expect(t.variation.length, `${api} ${t.name}`).toBeGreaterThan(20);
        expect(t.allowedBy.length, `${api} ${t.name}`).toBeGreaterThan(20);
      }
    }
  });
});

describe('no false positives: the correct sandbox and every legitimate variation conform', () => {
  it.each(apiNames)('correct sandbox, %s', async (api) => {
    const { report, text } = await violationsOf([], api);
    expect(report.violations, text).toEqual([]);
    expect(
      report.properties.filter((p) => p.status === 'error'),
      text,
    ).toEqual([]);
    expect(
      report.properties.filter((p) => p.status === 'skipped'),
      text,
    ).toEqual([]);
    expect(report.cleanup.leftovers).toEqual([]);
  });
  const cases = [...tolerated].flatMap(([name, apis]) => apis.map((api) => [name, api] as const));
  it.each(cases)('tolerance %s, %s', async (variation, api) => {
    const { report, text } = await violationsOf([variation], api);
    expect(report.violations, text).toEqual([]);
    expect(
      report.properties.filter((p) => p.status === 'error'),
      text,
    ).toEqual([]);
    expect(report.result, text).toBe('conforms');
  });
});

describe('patience is bounded: a lag beyond --consistency-wait is reported', () => {
  it('the lag variation stays inside the default patience', () => {
    expect(READ_LAG_MS).toBeLessThan(DEFAULT_CONSISTENCY_WAIT_MS);
  });
  it('reports read-after-write-lag when the verifier is told not to wait', async () => {
    const { report, text } = await violationsOf(['read-after-write-lag'], 'hospitality', 0, 1);
    expect(report.violations.length, text).toBeGreaterThan(0);
  });
  // The patience is used to its end: the last read falls when the wait is over, not when the next
  // poll would overshoot it. A wait a little longer than the lag is enough; both are counted on one
  // clock, so the margin holds on a machine of any speed. One request at a time: every waiter's
  // sleep moves the manual clock, so with properties side by side one wait would see the others'.
  it('accepts items that become readable just within a patience barely longer than the lag', async () => {
    const { report, text } = await violationsOf(['read-after-write-lag'], 'hospitality', READ_LAG_MS + 15, 1);
    expect(report.result, text).toBe('conforms');
  });
  it('reports items that become readable just after a patience barely shorter than the lag', async () => {
    const { report, text } = await violationsOf(['read-after-write-lag'], 'hospitality', READ_LAG_MS - 15, 1);
    expect(report.violations.length, text).toBeGreaterThan(0);
  });
});
