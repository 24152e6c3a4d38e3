import { startMock, type RunningMock } from '@roomkit/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTerminal } from '../src/report/terminal.js';
import { verify } from '../src/verify.js';
import { SEED } from './faults.js';

describe('verify against the Prism mock (stateless target): the stateless checks pass', () => {
  const mocks: Partial<Record<'hospitality' | 'room-retrieve', RunningMock>> = {};
  beforeAll(async () => {
    const [h, r] = await Promise.all([startMock({ api: 'hospitality' }), startMock({ api: 'room-retrieve' })]);
    mocks.hospitality = h;
    mocks['room-retrieve'] = r;
  });
  afterAll(async () => {
    await Promise.all(Object.values(mocks).map((m) => m.stop()));
  });

  const hospitalityMock = () => ({
    api: 'hospitality' as const,
    baseUrl: mocks.hospitality!.url,
    token: 'any-token',
    organizationId: 'amzn1.alexa.unit.did.AMOCKORGANIZATION',
  });

  it('hospitality', async () => {
    const report = await verify({
      target: hospitalityMock(),
      kind: 'stateless',
      runs: 6,
      seed: SEED,
    });
    const text = formatTerminal(report);
    expect(report.violations, text).toEqual([]);
    const ran = report.properties.filter((p) => p.status === 'passed').map((p) => p.name);
    expect(
      ran.filter((n) => n.startsWith('operation ')),
      text,
    ).toHaveLength(15);
    // The stateful properties, and those that need credentials told apart, declare what they need
    // and are skipped, not failed.
    expect(
      report.properties
        .filter((p) => p.status === 'skipped')
        .every((p) =>
          ['needs a stateful target', 'needs a target that validates credentials'].includes(p.reason ?? ''),
        ),
    ).toBe(true);
    expect(report.properties.find((p) => p.name === 'bounds')?.status).toBe('passed');
  });

  it('hospitality, other seeds: the suite never sends a request its own live-safety guard refuses', async () => {
    for (const seed of [7, 42, 1001]) {
      const report = await verify({
        target: hospitalityMock(),
        kind: 'stateless',
        runs: 20,
        seed,
      });
      const unfinished = report.properties.filter((p) => p.status === 'incomplete' || p.status === 'error');
      expect(
        unfinished.map((p) => `${p.name}: ${p.reason}`),
        `seed ${seed}`,
      ).toEqual([]);
    }
  });

  it('room-retrieve', async () => {
    const report = await verify({
      target: {
        api: 'room-retrieve',
        baseUrl: mocks['room-retrieve']!.url,
        appId: 'mock-app',
        apiKey: 'Basic bW9jazptb2Nr',
        hotels: [{ hotelId: 'AWSTEST', channelHotelId: '12962495' }],
      },
      kind: 'stateless',
      runs: 6,
      seed: SEED,
    });
    const text = formatTerminal(report);
    expect(report.violations, text).toEqual([]);
    expect(Object.fromEntries(report.properties.map((p) => [p.name, p.status])), text).toEqual({
      'operation retrieveRooms': 'passed',
      bounds: 'passed',
      // A mock checks that credentials are there, not which they are.
      'credentials-variants': 'skipped',
      'credential-parts': 'skipped',
      'room-retrieve': 'passed',
      // A mock answers undocumented requests and bodies the way Prism does, not as the spec's rules say.
      'undocumented-method': 'skipped',
      'body-size-limit': 'skipped',
      'content-type-required': 'skipped',
      'malformed-body': 'skipped',
    });
  });
});
