import type { ApiName } from '@roomkit/openapi';
import { hospitalitySuite } from './hospitality/suite.js';
import type { HospitalityTarget } from './hospitality/target.js';
import { roomRetrieveSuite } from './room-retrieve/suite.js';
import type { RoomRetrieveTarget } from './room-retrieve/target.js';
import type { FlagSpec, Suite } from './suite.js';

/** Every API's target; each suite makes its own from the command line. */
export type Target = HospitalityTarget | RoomRetrieveTarget;

/** The one place that lists the APIs: adding one is a suite folder and a line here. */
export const suites: { [A in ApiName]: Suite<Extract<Target, { api: A }>> } = {
  hospitality: hospitalitySuite,
  'room-retrieve': roomRetrieveSuite,
};

export function suiteOf(target: Target): Suite {
  return suites[target.api] as unknown as Suite;
}

export function suiteFor(api: ApiName): Suite {
  return suites[api] as unknown as Suite;
}

/** The flags of every API, each once. */
export function allFlags(): FlagSpec[] {
  const seen = new Map<string, FlagSpec>();
  for (const suite of Object.values(suites)) for (const flag of suite.flags) seen.set(flag.flags, flag);
  return [...seen.values()];
}
