export { createSandbox, DEFAULT_DATABASE, type Sandbox, type SandboxOptions } from './sandbox.js';
export { startDelayProxy, type DelayProxy, type DelayProxyOptions } from './delay-proxy.js';
export {
  composeHooks,
  faults,
  variations,
  READ_LAG_MS,
  UnknownSwitchError,
  type FaultArea,
  type FaultDefinition,
  type FaultName,
  type VariationDefinition,
  type VariationName,
} from './faults/index.js';
export {
  defaultSeedPath,
  loadSeed,
  roomRetrieveAuthorization,
  type Seed,
  type SeedOrganization,
  type SeedRoomRetrieveApp,
} from './seed.js';
export { defaultFixturePath, fixtureProblems, loadFixture, type Fixture, type FixtureHotel } from './fixture.js';
export type { Clock } from './room-retrieve-tokens.js';
export type { ThrottleOptions } from './throttle.js';
export type { Durability } from './store.js';
export { isPostgresUrl } from './store.js';
