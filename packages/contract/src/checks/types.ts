import type { Rule } from '@roomkit/openapi';
import type { Exchange } from '../http/exchange.js';
import type { OperationInfo as OperationView, SpecView } from '../openapi/view.js';

/**
 * Why a request was sent; it decides which expectation checks apply. `state` marks requests
 * a rule property makes to set up or observe state: only the conformance checks run on them.
 */
export type Intent =
  'positive' | 'negative' | 'missing-auth' | 'invalid-auth' | 'after-delete' | 'after-create' | 'state';

/** A target that remembers what was written (sandbox, live API), or a stateless mock (Prism). */
export type TargetKind = 'stateful' | 'stateless';

export interface TargetTraits {
  /** Remembers what was written (sandbox, live API), unlike a stateless mock. */
  stateful: boolean;
  /** Tells a valid credential from an invalid one (a mock only checks presence). */
  validatesCredentials: boolean;
}

export interface CheckInput {
  exchange: Exchange;
  operation: OperationView;
  intent: Intent;
  spec: SpecView;
  target: TargetTraits;
  /** For `after-create`: the exchange that created the resource. */
  cause?: Exchange;
}

/** What a check or rule reports: the message, and where in the spec the broken promise is. */
export interface Finding {
  message: string;
  location: string;
}

export interface Check {
  name: string;
  description: string;
  /** Intents the check has an opinion on; `undefined` = every exchange. */
  intents?: readonly Intent[];
  /** The kind of `x-roomkit-rules` entry whose promise (and status) the check judges: its violations break that rule too. */
  judges?: Rule['kind'];
  run(input: CheckInput): Finding | undefined;
}

/** One reported problem, ready for the terminal, JUnit and JSON reports. */
export interface Violation {
  /** Check name (`status_code_conformance`) or rule name (`room-name-unique-per-property`). */
  name: string;
  kind: 'check' | 'rule';
  message: string;
  location: string;
  operationId?: string;
  property: string;
  /** Other properties that found the same check or rule broken at the same operation and place. */
  alsoFoundBy?: string[];
  exchange?: Exchange;
  /** Earlier exchanges that set up the state the failing one observed. */
  context?: Exchange[];
  seed: number;
  path?: string;
  /** For command sequences (model-based): fast-check's replayPath, needed with `path` to replay. */
  replayPath?: string;
  counterexample?: string;
  /** Every request that reproduces it from an empty start (see report/reproduction.ts). */
  reproduction?: Reproduction;
  /** Commands that replay it (credentials from the environment). */
  replay?: { verify: string; report?: string };
  /** With `--baseline`: whether the baseline lists it (`known`) or not (`new`). */
  baseline?: 'new' | 'known';
}

/** One request of a reproduction, with the run's ids as `${ID_n}` and what comes from the environment as `${ROOMKIT_…}`. */
export interface ReproductionStep {
  /** Why the step is there. */
  note: string;
  method: string;
  /** Path and query after the base URL. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** A create: the variable its answered id is saved in, for the steps after it. */
  saveAs?: string;
  /** The status the target answered when the run sent it (absent for steps the run made outside this case). */
  answered?: number;
}

export interface Reproduction {
  /** The requests in order, from an empty start: the creates the case needs, then the case up to the failing request. */
  steps: ReproductionStep[];
  /** The same steps as a POSIX shell script of curls (set the variables it names first). */
  script?: string;
}

/** A value the reproduction takes from the environment instead of printing (an organization id). */
export interface Placeholder {
  value: string;
  env: string;
}
