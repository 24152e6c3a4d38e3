import { throttling, type ApiName } from '@roomkit/openapi';
import type { Violation } from './checks/types.js';
import { BudgetExhausted, DEFAULT_CLEANUP_MS, RequestBudget } from './http/budget.js';
import type { Clock } from './http/clock.js';
import { DEFAULT_MAX_BODY_BYTES, HttpTransport, LiveSafetyRefusal } from './http/transport.js';
import { mapConcurrently } from './http/pool.js';
import { AdaptiveWindow, DEFAULT_CONCURRENCY } from './http/window.js';
import { openSpec } from './openapi/open.js';
import type { Exchange } from './http/exchange.js';
import { runProperty, type PropertyOutcome } from './properties/runner.js';
import { Redactor, redactViolation } from './report/redact.js';
import { replayCommand } from './report/replay-command.js';
import { reproductionScript } from './report/reproduction.js';
import { cleanUp } from './safety/cleanup.js';
import { filterSelection, judgedBy, notRunBecause, notRunOutcome, type RunFilter } from './selection.js';
import { writeGuard } from './safety/guard.js';
import { idsOfFailingCases } from './safety/keep-failing.js';
import { newRunId, ResourceLedger } from './safety/ledger.js';
import { OwnershipKeeper } from './safety/ownership.js';
import { Session } from './session.js';
import type { VerifyReport, VerifyResult } from './report/types.js';
import { placeholdersOf, TargetUnreachable, targetArguments, traitsOf, type TargetKind } from './suite.js';
import { suiteOf, type Target } from './suites.js';

export { CredentialsRejected, TargetUnreachable } from './suite.js';
export { catalogue, selectableNames, type Catalogue, type CatalogueEntry } from './catalogue.js';
export type { VerifyReport, VerifyResult } from './report/types.js';

export const DEFAULT_RUNS = 20;
export const DEFAULT_MAX_REQUESTS = 20_000;
export const DEFAULT_MAX_DURATION_MS = 300_000;
export const DEFAULT_CONSISTENCY_WAIT_MS = 2_000;
/** The part of the cleanup share that settling pending creates may take before deleting starts. */
const SETTLE_SHARE = 0.25;
export { DEFAULT_CLEANUP_MS, DEFAULT_CONCURRENCY, DEFAULT_MAX_BODY_BYTES };

export interface VerifyOptions {
  target: Target;
  kind?: TargetKind;
  runs?: number;
  seed?: number;
  /** Check and rule names to report; everything when absent. */
  checks?: readonly string[];
  /** Only these properties (by name). */
  properties?: readonly string[];
  /** Sees every exchange of the run, and the redactor once credentials are settled (`--har`). */
  recorder?: { record(exchange: Exchange): void; redactWith(redactor: Redactor): void };
  /** Operations and properties left out (`--operations`, `--exclude-operations`, `--exclude-checks`): reported as not run. */
  filter?: RunFilter;
  maxRequests?: number;
  maxDurationMs?: number;
  /** Cleanup's own time share, after maxDurationMs (`--cleanup-timeout`). */
  cleanupMs?: number;
  /** Response bodies are read up to this many bytes (`--max-body`). */
  maxBodyBytes?: number;
  /** How long a created item may take to become readable (`--consistency-wait`). */
  consistencyWaitMs?: number;
  /** Most requests in flight at once (`--concurrency`); 1 runs one request at a time. */
  concurrency?: number;
  /** Most requests started per second (`--rate-limit`). */
  rateLimit?: number;
  /** The clock `consistencyWaitMs` is measured in (default: the system's); tests drive it with a sandbox's. */
  clock?: Clock;
  /** Longest wait for one answer (clamped to the time left). */
  requestTimeoutMs?: number;
  /** fast-check path to replay one counterexample (with `properties` naming its property). */
  path?: string;
  /** fast-check replayPath of a command sequence (model-based counterexamples). */
  replayPath?: string;
  /** Leave the resources of failing cases in place (`--keep-failing`). */
  keepFailing?: boolean;
  /** Stops the checks (Ctrl-C); cleanup still runs. */
  signal?: AbortSignal;
  /** Stops the cleanup too (a second Ctrl-C): what is left is listed. */
  cleanupSignal?: AbortSignal;
  onProgress?: (line: string) => void;
  /** Interval of the "still running" progress line (default 5 s). */
  heartbeatMs?: number;
}

/** The same broken promise found by several properties is reported once, naming all of them. */
function mergeAcrossProperties(violations: readonly Violation[]): Violation[] {
  const byKey = new Map<string, Violation>();
  for (const violation of violations) {
    const key = `${violation.name}|${violation.operationId ?? ''}|${violation.location}`;
    const first = byKey.get(key);
    if (first === undefined) byKey.set(key, { ...violation });
    else if (first.property !== violation.property && !(first.alsoFoundBy ?? []).includes(violation.property))
      first.alsoFoundBy = [...(first.alsoFoundBy ?? []), violation.property];
  }
  return [...byKey.values()];
}

/** Any HTTP answer (even a 404) proves the target is there; no answer at all is exit code 2. */
async function assertReachable(transport: HttpTransport, target: Target): Promise<void> {
  const reach = await transport.send({ method: 'GET', path: '' });
  if (reach.response === undefined) throw new TargetUnreachable(target.baseUrl, reach.error ?? 'no response');
}

/**
 * Runs the contract suite against one target and returns the report. It never throws for what
 * the target does (violations, hangs, throttling, huge bodies): only for flags the target refuses
 * before anything was written (CredentialsRejected, TargetUnreachable). Cleanup always runs, in
 * its own bounded time share.
 */
export async function verify(options: VerifyOptions): Promise<VerifyReport> {
  let { target } = options;
  const suite = suiteOf(target);
  const api: ApiName = target.api;
  const kind = options.kind ?? 'stateful';
  const seed = options.seed ?? Date.now() % 2_147_483_647;
  const runs = options.runs ?? DEFAULT_RUNS;
  const spec = openSpec(api);
  const startedAt = new Date();
  const limits: VerifyReport['limits'] = {
    maxRequests: options.maxRequests ?? DEFAULT_MAX_REQUESTS,
    maxDurationMs: options.maxDurationMs ?? DEFAULT_MAX_DURATION_MS,
    cleanupMs: options.cleanupMs ?? DEFAULT_CLEANUP_MS,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    consistencyWaitMs: options.consistencyWaitMs ?? DEFAULT_CONSISTENCY_WAIT_MS,
  };
  const budget = new RequestBudget(limits);
  const ledger = new ResourceLedger(newRunId(seed));
  const keeper = new OwnershipKeeper({
    doc: spec.doc,
    operations: spec.operations,
    baseUrl: target.baseUrl,
    ledger,
    headers: () => auth.primary,
    consistencyWaitMs: limits.consistencyWaitMs,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    stateful: kind === 'stateful',
  });
  const policy = throttling(spec.doc);
  const window = new AdaptiveWindow({
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    ...(options.rateLimit === undefined ? {} : { ratePerSecond: options.rateLimit }),
    // A test's clock (shared with an in-process sandbox, whose throttle buckets it refills) also
    // times the shared back-off and the pace: a Retry-After of 1 s costs the test no real second.
    ...(options.clock === undefined
      ? {}
      : {
          now: () => options.clock!.now(),
          sleep: (ms: number, signal: AbortSignal) => options.clock!.sleep(ms, signal),
        }),
  });
  const transport = new HttpTransport({
    baseUrl: target.baseUrl,
    budget,
    window,
    ...(policy === undefined ? {} : { throttling: policy }),
    guard: writeGuard({
      doc: spec.doc,
      operations: spec.operations,
      baseUrl: target.baseUrl,
      ledger,
      organizations: suite.roots(target),
      refuseCreates: keeper.createsRefused,
    }),
    maxBodyBytes: limits.maxBodyBytes,
    ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
    observer: keeper.observe,
    onUnanswered: keeper.unanswered,
    ...(options.recorder === undefined ? {} : { onExchange: options.recorder.record }),
  });
  // Credentials that must be traded first (an access token for client credentials) go through the
  // run's transport; auth and the redactor are built from what the requests will carry.
  if (suite.exchangeCredentials !== undefined)
    target = (await suite.exchangeCredentials(target, transport, spec.doc)) as typeof target;
  const auth = suite.auth(target, spec.doc);
  const redactor = new Redactor(suite.secrets(target));
  options.recorder?.redactWith(redactor);
  const selected = options.checks === undefined ? undefined : new Set(options.checks);
  const session = new Session(
    spec,
    transport,
    ledger,
    traitsOf(kind),
    auth,
    (name) => selected === undefined || selected.has(name),
  );
  // Throttled answers the transport retried are documented answers too (headers, content type,
  // schema), whichever request met them: a property's, or a create's ownership read-back.
  transport.onRetried = (attempt) => {
    if (attempt.operationId !== undefined) session.observe(spec.operation(attempt.operationId), attempt, 'state');
  };
  session.replayPath = options.replayPath;
  if (options.filter !== undefined) session.judges = judgedBy(options.filter);
  session.placeholders = placeholdersOf(suite, target);
  session.consistencyWaitMs = limits.consistencyWaitMs;
  if (options.clock !== undefined) session.clock = options.clock;
  const progress = (line: string) => options.onProgress?.(redactor.text(line));

  const onAbort = () => budget.interrupt('interrupted (Ctrl-C)');
  const onCleanupAbort = () => budget.interrupt('cleanup interrupted (Ctrl-C)');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort);

  // A heartbeat, so a long property against a slow live target still shows it is alive.
  const running = new Set<string>(['preflight']);
  const heartbeat = setInterval(() => {
    const rate = budget.elapsedMs > 0 ? Math.round((budget.requests * 1000) / budget.elapsedMs) : 0;
    progress(
      `… ${[...running].join(', ')}: ${budget.requests} requests so far (${rate} req/s, ${window.inFlight} in flight, window ${window.limit} of ${window.concurrency})`,
    );
  }, options.heartbeatMs ?? 5000);
  heartbeat.unref();
  const outcomes: PropertyOutcome[] = [];
  const violations: Violation[] = [];
  let cleanupResult: VerifyReport['cleanup'] = {
    deleted: 0,
    leftovers: [],
    kept: [],
    unaccounted: [],
    requests: 0,
    durationMs: 0,
  };
  let stoppedEarly: string | undefined;
  /** An unforeseen error while in-flight requests settle; rethrown once the cleanup has run. */
  let settleFailure: { error: unknown } | undefined;
  try {
    await assertReachable(transport, target);
    await suite.preflight(session, target);
    running.delete('preflight');
    let properties = suite.properties(session, target);
    if (options.properties !== undefined) properties = properties.filter((p) => options.properties!.includes(p.name));
    // Properties run side by side, all at once (the window decides which requests fly: a property
    // waiting for others to finish before it starts would put its whole length on the critical
    // path), one after another at --concurrency 1; each in a lane of its own. Results are kept in
    // the properties' order, never in the order they finished.
    const runOne = async (property: (typeof properties)[number]) => {
      const notRun = options.filter === undefined ? undefined : notRunBecause(options.filter, property, spec);
      if (notRun !== undefined) return { outcome: notRunOutcome(property, notRun), violations: [] };
      try {
        return await runProperty(
          property,
          session,
          { seed, runs, ...(options.path === undefined ? {} : { path: options.path }) },
          suite.hasSecondOrganization(target),
        );
      } catch (error) {
        // A defect of the suite itself (or a target answer it did not foresee): reported, never a crash.
        return {
          outcome: {
            name: property.name,
            description: property.description,
            status: 'error' as const,
            reason: (error as Error).stack ?? String(error),
            numRuns: 0,
            numShrinks: 0,
            durationMs: 0,
            requests: 0,
          },
          violations: [],
        };
      }
    };
    const report = ({ outcome, violations: found }: { outcome: PropertyOutcome; violations: Violation[] }) => {
      const rate = budget.elapsedMs > 0 ? Math.round((budget.requests * 1000) / budget.elapsedMs) : 0;
      const mark = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip', incomplete: 'INC ', error: 'ERR ' }[
        outcome.status
      ];
      const detail =
        outcome.status === 'skipped'
          ? ` (${outcome.reason})`
          : ` · ${outcome.numRuns} runs · ${outcome.requests} requests · ${(outcome.durationMs / 1000).toFixed(1)} s${outcome.status === 'incomplete' ? ` · ${outcome.reason}` : ''}`;
      progress(
        `${mark} ${outcome.name}${detail}${found.length > 0 ? ` · ${found.length} violation(s)` : ''}  [${budget.requests} requests, ${rate} req/s]`,
      );
    };
    const side = window.concurrency === 1 ? 1 : properties.length;
    const results = await mapConcurrently(properties, side, async (property) => {
      running.add(property.name);
      const result = await runOne(property);
      running.delete(property.name);
      report(result);
      return result;
    });
    for (const { outcome, violations: found } of results) {
      outcomes.push(outcome);
      violations.push(...found);
    }
  } catch (error) {
    // The preflight ran out of budget (a target that throttles or hangs from the start).
    if (error instanceof BudgetExhausted || error instanceof LiveSafetyRefusal)
      stoppedEarly = error instanceof BudgetExhausted ? error.reason : error.message;
    else throw error;
  } finally {
    clearInterval(heartbeat);
    options.signal?.removeEventListener('abort', onAbort);
    const cleanupStarted = Date.now();
    budget.beginCleanup();
    if (options.cleanupSignal?.aborted) onCleanupAbort();
    options.cleanupSignal?.addEventListener('abort', onCleanupAbort);
    try {
      // Settling what is still pending may take a quarter of the cleanup share: the rest is for deleting.
      await budget.inCleanup(() => keeper.settle(transport, cleanupStarted + limits.cleanupMs * SETTLE_SHARE));
    } catch (error) {
      // An unforeseen failure must not skip the cleanup below (nor, thrown from `finally`, mask the run's error).
      if (!(error instanceof BudgetExhausted || error instanceof LiveSafetyRefusal)) settleFailure = { error };
    }
    const pending = ledger.pendingCleanup().length;
    if (pending > 0) {
      progress(
        `cleanup: deleting ${pending} resource(s) this run created (at most ${Math.round(limits.cleanupMs / 1000)} s, --cleanup-timeout)`,
      );
      const result = await cleanUp({
        doc: spec.doc,
        operations: spec.operations,
        transport,
        ledger,
        headers: auth.primary,
        ...(options.keepFailing === true ? { keep: idsOfFailingCases(violations, ledger) } : {}),
      });
      cleanupResult = { ...cleanupResult, ...result };
    }
    // What the ledger gained after the cleanup took stock (none, unless the run's own work outlived
    // its phase) is left, and said so: never created and unreported.
    const listed = new Set([...cleanupResult.leftovers, ...(cleanupResult.kept ?? [])].map((l) => l.id));
    for (const owned of ledger.pendingCleanup())
      if (!listed.has(owned.id))
        cleanupResult.leftovers.push({ ...owned, reason: 'not tried: recorded after the cleanup began' });
    cleanupResult = {
      ...cleanupResult,
      unaccounted: keeper.unaccounted(),
      requests: budget.cleanupRequestCount,
      durationMs: Date.now() - cleanupStarted,
    };
    options.cleanupSignal?.removeEventListener('abort', onCleanupAbort);
  }
  if (settleFailure !== undefined) throw settleFailure.error;
  const durationMs = Date.now() - startedAt.getTime();
  const requests = budget.requests;
  stoppedEarly ??= budget.exhausted;
  const createsRefused = keeper.createsRefused();
  const merged = mergeAcrossProperties(violations);
  const unfinished = outcomes.some((o) => o.status === 'incomplete' || o.status === 'error');
  const result: VerifyResult =
    merged.length > 0
      ? 'violations'
      : unfinished ||
          stoppedEarly !== undefined ||
          cleanupResult.leftovers.length > 0 ||
          cleanupResult.unaccounted.length > 0
        ? 'incomplete'
        : 'conforms';
  const args = targetArguments(suite, target);
  const report: VerifyReport = redactor.value({
    api,
    baseUrl: target.baseUrl,
    target: { args },
    kind,
    runId: ledger.runId,
    seed,
    runs,
    startedAt: startedAt.toISOString(),
    durationMs,
    requests,
    requestsPerSecond: durationMs > 0 ? (requests * 1000) / durationMs : 0,
    throttledRetries: transport.throttledRetries,
    reconnects: transport.reconnects,
    engine: {
      concurrency: window.concurrency,
      ...(window.ratePerSecond === undefined ? {} : { rateLimit: window.ratePerSecond }),
      peakInFlight: window.peak,
      halvings: window.halvings,
      lowestWindow: window.lowest,
      finalWindow: window.limit,
    },
    truncatedBodies: transport.truncatedBodies,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    limits,
    ...(options.checks === undefined && options.properties === undefined && options.filter === undefined
      ? {}
      : {
          selection: {
            ...(options.checks === undefined ? {} : { checks: [...options.checks] }),
            ...(options.properties === undefined ? {} : { properties: [...options.properties] }),
            ...filterSelection(options.filter),
          },
        }),
    properties: outcomes,
    violations: merged.map((v) => redactViolation(v, redactor)),
    cleanup: cleanupResult,
    ...(stoppedEarly === undefined ? {} : { stoppedEarly }),
    ...(createsRefused === undefined ? {} : { createsRefused }),
    result,
    // A run that did not finish (or did not clean up) proves nothing: only a complete run conforms.
    conforms: result === 'conforms',
  });
  report.violations.forEach((violation, index) => {
    violation.replay = { verify: replayCommand(report, violation, args) };
    if (violation.reproduction !== undefined) {
      violation.reproduction.script = reproductionScript(
        violation.reproduction.steps,
        `roomkit: reproduces violation ${index + 1} of run ${report.runId} (${violation.kind} ${violation.name}${violation.operationId === undefined ? '' : `, ${violation.operationId}`})`,
      );
    }
  });
  return report;
}
