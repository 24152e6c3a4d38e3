// The time the verifier's patience is measured in: how long a written item may take to show in
// reads (`--consistency-wait`). It is the one clock of those waits, so that a test can drive it
// (a manual clock shared with an in-process sandbox makes read-after-write lag deterministic on a
// machine of any speed). A run given a clock (tests) also times its shared back-off and pace on it,
// so that a Retry-After refills the same sandbox's throttle bucket without a real second passing.
// Budgets stay on real time: they protect a live target and the user's CI, whatever a test does.

/** A sleep that ends early (throwing the abort reason) when the signal fires. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export interface Clock {
  /** Milliseconds, like Date.now(). */
  now(): number;
  /** Waits `ms` of this clock's time; throws the signal's reason when it fires first. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep: abortableSleep };

/**
 * A clock that moves only when the verifier waits on it: shared by an in-process sandbox (its
 * read-after-write lag) and `verify` (its --consistency-wait), it puts both on one timeline, so
 * whether an item shows within the patience depends on the milliseconds each side counts, never
 * on how fast a loaded machine runs the requests in between.
 */
export function manualClock(start = Date.parse('2026-12-07T00:00:00Z')): Clock {
  let now = start;
  return {
    now: () => now,
    async sleep(ms, signal) {
      if (signal.aborted) throw signal.reason as Error;
      now += ms;
      // Still a real turn of the event loop, as a sleep is, so other work may run meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
