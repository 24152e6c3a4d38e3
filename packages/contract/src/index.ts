export {
  verify,
  selectableNames,
  TargetUnreachable,
  CredentialsRejected,
  DEFAULT_RUNS,
  DEFAULT_CONCURRENCY,
  type VerifyOptions,
  type VerifyReport,
} from './verify.js';
export { checks, runChecks } from './checks/registry.js';
export type { Check, CheckInput, Finding, Intent, TargetTraits, Violation } from './checks/types.js';
export { toCurl, type Secret } from './http/curl.js';
export type { Exchange, OutgoingRequest, RecordedResponse } from './http/exchange.js';
export { HttpTransport, LiveSafetyRefusal, type RequestSpec } from './http/transport.js';
export { AdaptiveWindow, type WindowOptions } from './http/window.js';
export { RequestBudget, BudgetExhausted } from './http/budget.js';
export { manualClock, systemClock, type Clock } from './http/clock.js';
export { backoffDelayMs, type ThrottlingPolicy } from './http/throttling.js';
export { ResourceLedger } from './safety/ledger.js';
export { formatTerminal, groupByName } from './report/terminal.js';
export { formatJunit, formatJson } from './report/junit.js';
export { formatHtml, type HtmlOptions } from './report/html.js';
export { coverageOf } from './conformance.js';
export type { Coverage } from './report/coverage.js';
export { main } from './cli/main.js';
export { EXIT } from './cli/options.js';
export type { Target } from './suites.js';
export type { TargetKind } from './suite.js';
export type { HospitalityTarget } from './hospitality/target.js';
export type { RoomRetrieveTarget } from './room-retrieve/target.js';
