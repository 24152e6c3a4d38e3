import { AsyncLocalStorage } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';

/** Thrown when the run (or its cleanup) has used up its request count or time budget, or was interrupted. */
export class BudgetExhausted extends Error {
  constructor(readonly reason: string) {
    super(`budget exhausted: ${reason}`);
    this.name = 'BudgetExhausted';
  }
}

export interface BudgetLimits {
  maxRequests: number;
  /** Wall-clock limit of the checks, in milliseconds. */
  maxDurationMs: number;
  /** Wall-clock limit of the cleanup that follows, in milliseconds: its own share, on top of maxDurationMs. */
  cleanupMs?: number;
}

export const DEFAULT_CLEANUP_MS = 60_000;

/**
 * The budget whose cleanup the current async context is doing (set by `inCleanup`). Module-private:
 * the package's declarations name no Node types.
 */
const cleanupWork = new AsyncLocalStorage<RequestBudget>();

type Phase = 'run' | 'cleanup';

/**
 * Bounds what a run may spend on a target, in two phases. The run phase has the request and time
 * limits; the cleanup phase that follows has its own time share (`--cleanup-timeout`), so a run
 * that ran out of time can still delete what it created, and a target that hangs or throttles
 * during cleanup cannot keep the process alive past it. Each phase has an abort signal that ends
 * in-flight requests and back-off sleeps at once (Ctrl-C, or the phase's deadline).
 */
export class RequestBudget {
  private used = 0;
  private cleanupRequests = 0;
  private readonly startedAt = Date.now();
  private cleanupStartedAt: number | undefined;
  private readonly controllers: Record<Phase, AbortController> = {
    run: new AbortController(),
    cleanup: new AbortController(),
  };
  /** Why the run phase stopped early; undefined while it may go on. */
  exhausted: string | undefined;
  /** Why the cleanup phase stopped early. */
  cleanupExhausted: string | undefined;

  constructor(readonly limits: BudgetLimits) {
    // Every request in flight, and every worker waiting for the window, listens to its phase's signal.
    for (const controller of Object.values(this.controllers)) setMaxListeners(0, controller.signal);
  }

  get phase(): Phase {
    return this.cleanupStartedAt === undefined ? 'run' : 'cleanup';
  }

  /** Requests of the run phase (cleanup requests are counted apart). */
  get requests(): number {
    return this.used;
  }

  get cleanupRequestCount(): number {
    return this.cleanupRequests;
  }

  get elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  /** Aborted when the current phase must stop: its in-flight requests end at once. */
  get signal(): AbortSignal {
    return this.controllers[this.phase].signal;
  }

  private get deadline(): number {
    return this.cleanupStartedAt === undefined
      ? this.startedAt + this.limits.maxDurationMs
      : this.cleanupStartedAt + (this.limits.cleanupMs ?? DEFAULT_CLEANUP_MS);
  }

  /** Time left in the current phase. */
  remainingMs(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  /** Why the current phase cannot send more, if it cannot. */
  get stopped(): string | undefined {
    return this.phase === 'run' ? this.exhausted : this.cleanupExhausted;
  }

  /** Ends the current phase (Ctrl-C): in-flight requests are aborted, later ones refused. */
  interrupt(reason = 'interrupted'): void {
    this.stop(reason);
  }

  private stop(reason: string): void {
    if (this.phase === 'run') this.exhausted ??= reason;
    else this.cleanupExhausted ??= reason;
    const controller = this.controllers[this.phase];
    if (!controller.signal.aborted) controller.abort(new BudgetExhausted(reason));
  }

  /** Starts the cleanup phase: its own clock, no request limit. */
  beginCleanup(): void {
    if (this.cleanupStartedAt !== undefined) return;
    this.cleanupStartedAt = Date.now();
    // The run's own work still under way (nothing of it should be) ends now: its requests in
    // flight and its waits for the window. The run did not stop early for it: `exhausted` stays.
    const run = this.controllers.run;
    if (!run.signal.aborted) run.abort(new BudgetExhausted('the run phase is over: only cleanup sends now'));
  }

  /**
   * Starts the cleanup phase (if it has not begun) and runs `work` as its own. Once the run phase
   * is over only such work may send: a request the run's own work still makes (a property that
   * fast-check stopped waiting for at the time limit, a side task of a failed one) is refused, so
   * nothing is created after the cleanup took stock, and the cleanup's share is its own.
   */
  inCleanup<T>(work: () => Promise<T>): Promise<T> {
    this.beginCleanup();
    return cleanupWork.run(this, work);
  }

  /** Throws BudgetExhausted when the caller may not send now: the run's own work after the run phase. */
  assertMaySend(): void {
    if (this.phase === 'cleanup' && cleanupWork.getStore() !== this)
      throw new BudgetExhausted('the run phase is over: only cleanup sends now');
  }

  /** The current phase has run out of time: say so and stop it. */
  timeUp(): BudgetExhausted {
    const reason =
      this.phase === 'run'
        ? `time limit of ${Math.round(this.limits.maxDurationMs / 1000)} s reached (--max-duration)`
        : `cleanup time of ${Math.round((this.limits.cleanupMs ?? DEFAULT_CLEANUP_MS) / 1000)} s reached (--cleanup-timeout)`;
    this.stop(reason);
    return new BudgetExhausted(this.stopped ?? reason);
  }

  /** Takes one request from the budget, or throws BudgetExhausted. */
  reserve(): void {
    this.assertMaySend();
    if (this.stopped === undefined) {
      if (this.phase === 'run' && this.used >= this.limits.maxRequests) {
        this.stop(`request limit of ${this.limits.maxRequests} reached (--max-requests)`);
      } else if (this.remainingMs() <= 0) {
        this.timeUp();
      }
    }
    if (this.stopped !== undefined) throw new BudgetExhausted(this.stopped);
    if (this.phase === 'run') this.used += 1;
    else this.cleanupRequests += 1;
  }
}
