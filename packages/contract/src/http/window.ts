import { abortableSleep } from './clock.js';

/**
 * How many requests a run keeps in flight, and how fast it starts them: one window shared by every
 * worker of a run, so that politeness is a property of the run, not of each worker.
 *
 * - At most `limit` requests are in flight; `limit` starts at `--concurrency` and never exceeds it.
 * - AIMD, as TCP does it: a throttling answer (429, 503) or a timeout halves the limit, once per
 *   episode (answers to requests sent before the last halving do not halve it again), and pauses
 *   every worker until the wait the target asked for (`Retry-After`) is over: one shared back-off,
 *   slept once, not once per worker. A full window of other answers grows the limit by one.
 * - A window alone still sends a window's worth at once after each pause, into a target that
 *   refills its quota slowly. So a throttle also paces the starts: at the rate the target
 *   accepted since the throttle before (its quota, measured), growing by one request per second
 *   for each second of answers, so that a target that throttles above N/s settles near N/s.
 * - `--rate-limit`: starts are spaced at least 1/rate apart, whatever the window allows.
 *
 * The clock and the sleep are injectable, so tests drive it without waiting.
 */
/** Requests in flight at once (`--concurrency`); chosen from `pnpm bench:verify` (README, "Concurrency"). */
export const DEFAULT_CONCURRENCY = 16;

export interface WindowOptions {
  /** Most requests in flight at once (`--concurrency`). */
  concurrency: number;
  /** Most requests started per second (`--rate-limit`). */
  ratePerSecond?: number;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** A slot taken by one request; given back with `release`. */
export interface Slot {
  /** The halving episode the request was sent in. */
  readonly epoch: number;
}

/** What became of a request: an answer, a throttle (429, 503, timeout), or nothing (cut short). */
export type Outcome = 'answered' | 'throttled' | 'none';

/** Waits for `promise`, or throws the abort reason as soon as `signal` fires. */
function untilAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

export class AdaptiveWindow {
  readonly concurrency: number;
  readonly ratePerSecond: number | undefined;
  /** The current limit. */
  private size: number;
  /** Answers since the limit last grew: a full window of them grows it by one. */
  private credit = 0;
  private flying = 0;
  private peakFlying = 0;
  private epoch = 0;
  /** The shared pause under way, if any: every acquire waits for it. */
  private gate: Promise<void> | undefined;
  private pausedUntil = 0;
  private nextStart = 0;
  /** The pace learned from throttles (requests per second); none until the target throttled. */
  private learned: number | undefined;
  /** When the episode began (the first start, or the last halving) and what was answered since. */
  private episodeStart: number | undefined;
  private answeredInEpisode = 0;
  private started = 0;
  private readonly waiting = new Set<() => void>();
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** How often the window was halved. */
  halvings = 0;
  /** How often every worker was paused (a pause that extends a running one counts too). */
  pauses = 0;
  /** The smallest limit the window came down to. */
  lowest: number;

  constructor(options: WindowOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1)
      throw new RangeError(`concurrency must be a positive integer, not ${options.concurrency}`);
    if (options.ratePerSecond !== undefined && !(options.ratePerSecond > 0))
      throw new RangeError(`the rate limit must be above 0 requests per second, not ${options.ratePerSecond}`);
    this.concurrency = options.concurrency;
    this.ratePerSecond = options.ratePerSecond;
    this.size = options.concurrency;
    this.lowest = options.concurrency;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /** The number of requests allowed in flight now. */
  get limit(): number {
    return this.size;
  }

  get inFlight(): number {
    return this.flying;
  }

  /** The most requests that were ever in flight at once. */
  get peak(): number {
    return this.peakFlying;
  }

  /** The pace starts keep now (requests per second): the rate limit or the learned pace, the lower. */
  get pace(): number | undefined {
    if (this.learned === undefined) return this.ratePerSecond;
    return this.ratePerSecond === undefined ? this.learned : Math.min(this.ratePerSecond, this.learned);
  }

  /** Requests started through the window. */
  get starts(): number {
    return this.started;
  }

  /**
   * Waits for a free slot, any shared pause and the rate limit; throws the abort reason when
   * `signal` fires. `batched`: a member of a simultaneous batch, which waits for the hard
   * `concurrency` cap only (its batch cannot complete while the adaptive limit holds it back).
   */
  async acquire(signal: AbortSignal, batched = false): Promise<Slot> {
    for (;;) {
      if (signal.aborted) throw signal.reason as Error;
      if (this.gate !== undefined) await untilAborted(this.gate, signal);
      else if (this.flying >= (batched ? this.concurrency : this.limit)) await this.freed(signal);
      else break;
    }
    this.flying += 1;
    this.peakFlying = Math.max(this.peakFlying, this.flying);
    const slot = { epoch: this.epoch };
    try {
      const now = this.now();
      this.episodeStart ??= now;
      const pace = this.pace;
      if (pace !== undefined) {
        const at = Math.max(now, this.nextStart);
        this.nextStart = at + 1000 / pace;
        if (at > now) await this.sleep(at - now, signal);
      }
      // A pause that began while this slot waited for its start holds it too.
      while (this.gate !== undefined) await untilAborted(this.gate, signal);
    } catch (error) {
      this.release(slot, 'none');
      throw error;
    }
    this.started += 1;
    return slot;
  }

  /**
   * Gives a slot back with what became of its request: `answered` grows the window, `throttled`
   * halves it (once per episode) and pauses everyone for `pauseMs`, `none` leaves it as it is.
   */
  release(slot: Slot, outcome: Outcome, pauseMs = 0, signal?: AbortSignal): void {
    this.flying -= 1;
    if (outcome === 'answered') {
      this.answeredInEpisode += 1;
      if (this.size < this.concurrency && ++this.credit >= this.size) {
        this.size += 1;
        this.credit = 0;
      }
      // One more request per second for each second's worth of answers at the learned pace.
      if (this.learned !== undefined) this.learned += 1 / this.learned;
    } else if (outcome === 'throttled') {
      if (slot.epoch === this.epoch) {
        const now = this.now();
        const seconds = (now - (this.episodeStart ?? now)) / 1000;
        // The first episode began with a burst the target's quota absorbed: its rate says nothing.
        if (this.epoch > 0 && seconds > 0) {
          const accepted = Math.max(1, this.answeredInEpisode) / seconds;
          this.learned = this.learned === undefined ? accepted : Math.min(this.learned, accepted);
        }
        this.episodeStart = now;
        this.answeredInEpisode = 0;
        this.size = Math.max(1, Math.floor(this.size / 2));
        this.credit = 0;
        this.lowest = Math.min(this.lowest, this.limit);
        this.epoch += 1;
        this.halvings += 1;
      }
      this.pause(pauseMs, signal ?? new AbortController().signal);
    }
    this.wake();
  }

  /**
   * Every worker waits `ms` from now: one shared sleep. A pause shorter than the one under way
   * changes nothing; a longer one extends it. `signal` ends the pause early (the budget's phase).
   */
  pause(ms: number, signal: AbortSignal): void {
    if (ms <= 0) return;
    const until = this.now() + ms;
    if (this.gate !== undefined && until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.pauses += 1;
    const gate: Promise<void> = this.sleep(ms, signal)
      .catch(() => {})
      .then(() => {
        if (this.gate === gate) this.gate = undefined;
        this.wake();
      });
    this.gate = gate;
  }

  /** Whether a shared pause is under way. */
  get paused(): boolean {
    return this.gate !== undefined;
  }

  private wake(): void {
    for (const wake of [...this.waiting]) wake();
  }

  private freed(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        this.waiting.delete(done);
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        this.waiting.delete(done);
        reject(signal.reason as Error);
      };
      this.waiting.add(done);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
