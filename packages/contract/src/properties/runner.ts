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
 * How many groups the runs of a property with independent runs are split into (`independentRuns`).
 * A fixed number, never `--concurrency`: every level draws the same inputs. Four groups take the
 * longest properties (pagination, hierarchy) under the time of the others at 50 ms per answer.
 */
export const RUN_GROUPS = 4;

/** One fast-check run over part of a property's runs: its seed, its hand-picked examples, its run count. */
export interface RunGroup {
  index: number;
  seed: number;
  examples: Array<[unknown]>;
  /** fast-check's numRuns: the group's examples and random runs. */
  numRuns: number;
}

type RunDetails = Awaited<ReturnType<typeof fc.check<[unknown]>>>;

interface GroupResult {
  group: RunGroup;
  details?: RunDetails;
  /** fast-check refused to run (a --path that does not belong to the property and seed). */
  error?: Error;
  lastFailure?: Trial;
  incomplete?: string;
}

/**
 * Splits a property's runs into `count` groups: examples dealt round-robin, random runs evenly.
 * Group 0 keeps the run's seed (one group is exactly the property as a single fast-check run);
 * the others' seeds are derived from it. Groups left without a run are dropped.
 */
export function splitRuns(seed: number, examples: Array<[unknown]>, random: number, count: number): RunGroup[] {
  return Array.from({ length: count }, (_, index) => {
    const own = examples.filter((_, j) => j % count === index);
    const share = Math.floor(random / count) + (index < random % count ? 1 : 0);
    return {
      index,
      seed: index === 0 ? seed : (seed ^ Math.imul(index, 0x9e3779b1)) >>> 1,
      examples: own,
      numRuns: own.length + share,
    };
  }).filter((group) => group.numRuns > 0);
}

/** A counterexample's path as printed and replayed: fast-check's, prefixed `<group>/` past the first group. */
export function formatPath(group: number, path: string): string {
  return group === 0 ? path : `${group}/${path}`;
}

export function parsePath(path: string): { group: number; path: string } {
  const grouped = /^(\d+)\/(.*)$/.exec(path);
  return grouped === null ? { group: 0, path } : { group: Number(grouped[1]), path: grouped[2]! };
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
  /** Errors that end a run without a verdict on it: the run is incomplete, never passed. */
  const unfinished = (error: unknown): string | undefined => {
    if (error instanceof BudgetExhausted) return error.reason;
    if (error instanceof LiveSafetyRefusal) return error.message;
    return undefined;
  };
  if (definition.setup !== undefined) {
    const trial = session.beginTrial();
    let incomplete: string | undefined;
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
  const examples = definition.examples?.(session).map((e) => [e] as [unknown]) ?? [];
  // fast-check counts examples inside numRuns; the hand-picked edge cases come on top of --runs.
  const random = Math.max(1, Math.round(options.runs * (definition.runsFactor ?? 1)));
  let groups = splitRuns(options.seed, examples, random, definition.independentRuns === true ? RUN_GROUPS : 1);
  const replay = options.path === undefined ? undefined : parsePath(options.path);
  if (replay !== undefined) {
    const group = groups.find((g) => g.index === replay.group);
    if (group === undefined) {
      return {
        outcome: {
          ...base,
          status: 'error',
          reason: `--path ${options.path} names run group ${replay.group}, and ${definition.name} has ${groups.length} (check --seed, --property and --path)`,
          ...spent(),
        },
        violations: [],
      };
    }
    groups = [group];
  }
  /** The lowest group that failed so far: groups above it stop sending (its counterexample is the one reported). */
  let lowestFailed = Number.POSITIVE_INFINITY;
  const runGroup = async (group: RunGroup): Promise<GroupResult> => {
    // Shrinking against a live server costs requests: after the first failure, at most
    // MAX_SHRINK_STEPS candidates are tried; the smallest failing one found by then is reported.
    let failures = 0;
    let shrinkSteps = 0;
    let lastFailure: Trial | undefined;
    /** Why some run could not finish; the first reason is kept. */
    let incomplete: string | undefined;
    const fail = (trial: Trial) => {
      lastFailure = trial;
      failures += 1;
      lowestFailed = Math.min(lowestFailed, group.index);
      return false;
    };
    const property = fc.asyncProperty(definition.arbitrary(session), async (input) => {
      if (group.index > lowestFailed) return true;
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
          if (trial.failed) return fail(trial);
          incomplete ??= why;
          return true;
        }
        // The refusal that stopped the setup was recorded by the checks; if not, nothing to report.
        if (error instanceof SetupFailed) return trial.failed ? fail(trial) : true;
        throw error;
      }
      return trial.failed ? fail(trial) : true;
    });
    try {
      const details = await fc.check(property, {
        seed: group.seed,
        numRuns: group.numRuns,
        examples: group.examples,
        ...(replay === undefined ? {} : { path: replay.path }),
        interruptAfterTimeLimit: Math.max(1, budget.remainingMs()),
        markInterruptAsFailure: false,
      });
      if (!details.failed && details.interrupted)
        incomplete ??= budget.exhausted ?? 'the time budget ran out (--max-duration)';
      return { group, details, lastFailure, incomplete };
    } catch (error) {
      // fast-check refuses a --path that does not belong to this property and seed.
      return { group, error: error as Error };
    }
  };
  // One group runs in the property's lane, as a property always did; several each get a lane of
  // their own (trials, patience), side by side, or one after another at --concurrency 1 (up to the
  // first that fails: the lowest failing group is the one reported at any level).
  const inOwnLane = (group: RunGroup) =>
    groups.length === 1 ? runGroup(group) : session.inLane(() => runGroup(group), true);
  let results: GroupResult[];
  if (session.transport.window.concurrency > 1) results = await Promise.all(groups.map(inOwnLane));
  else {
    results = [];
    for (const group of groups) {
      const result = await inOwnLane(group);
      results.push(result);
      if (result.details?.failed === true) break;
    }
  }
  const refused = results.find((r) => r.error !== undefined);
  if (refused !== undefined) {
    return {
      outcome: {
        ...base,
        status: 'error',
        reason: `${refused.error!.message} (check --seed, --property and --path)`,
        ...spent(),
      },
      violations: [],
    };
  }
  const outcome: PropertyOutcome = {
    ...base,
    status: 'passed',
    numRuns: results.reduce((sum, r) => sum + r.details!.numRuns, 0),
    numShrinks: results.reduce((sum, r) => sum + r.details!.numShrinks, 0),
    ...spent(),
  };
  // Results are in group order: the first failing one is the lowest, at any concurrency.
  const failed = results.find((r) => r.details!.failed);
  if (failed === undefined) {
    const incomplete = results.find((r) => r.incomplete !== undefined)?.incomplete;
    if (incomplete !== undefined) {
      outcome.status = 'incomplete';
      outcome.reason = incomplete;
    }
    return { outcome, violations: [] };
  }
  const details = failed.details!;
  const lastFailure = failed.lastFailure;
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
      draft.context ?? lastFailure.exchanges.filter((e) => draft.exchange === undefined || e.seq < draft.exchange.seq);
    return keep(
      {
        ...draft,
        context,
        property: definition.name,
        seed: options.seed,
        ...(details.counterexamplePath === null
          ? {}
          : { path: formatPath(failed.group.index, details.counterexamplePath) }),
        ...(replayPath === undefined ? {} : { replayPath }),
        ...(counterexample === undefined ? {} : { counterexample }),
      },
      session,
      lastFailure.exchanges,
    );
  });
  return { outcome, violations };
}
