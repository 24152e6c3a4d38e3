// The one way the verifier waits for a lagging target: read, and read again, until what it shows
// settles or the consistency wait is over. Used by the properties' reads after a write
// (`Session.settled`) and by a create's ownership read-back (safety/ownership.ts).
import { BudgetExhausted } from './budget.js';
import type { Clock } from './clock.js';
import type { HttpTransport } from './transport.js';

export interface ReadUntil<T> {
  /** One read. */
  read: () => Promise<T>;
  /** Whether a read ends the wait (it agrees, or shows something waiting cannot change). */
  settles: (value: T) => boolean;
  /** When the wait is over, on `clock` (a past time: one read, no wait). */
  until: number;
  /** How long to pause after the `attempt`-th read that did not settle (1, 2, ...). */
  pause: (attempt: number) => number;
  clock: Clock;
  /** Its budget's signal ends a pause at once (the run stops). */
  transport: Pick<HttpTransport, 'budget'>;
}

/**
 * Reads until a read settles or the wait is over, and returns the last read, whether it settled
 * and whether it had to wait. The read that ends an unsettled wait starts at its end or later: a read sent before
 * the end whose answer came after it (a slow answer, other waits moving the clock) is followed
 * by one more, so an item that shows just within the wait is seen.
 */
export async function readUntil<T>(options: ReadUntil<T>): Promise<{ value: T; settled: boolean; waited: boolean }> {
  const { clock, until } = options;
  let waited = false;
  for (let attempt = 1; ; attempt += 1) {
    const sentLate = clock.now() >= until;
    const value = await options.read();
    if (options.settles(value)) return { value, settled: true, waited };
    const left = until - clock.now();
    if (left <= 0 && sentLate) return { value, settled: false, waited };
    waited = true;
    if (left <= 0) continue;
    try {
      await clock.sleep(Math.min(options.pause(attempt), left), options.transport.budget.signal);
    } catch {
      throw new BudgetExhausted(options.transport.budget.stopped ?? 'interrupted');
    }
  }
}
