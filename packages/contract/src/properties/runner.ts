import fc from 'fast-check';
import type { Violation } from '../checks/types.js';
import { BudgetExhausted } from '../http/budget.js';
import { compactExchange, CONTEXT_TEXT_CHARS, type Exchange } from '../http/exchange.js';
import { buildReproduction } from './reproduction.js';
import { LiveSafetyRefusal, requestTally } from '../http/transport.js';
import type { Draft, Session, Trial } from '../session.js';
import { type PropertyDefinition, SetupFailed, whyNotApplicable } from './property.js';

/** Shrink candidates tried after a failure, per property (each costs requests). */
export const MAX_SHRINK_STEPS = 150;

/**
 * `incomplete`: some of its runs could not finish (the budget ran out, throttling outlasted it,
 * Ctrl-C, a request the live-safety guard refused): nothing is known about those runs, so the
 * property neither passed nor failed.
 */
export type PropertyStatus = 'passed' | 'failed' | 'skipped' | 'incomplete' | 'error';

export interface PropertyOutcome {
  name: string;
  description: string;
  status: PropertyStatus;
  reason?: string;
  numRuns: number;
  numShrinks: number;
  durationMs: number;
  requests: number;
}

export interface RunOptions {
  seed: number;
  runs: number;
  /** Replays one counterexample (fast-check path) of the named property. */
  path?: string;
  onProgress?: (line: string) => void;
}

/**
 * One violation per check or rule, operation and spec location within a run: a fault that
 * breaks the same promise on every request of a run is one finding, with a count.
 */
function distinct(drafts: readonly Draft[]): Draft[] {
  const byKey = new Map<string, { draft: Draft; more: number }>();
  for (const draft of drafts) {
    const key = `${draft.name}|${draft.operationId ?? ''}|${draft.location}`;
    const seen = byKey.get(key);
    if (seen === undefined) byKey.set(key, { draft, more: 0 });
    else seen.more += 1;
  }
  return [...byKey.values()].map(({ draft, more }) =>
    more === 0 ? draft : { ...draft, message: `${draft.message} (and ${more} more time(s) in the same run)` },
  );
}

/**
 * The shrunk input as a reader expects it: plain data as JSON (an absent field is left out, not
 * printed as `undefined`), anything else (a command sequence) as fast-check prints it. fast-check
 * builds some records without a prototype: they are plain data too.
 */
export function showInput(input: unknown): string {
  const plain = (value: unknown): boolean =>
    value === null ||
    value === undefined ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) ||
    (Array.isArray(value) && value.every((v) => v !== undefined && plain(v))) ||
    (typeof value === 'object' &&
      !Array.isArray(value) &&
      [Object.prototype, null].includes(Object.getPrototypeOf(value)) &&
      Object.values(value as object).every(plain));
  return plain(input) && input !== undefined ? JSON.stringify(input) : fc.stringify(input);
}

/** A violation fit to be kept until the report: its exchanges with bounded bodies, and its reproduction. */
function keep(violation: Violation, session: Session, trial: readonly Exchange[]): Violation {
  const failing = violation.exchange;
  const before = failing === undefined ? trial : trial.filter((e) => e.seq < failing.seq);
  const reproduction = buildReproduction({
    doc: session.spec.doc,
    ledger: session.ledger,
    baseUrl: session.transport.baseUrl,
    trial: before,
    ...(failing === undefined ? {} : { failing: compactExchange(failing, CONTEXT_TEXT_CHARS) }),
    placeholders: session.placeholders,
  });
  return {
    ...violation,
    reproduction,
    ...(violation.exchange === undefined ? {} : { exchange: compactExchange(violation.exchange) }),
    ...(violation.context === undefined
      ? {}
      : { context: violation.context.map((e) => compactExchange(e, CONTEXT_TEXT_CHARS)) }),
  };
}

/**
 * Runs one property with fast-check and turns its shrunk counterexample into violations. Other
 * properties may run at the same time: the property gets a lane of its own in the session, and
 * counts only its own requests.
 */
export function runProperty(
  definition: PropertyDefinition,
  session: Session,
  options: RunOptions,
  hasSecond: boolean,
): Promise<{ outcome: PropertyOutcome; violations: Violation[] }> {
  const tally = { requests: 0 };
  return requestTally.run(tally, () =>
    session.inLane(() => runPropertyInLane(definition, session, options, hasSecond, tally)),
  );
}

async function runPropertyInLane(
  definition: PropertyDefinition,
  session: Session,
  options: RunOptions,
  hasSecond: boolean,
  tally: { requests: number },
): Promise<{ outcome: PropertyOutcome; violations: Violation[] }> {
  const base = {
    name: definition.name,
    description: definition.description,
    numRuns: 0,
    numShrinks: 0,
    durationMs: 0,
    requests: 0,
  };
  const skip = whyNotApplicable(definition.requires, session.traits, hasSecond);
  if (skip !== undefined) return { outcome: { ...base, status: 'skipped', reason: skip }, violations: [] };
  if (!definition.reports.some((name) => session.enabled(name))) {
    return {
      outcome: { ...base, status: 'skipped', reason: 'none of its checks selected (--checks)' },
      violations: [],
    };
  }
  const budget = session.transport.budget;
  if (budget.exhausted !== undefined) {
    return { outcome: { ...base, status: 'incomplete', reason: `not run: ${budget.exhausted}` }, violations: [] };
  }

  const started = Date.now();
  const spent = () => ({ durationMs: Date.now() - started, requests: tally.requests });
  /** Why some run could not finish; the first reason is kept. */
  let incomplete: string | undefined;
  /** Errors that end a run without a verdict on it: the run is incomplete, never passed. */
  const unfinished = (error: unknown): string | undefined => {
    if (error instanceof BudgetExhausted) return error.reason;
    if (error instanceof LiveSafetyRefusal) return error.message;
    return undefined;
  };
  let lastFailure: Trial | undefined;
  if (definition.setup !== undefined) {
    const trial = session.beginTrial();
    try {
      await definition.setup(session);
    } catch (error) {
      incomplete = unfinished(error);
      if (incomplete === undefined && !(error instanceof SetupFailed)) throw error;
      // State shared with properties running beside it (the shared chain) failed to build: the
      // property that built it recorded why; this one has nothing to run on.
      if (incomplete === undefined && !trial.failed) incomplete = (error as Error).message;
    }
    if (trial.failed || incomplete !== undefined) {
      return {
        outcome: {
          ...base,
          status: trial.failed ? 'failed' : 'incomplete',
          reason: `setup failed${incomplete === undefined ? '' : `: ${incomplete}`}`,
          ...spent(),
        },
        violations: distinct(trial.drafts).map((d) =>
          keep({ ...d, property: definition.name, seed: options.seed }, session, trial.exchanges),
        ),
      };
    }
  }
  // Shrinking against a live server costs requests: after the first failure, at most
  // MAX_SHRINK_STEPS candidates are tried; the smallest failing one found by then is reported.
  let failures = 0;
  let shrinkSteps = 0;
  const property = fc.asyncProperty(definition.arbitrary(session), async (input) => {
    if (budget.exhausted !== undefined) {
      incomplete ??= budget.exhausted;
      return true;
    }
    if (failures > 0 && ++shrinkSteps > MAX_SHRINK_STEPS) return true;
    const trial = session.beginTrial();
    try {
      await definition.run(session, input);
    } catch (error) {
      const why = unfinished(error);
      if (why !== undefined) {
        // What broke before the run was cut short is still a finding.
        if (trial.failed) {
          lastFailure = trial;
          failures += 1;
          return false;
        }
        incomplete ??= why;
        return true;
      }
      // The refusal that stopped the setup was recorded by the checks; if not, nothing to report.
      if (error instanceof SetupFailed) {
        if (!trial.failed) return true;
        lastFailure = trial;
        failures += 1;
        return false;
      }
      throw error;
    }
    if (trial.failed) {
      lastFailure = trial;
      failures += 1;
      return false;
    }
    return true;
  });
  const examples = definition.examples?.(session).map((e) => [e] as [unknown]) ?? [];
  // fast-check counts examples inside numRuns; the hand-picked edge cases come on top of --runs.
  const numRuns = examples.length + Math.max(1, Math.round(options.runs * (definition.runsFactor ?? 1)));
  let details: Awaited<ReturnType<typeof fc.check<[unknown]>>>;
  try {
    details = await fc.check(property, {
      seed: options.seed,
      numRuns,
      examples,
      ...(options.path === undefined ? {} : { path: options.path }),
      interruptAfterTimeLimit: Math.max(1, budget.remainingMs()),
      markInterruptAsFailure: false,
    });
  } catch (error) {
    // fast-check refuses a --path that does not belong to this property and seed.
    return {
      outcome: {
        ...base,
        status: 'error',
        reason: `${(error as Error).message} (check --seed, --property and --path)`,
        ...spent(),
      },
      violations: [],
    };
  }
  const outcome: PropertyOutcome = {
    ...base,
    status: 'passed',
    numRuns: details.numRuns,
    numShrinks: details.numShrinks,
    ...spent(),
  };
  if (!details.failed) {
    if (details.interrupted) incomplete ??= budget.exhausted ?? 'the time budget ran out (--max-duration)';
    if (incomplete !== undefined) {
      outcome.status = 'incomplete';
      outcome.reason = incomplete;
    }
    return { outcome, violations: [] };
  }
  if (lastFailure === undefined || (details.errorInstance !== undefined && !lastFailure.failed)) {
    const error = details.errorInstance as Error | undefined;
    outcome.status = 'error';
    outcome.reason = error?.stack ?? 'failed without a recorded violation';
    return { outcome, violations: [] };
  }
  outcome.status = 'failed';
  const counterexample = details.counterexample === null ? undefined : showInput(details.counterexample[0]);
  // Command sequences replay only with their own replayPath next to the fast-check path.
  const replayPath = /\/\*replayPath="([^"]*)"\*\//.exec(counterexample ?? '')?.[1];
  const violations = distinct(lastFailure.drafts).map((draft): Violation => {
    const context =
      draft.context ?? lastFailure!.exchanges.filter((e) => draft.exchange === undefined || e.seq < draft.exchange.seq);
    return keep(
      {
        ...draft,
        context,
        property: definition.name,
        seed: options.seed,
        ...(details.counterexamplePath === null ? {} : { path: details.counterexamplePath }),
        ...(replayPath === undefined ? {} : { replayPath }),
        ...(counterexample === undefined ? {} : { counterexample }),
      },
      session,
      lastFailure!.exchanges,
    );
  });
  return { outcome, violations };
}
