// The concurrent engine seen from outside: peak in flight, the same findings at any concurrency,
// and a cleanup that finishes against a slow target. Nothing here is timed: slow targets are a
// delay proxy, and every assertion is on counts.
import { startDelayProxy } from '@roomkit/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import type { Leftover } from '../src/safety/ledger.js';
import { cleanupLedger } from '../src/safety/ledger-file.js';
import { DEFAULT_CONCURRENCY, verify } from '../src/verify.js';
import { apiOfFault, EXPECTED, FAULT_RUNS, SEED } from './faults.js';
import { callDirectly, startSandbox, type RunningSandbox } from './support.js';

let running: RunningSandbox | undefined;
let closeProxy: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeProxy?.();
  closeProxy = undefined;
  await running?.sandbox.close();
  running = undefined;
});

describe('requests in flight', () => {
  it('never more than --concurrency, counted by the client and by a proxy in front of the target', async () => {
    running = await startSandbox();
    const proxy = await startDelayProxy({ target: running.sandbox.url, delayMs: 20 });
    closeProxy = proxy.close;
    const report = await verify({
      target: { ...running.hospitality, baseUrl: proxy.url },
      runs: 2,
      seed: SEED,
      concurrency: 3,
    });
    expect(report.result).toBe('conforms');
    expect(report.engine?.concurrency).toBe(3);
    expect(report.engine?.peakInFlight).toBeLessThanOrEqual(3);
    expect(proxy.peakInFlight).toBeLessThanOrEqual(3);
    // And the engine does run requests side by side (properties, creates of one batch).
    expect(report.engine?.peakInFlight).toBeGreaterThan(1);
    expect(report.cleanup.leftovers).toEqual([]);
  }, 300_000);
});

describe('the same seed finds the same faults at --concurrency 1 and at the default', () => {
  // A sample of the fault matrix across its areas (the whole matrix at both levels is
  // `pnpm bench:verify`'s job): the names reported must be the same set, and include the expected.
  const SAMPLE = [
    'pagination-offset-token',
    'hierarchy-deletes-non-empty-room-type',
    'status-create-returns-200',
    'rr-adults-exceed-guests',
  ];
  it.each(SAMPLE)(
    '%s',
    async (fault) => {
      const names: string[][] = [];
      for (const concurrency of [1, DEFAULT_CONCURRENCY]) {
        running = await startSandbox({ faults: [fault] });
        const target = apiOfFault(fault) === 'hospitality' ? running.hospitality : running.roomRetrieve;
        const report = await verify({ target, runs: FAULT_RUNS, seed: SEED, concurrency });
        expect(report.properties.filter((p) => p.status === 'error')).toEqual([]);
        names.push([...new Set(report.violations.map((v) => v.name))].sort());
        await running.sandbox.close();
        running = undefined;
      }
      expect(names[0]!.filter((n) => EXPECTED[fault]!.includes(n))).not.toEqual([]);
      expect(names[1]).toEqual(names[0]);
    },
    600_000,
  );
});

describe('cleanup against a slow target', () => {
  it('`roomkit cleanup --ledger` deletes everything, children first, within its share (100 ms per answer)', async () => {
    running = await startSandbox();
    const t = running.hospitality;
    // 12 properties, each with 2 room types of 2 rooms: 72 resources, made directly on the sandbox.
    const leftovers: Leftover[] = [];
    const make = async (path: string, collection: string, parentField: string, parentId: string, name: string) => {
      const made = await callDirectly<{ id: string }>(t, 'POST', path, { name, [parentField]: parentId });
      expect(made.status).toBe(201);
      leftovers.push({
        collection,
        id: made.json.id,
        ...(collection === 'properties' ? {} : { parentId }),
        name,
        deleted: false,
        reason: 'left by an earlier run',
      });
      return made.json.id;
    };
    for (let p = 0; p < 12; p += 1) {
      const property = await make(
        '/enterprise/hospitality/v1/properties',
        'properties',
        'organizationId',
        t.organizationId,
        `slow-p${p}`,
      );
      for (let r = 0; r < 2; r += 1) {
        const roomType = await make(
          '/enterprise/hospitality/v1/roomTypes',
          'roomTypes',
          'propertyId',
          property,
          `slow-p${p}-t${r}`,
        );
        for (let m = 0; m < 2; m += 1)
          await make('/enterprise/hospitality/v1/rooms', 'rooms', 'roomTypeId', roomType, `slowp${p}t${r}r${m}`);
      }
    }
    const proxy = await startDelayProxy({ target: running.sandbox.url, delayMs: 100 });
    closeProxy = proxy.close;
    const result = await cleanupLedger(
      { api: 'hospitality', baseUrl: proxy.url, runId: 'slow', leftovers },
      proxy.url,
      { authorization: `Bearer ${t.token}` },
      // The whole default share: one read and one delete each, 8 at a time, need a fraction of it.
      60_000,
    );
    expect(result.leftovers).toEqual([]);
    expect(result.deleted).toBe(leftovers.length);
    expect(proxy.peakInFlight).toBeGreaterThan(1);
    for (const gone of leftovers.filter((l) => l.collection === 'properties')) {
      const read = await callDirectly(t, 'GET', `/enterprise/hospitality/v1/properties/${gone.id}`);
      expect(read.status).toBe(404);
    }
  }, 300_000);
});
