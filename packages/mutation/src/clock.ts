import type { Clock } from '@roomkit/contract';

/**
 * A clock that moves only when the verifier waits on it, shared by the sandbox (token expiry,
 * read-after-write lag) and verify (its --consistency-wait): whether a mutant is told apart
 * depends on what the sandbox answers, never on how fast a loaded machine runs the requests.
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
