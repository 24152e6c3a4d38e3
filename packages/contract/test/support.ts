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

export { manualClock } from '../src/http/clock.js';

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

/** Runs the roomkit CLI in this process; resolves to its exit code and what it wrote. */
export async function runMain(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { main } = await import('../src/cli.js');
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}
