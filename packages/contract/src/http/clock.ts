// The time the verifier's patience is measured in: how long a written item may take to show in
// reads (`--consistency-wait`). It is the one clock of those waits, so that a test can drive it
// (a manual clock shared with an in-process sandbox makes read-after-write lag deterministic on a
// machine of any speed). Budgets and Retry-After back-off stay on real time: they protect a live
// target and the user's CI, whatever a test does.

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
