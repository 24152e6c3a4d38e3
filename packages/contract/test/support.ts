import { readFileSync } from 'node:fs';
import {
  createSandbox,
  defaultFixturePath,
  roomRetrieveAuthorization,
  type Fixture,
  type Sandbox,
  type ThrottleOptions,
} from '@roomkit/sandbox';
import type { Clock } from '../src/http/clock.js';
import type { HospitalityTarget } from '../src/hospitality/target.js';
import type { RoomRetrieveTarget } from '../src/room-retrieve/target.js';

export interface RunningSandbox {
  sandbox: Sandbox;
  hospitality: HospitalityTarget;
  roomRetrieve: RoomRetrieveTarget;
}

/**
 * A clock that moves only when the verifier waits on it: shared by an in-process sandbox (its
 * read-after-write lag) and `verify` (its --consistency-wait), it puts both on one timeline, so
 * whether an item shows within the patience depends on the milliseconds each side counts, never
 * on how fast a loaded machine runs the requests in between.
 */
export function manualClock(start = Date.parse('2026-12-07T00:00:00Z')): Clock {
  let now = start;
  return {
    now: () => now,
    async sleep(ms, signal) {
      if (signal.aborted) throw signal.reason as Error;
      now += ms;
      // Still a real turn of the event loop, as a sleep is, so other work may run meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

export async function startSandbox(
  options: { faults?: string[]; variations?: string[]; throttle?: ThrottleOptions; clock?: Clock } = {},
): Promise<RunningSandbox> {
  const sandbox = await createSandbox({
    database: ':memory:',
    host: '127.0.0.1',
    port: 0,
    faults: options.faults ?? [],
    variations: options.variations ?? [],
    ...(options.throttle === undefined ? {} : { throttle: options.throttle }),
    ...(options.clock === undefined ? {} : { clock: options.clock.now }),
    log: () => {},
  });
  const [first, second] = sandbox.organizations;
  const [app] = sandbox.seed.roomRetrieve.apps;
  // Both Authorization schemes are in the seed; Basic is the vendor's legacy one, so it is the one used here.
  const authorization = roomRetrieveAuthorization(app!);
  const fixture = JSON.parse(readFileSync(defaultFixturePath, 'utf8')) as Fixture;
  const hotels = fixture.hotels.map((h) => ({ hotelId: h.hotel_id, channelHotelId: h.channel_hotel_id }));
  return {
    sandbox,
    hospitality: {
      api: 'hospitality',
      baseUrl: sandbox.url,
      token: first!.tokens[0]!,
      organizationId: first!.id,
      secondToken: second!.tokens[0]!,
      secondOrganizationId: second!.id,
    },
    roomRetrieve: { api: 'room-retrieve', baseUrl: sandbox.url, appId: app!.appId, apiKey: authorization, hotels },
  };
}

/**
 * A request straight to a target with its first token (the operator's view: never through verify).
 * `T` is the shape of the JSON answer the caller reads (undefined for an empty body).
 */
export async function callDirectly<T = unknown>(
  target: HospitalityTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const response = await fetch(`${target.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${target.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: (text === '' ? undefined : JSON.parse(text)) as T };
}

/** `verify hospitality` against a running sandbox, its first organization's token as a flag, then `extra`. */
export function hospitalityArgs(s: RunningSandbox, extra: string[] = []): string[] {
  const t = s.hospitality;
  return [
    'verify',
    'hospitality',
    '--base-url',
    t.baseUrl,
    '--token',
    t.token,
    '--organization-id',
    t.organizationId,
    ...extra,
  ];
}
