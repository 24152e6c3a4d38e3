import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSpec, throttling } from '@roomkit/openapi';
import { verify } from '../src/verify.js';
import { modes, startProxy, type LoggedRequest } from './hostile/proxy.js';
import { callDirectly, startSandbox, type RunningSandbox } from './support.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const BASE = '/enterprise/hospitality/v1';
let running: RunningSandbox | undefined;

afterEach(async () => {
  await running?.sandbox.close();
  running = undefined;
});

/** The fields of the answers read here: a list page and one resource. */
interface Resource {
  id: string;
  name: string;
}
interface PropertyPage {
  properties: Resource[];
  paginationContext?: { nextToken?: string | null };
}

function call<T = Resource>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return callDirectly<T>(running!.hospitality, method, `${BASE}${path}`, body);
}

/** Every property of the organization, following nextToken. */
async function allProperties(): Promise<Resource[]> {
  const items: Resource[] = [];
  let token: string | undefined;
  do {
    const page = await call<PropertyPage>(
      'GET',
      `/properties?organizationId=${running!.hospitality.organizationId}&maxResults=50${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`,
    );
    if (page.status === 404) break;
    items.push(...page.json.properties);
    token = page.json.paginationContext?.nextToken ?? undefined;
  } while (token);
  return items;
}

describe('live safety', () => {
  it('never touches resources it did not create, and leaves nothing of its own behind', async () => {
    running = await startSandbox();
    const property = (
      await call('POST', '/properties', { name: 'operator-hotel', organizationId: running.hospitality.organizationId })
    ).json.id as string;
    const roomType = (await call('POST', '/roomTypes', { name: 'operator-suites', propertyId: property })).json
      .id as string;
    const room = (await call('POST', '/rooms', { name: 'Operator-101', roomTypeId: roomType })).json.id as string;
    const before = await allProperties();

    const report = await verify({ target: running.hospitality, runs: 4, seed: 5 });
    expect(report.violations).toEqual([]);
    expect(report.cleanup.leftovers).toEqual([]);
    expect(report.cleanup.deleted).toBeGreaterThan(50);

    expect((await call('GET', `/properties/${property}`)).json.name).toBe('operator-hotel');
    expect((await call('GET', `/roomTypes/${roomType}`)).json.name).toBe('operator-suites');
    expect((await call('GET', `/rooms/${room}`)).json.name).toBe('Operator-101');
    expect(await allProperties()).toEqual(before);
  });

  it('stops at the request budget and still deletes everything it created', async () => {
    running = await startSandbox();
    const report = await verify({ target: running.hospitality, runs: 20, seed: 6, maxRequests: 150 });
    expect(report.stoppedEarly).toMatch(/request limit of 150 reached/);
    expect(report.properties.some((p) => p.status === 'incomplete' && /request limit/.test(p.reason ?? ''))).toBe(true);
    expect(report.result).toBe('incomplete');
    expect(report.violations).toEqual([]);
    expect(report.cleanup.deleted).toBeGreaterThan(0);
    expect(report.cleanup.leftovers).toEqual([]);
    expect((await allProperties()).filter((p) => p.name.startsWith('roomkit-'))).toEqual([]);
  });

  it('follows the documented 429 back-off on a throttled target and still conforms', async () => {
    running = await startSandbox();
    // Throttling by request order, not by rate: the same requests are throttled however fast the client sends.
    // The third request is throttled twice, so that the back-off's growth shows too.
    const plan = { 3: 2, 15: 1, 30: 1 };
    const proxy = await startProxy({
      upstream: running.hospitality.baseUrl,
      mode: modes.throttleByOrder(plan),
      foreign: [],
    });
    try {
      const report = await verify({
        target: { ...running.hospitality, baseUrl: proxy.url },
        runs: 3,
        seed: 8,
        properties: ['pagination'],
      });
      expect(report.violations).toEqual([]);
      expect(report.conforms).toBe(true);
      expect(report.cleanup.leftovers).toEqual([]);
      const forced = proxy.log.filter((entry) => entry.status === 429);
      expect(forced).toHaveLength(4);
      expect(report.throttledRetries).toBe(forced.length);
      // Each retry came no sooner than the spec's schedule allows: 1 s after the first 429 of a request, then doubling.
      const schedule = throttling(loadSpec('hospitality'))!;
      const same = (a: LoggedRequest, b: LoggedRequest) =>
        a.method === b.method && a.path === b.path && a.query === b.query && a.body === b.body;
      for (const throttled of forced) {
        const earlier = forced.filter((f) => f.seq < throttled.seq && same(f, throttled)).length;
        const retry = proxy.log.find((entry) => entry.seq > throttled.seq && same(entry, throttled))!;
        const wait = schedule.initialDelaySeconds * schedule.multiplier ** earlier * 1000;
        // performance.now() in one process: a timer never fires early, so only rounding is allowed for.
        expect(retry.at - throttled.at).toBeGreaterThanOrEqual(wait - 5);
      }
    } finally {
      await proxy.close();
    }
  });

  it('on Ctrl-C (SIGINT) it stops, deletes what it created, and exits 130', async () => {
    running = await startSandbox();
    const t = running.hospitality;
    const child = spawn(process.execPath, [
      CLI,
      'verify',
      'hospitality',
      '--base-url',
      t.baseUrl,
      '--token',
      t.token,
      '--organization-id',
      t.organizationId,
      '--runs',
      '150',
      '--seed',
      '9',
    ]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        // Interrupt in the middle of the run, once resources exist.
        if (/operation getProperty/.test(err)) resolve();
      });
    });
    expect((await allProperties()).some((p) => p.name.startsWith('roomkit-'))).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(err).toMatch(/interrupted: stopping and deleting what this run created/);
    expect(out).toMatch(/stopped early: interrupted/);
    expect(out).toMatch(/cleanup: deleted \d+ resource\(s\) this run created\n/);
    expect((await allProperties()).filter((p) => p.name.startsWith('roomkit-'))).toEqual([]);
  });
});
