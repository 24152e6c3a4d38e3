import { describe, expect, it } from 'vitest';
import { AdaptiveWindow } from '../src/http/window.js';

/** A clock that moves only when a sleep ends (a turn of the event loop later): nothing waits for real. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      const end = now + ms;
      await Promise.resolve();
      now = Math.max(now, end);
    },
    advance: (ms: number) => void (now += ms),
  };
}

const never = new AbortController().signal;

describe('the adaptive window (AIMD)', () => {
  it('never lets more than --concurrency requests fly, and counts the peak', async () => {
    const window = new AdaptiveWindow({ concurrency: 3 });
    const slots = await Promise.all([1, 2, 3].map(() => window.acquire(never)));
    let fourth = false;
    const pending = window.acquire(never).then((slot) => {
      fourth = true;
      return slot;
    });
    await new Promise((r) => setImmediate(r));
    expect(fourth).toBe(false);
    expect(window.inFlight).toBe(3);
    window.release(slots[0]!, 'answered');
    window.release(await pending, 'answered');
    expect(fourth).toBe(true);
    expect(window.peak).toBe(3);
  });

  it('halves once per episode, pauses every worker once for the Retry-After, and grows back by one per window', async () => {
    const time = fakeTime();
    const window = new AdaptiveWindow({ concurrency: 8, now: time.now, sleep: time.sleep });
    const slots = await Promise.all(Array.from({ length: 8 }, () => window.acquire(never)));
    // All eight answered 429 asking for 2 s: one halving, one shared pause of 2 s.
    for (const slot of slots) window.release(slot, 'throttled', 2000);
    expect(window.limit).toBe(4);
    expect(window.halvings).toBe(1);
    expect(time.sleeps).toEqual([2000]);
    // The pause is over (the fake sleep moved the clock); four answers grow the window to 5.
    const again = await Promise.all(Array.from({ length: 4 }, () => window.acquire(never)));
    for (const slot of again) window.release(slot, 'answered');
    expect(window.limit).toBe(5);
    // A throttle of a request sent in the new episode halves again.
    const slot = await window.acquire(never);
    window.release(slot, 'throttled', 1000);
    expect(window.limit).toBe(2);
    expect(window.lowest).toBe(2);
    expect(time.sleeps).toEqual([2000, 1000]);
  });

  it('a longer pause extends the running one; a shorter one changes nothing', () => {
    const pending: Array<() => void> = [];
    const sleeps: number[] = [];
    const window = new AdaptiveWindow({
      concurrency: 2,
      now: () => 0,
      sleep: (ms) => {
        sleeps.push(ms);
        return new Promise((r) => pending.push(r));
      },
    });
    window.pause(3000, never);
    window.pause(1000, never);
    window.pause(5000, never);
    expect(sleeps).toEqual([3000, 5000]);
    expect(window.paused).toBe(true);
  });

  it('--rate-limit spaces the starts 1/rate apart', async () => {
    const time = fakeTime();
    const window = new AdaptiveWindow({ concurrency: 4, ratePerSecond: 5, now: time.now, sleep: time.sleep });
    const starts: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const slot = await window.acquire(never);
      starts.push(time.now());
      window.release(slot, 'answered');
    }
    expect(starts).toEqual([0, 200, 400, 600, 800, 1000]);
  });

  it('a throttling target sees about its rate after the first 429s, never a storm (simulated, by counts)', async () => {
    // The target: a token bucket of 5 requests per second (burst 5) on the fake clock; a request
    // takes 50 ms; a refused one is answered 429 with Retry-After 1 s. Eight workers send 400
    // requests in all through one window of 8.
    const time = fakeTime();
    const window = new AdaptiveWindow({ concurrency: 8, now: time.now, sleep: time.sleep });
    let tokens = 5;
    let refilledAt = 0;
    const take = (): boolean => {
      tokens = Math.min(5, tokens + ((time.now() - refilledAt) * 5) / 1000);
      refilledAt = time.now();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    };
    let accepted = 0;
    let refused = 0;
    const sent: number[] = [];
    // One request at a time through the simulated network: the fake clock is a single timeline.
    while (accepted < 400) {
      const slot = await window.acquire(never);
      sent.push(time.now());
      time.advance(50);
      if (take()) {
        accepted += 1;
        window.release(slot, 'answered');
      } else {
        refused += 1;
        window.release(slot, 'throttled', 1000);
      }
    }
    const seconds = time.now() / 1000;
    // About 5 per second: the bucket's rate, within a second's burst.
    expect(accepted).toBeLessThanOrEqual(5 * seconds + 5);
    expect(accepted / seconds).toBeGreaterThan(2.5);
    // After each 429 every worker waits the second the target asked for: at most one refusal per
    // pause, so refusals stay a small share of what was sent (a storm would be mostly refusals).
    expect(refused).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    expect(refused / (accepted + refused)).toBeLessThan(0.25);
  });
});
