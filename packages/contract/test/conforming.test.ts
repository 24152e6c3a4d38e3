import { variations } from '@roomkit/sandbox';
import { describe, expect, it } from 'vitest';
import { formatTerminal } from '../src/report/terminal.js';
import { verify } from '../src/verify.js';
import { SEED } from './faults.js';
import { startSandbox } from './support.js';

async function violationsOf(variation: string[], api: 'hospitality' | 'room-retrieve') {
  const running = await startSandbox({ variations: variation });
  try {
    const report = await verify({
      target: api === 'hospitality' ? running.hospitality : running.roomRetrieve,
      runs: 8,
      seed: SEED,
    });
    return { report, text: formatTerminal(report) };
  } finally {
    await running.sandbox.close();
  }
}

describe('no false positives: the correct sandbox and every legitimate variation conform', () => {
  it.each(['hospitality', 'room-retrieve'] as const)('correct sandbox, %s', async (api) => {
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
  const cases = Object.keys(variations).flatMap((v) =>
    (['hospitality', 'room-retrieve'] as const).map((api) => [v, api] as const),
  );
  it.each(cases)('variation %s, %s', async (variation, api) => {
    const { report, text } = await violationsOf([variation], api);
    expect(report.violations, text).toEqual([]);
    expect(
      report.properties.filter((p) => p.status === 'error'),
      text,
    ).toEqual([]);
  });
});
