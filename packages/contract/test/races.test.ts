import { describe, expect, it } from 'vitest';
import { catalogue, verify } from '../src/verify.js';
import { SEED } from './faults.js';
import { callDirectly, startSandbox, type RunningSandbox } from './support.js';

const BASE = '/enterprise/hospitality/v1';

interface Listed {
  id: string;
  name: string;
}

/** Every property, room type and room of the first organization whose name starts with `prefix` (the operator's view). */
async function leftBehind(running: RunningSandbox, prefix: string): Promise<string[]> {
  const t = running.hospitality;
  const list = async (path: string, key: string): Promise<Listed[]> => {
    const items: Listed[] = [];
    let token: string | undefined;
    do {
      const page = await callDirectly<Record<string, unknown>>(
        t,
        'GET',
        `${path}&maxResults=50${token === undefined ? '' : `&nextToken=${encodeURIComponent(token)}`}`,
      );
      if (page.status !== 200) return items;
      items.push(...(page.json[key] as Listed[]));
      token = (page.json.paginationContext as { nextToken?: string } | undefined)?.nextToken ?? undefined;
    } while (token);
    return items;
  };
  const found: string[] = [];
  for (const p of await list(`${BASE}/properties?organizationId=${t.organizationId}`, 'properties')) {
    if (p.name.startsWith(prefix)) found.push(`property ${p.id}`);
    for (const rt of await list(`${BASE}/roomTypes?propertyId=${p.id}`, 'roomTypes')) {
      if (rt.name.startsWith(prefix)) found.push(`room type ${rt.id}`);
      for (const r of await list(`${BASE}/rooms?roomTypeId=${rt.id}`, 'rooms'))
        if (r.name.startsWith(prefix)) found.push(`room ${r.id}`);
    }
  }
  return found;
}

async function racesAgainst(faults: string[]) {
  const running = await startSandbox({ faults });
  try {
    const report = await verify({ target: running.hospitality, runs: 5, seed: SEED, properties: ['races'] });
    const prefix = `roomkit-${report.runId}-`;
    return { report, left: await leftBehind(running, prefix) };
  } finally {
    await running.sandbox.close();
  }
}

describe('races', () => {
  it('is listed with the rules it reports, all read from the spec', () => {
    const races = catalogue('hospitality').properties.find((p) => p.name === 'races');
    expect(races?.reports).toEqual([
      'room-name-unique-per-property',
      'deleted-resource-gone',
      'property-delete-requires-empty',
      'room-type-delete-requires-empty',
      'not_a_server_error',
    ]);
  });

  it('passes on the correct sandbox, and leaves nothing behind', async () => {
    const { report, left } = await racesAgainst([]);
    expect(report.properties.map((p) => [p.name, p.status])).toEqual([['races', 'passed']]);
    expect(report.violations).toEqual([]);
    expect(report.cleanup.leftovers).toEqual([]);
    expect(left).toEqual([]);
  });

  it('cleans up what a faulty target created twice', async () => {
    const { report, left } = await racesAgainst(['race-duplicate-create']);
    const duplicate = report.violations.find((v) => v.name === 'room-name-unique-per-property');
    expect(duplicate?.message).toMatch(/simultaneous createRoom requests .* answered 201, 201/);
    // Both rooms the target made for one name are the run's, and both were deleted.
    expect(report.cleanup.leftovers).toEqual([]);
    expect(report.cleanup.unaccounted).toEqual([]);
    expect(left).toEqual([]);
  });
});
