import type { ApiName } from '@roomkit/openapi';
import type { Violation } from '../checks/types.js';
import type { PropertyOutcome } from '../properties/runner.js';
import type { Leftover, OwnedResource } from '../safety/ledger.js';
import type { Unaccounted } from '../safety/ownership.js';
import type { TargetKind } from '../checks/types.js';
import type { BaselineComparison } from './baseline.js';

export type VerifyResult = 'conforms' | 'violations' | 'incomplete';

export interface VerifyReport {
  api: ApiName;
  baseUrl: string;
  /** The flags that name the target (never its credentials): `roomkit replay` makes it again from them. */
  target: { args: string[] };
  kind: TargetKind;
  runId: string;
  seed: number;
  runs: number;
  startedAt: string;
  durationMs: number;
  requests: number;
  requestsPerSecond: number;
  throttledRetries: number;
  /**
   * Requests sent again on a new connection because their pooled keep-alive connection closed
   * before any answer (absent in reports of older versions).
   */
  reconnects?: number;
  /** How the run spread its requests (`--concurrency`, `--rate-limit`, the adaptive window). */
  engine?: {
    concurrency: number;
    /** Requests started per second at most, when `--rate-limit` was given. */
    rateLimit?: number;
    /** The most requests that were in flight at once: never above `concurrency`. */
    peakInFlight: number;
    /** How often a throttle (429, 503, timeout) halved the window. */
    halvings: number;
    lowestWindow: number;
    /** The window when the run ended (it grows back after each halving). */
    finalWindow: number;
  };
  /** Answers cut at --max-body. */
  truncatedBodies: number;
  /** Peak resident memory of the verifying process, in bytes. */
  peakRssBytes: number;
  limits: {
    maxRequests: number;
    maxDurationMs: number;
    cleanupMs: number;
    maxBodyBytes: number;
    consistencyWaitMs: number;
  };
  /** What `--checks` / `--property` narrowed the run to (absent: everything). */
  selection?: {
    checks?: string[];
    properties?: string[];
    /** Operations `--operations` / `--exclude-operations` left out: not judged, their properties not run. */
    excludedOperations?: string[];
    /** Names given to `--exclude-checks`. */
    excludedChecks?: string[];
  };
  properties: PropertyOutcome[];
  violations: Violation[];
  cleanup: {
    deleted: number;
    leftovers: Leftover[];
    /** Resources of failing cases left in place on purpose (`--keep-failing`). */
    kept: OwnedResource[];
    /** Creates that may have made something the run could not verify as its own: listed, never deleted. */
    unaccounted: Unaccounted[];
    requests: number;
    durationMs: number;
    stoppedEarly?: string;
  };
  stoppedEarly?: string;
  /** With `--baseline`: how the violations compare with it (see report/baseline.ts). */
  baseline?: BaselineComparison;
  /** Why the run stopped creating (the target refused to delete the run's own resources, or answered ids it could not verify). */
  createsRefused?: string;
  result: VerifyResult;
  conforms: boolean;
}
