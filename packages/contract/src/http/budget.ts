/** Thrown when the run has used up its request count or time budget. */
export class BudgetExhausted extends Error {
  constructor(readonly reason: string) {
    super(`budget exhausted: ${reason}`);
    this.name = 'BudgetExhausted';
  }
}

export interface BudgetLimits {
  maxRequests: number;
  /** Wall-clock limit for the whole run, in milliseconds. */
  maxDurationMs: number;
}

/**
 * Bounds what a run may spend on a target. Cleanup requests bypass the budget
 * (`reserve(true)`): a run that stops early must still delete what it created.
 */
export class RequestBudget {
  private used = 0;
  private readonly startedAt = Date.now();
  exhausted: string | undefined;

  constructor(readonly limits: BudgetLimits) {}

  get requests(): number {
    return this.used;
  }

  get elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  remainingMs(): number {
    return this.limits.maxDurationMs - this.elapsedMs;
  }

  reserve(exempt = false): void {
    if (!exempt) {
      if (this.used >= this.limits.maxRequests) {
        this.exhausted = `request limit of ${this.limits.maxRequests} reached (--max-requests)`;
      } else if (this.elapsedMs >= this.limits.maxDurationMs) {
        this.exhausted = `time limit of ${Math.round(this.limits.maxDurationMs / 1000)} s reached (--max-duration)`;
      }
      if (this.exhausted !== undefined) throw new BudgetExhausted(this.exhausted);
    }
    this.used += 1;
  }
}
