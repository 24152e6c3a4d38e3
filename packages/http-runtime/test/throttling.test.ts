import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryAfterMs, retryAfterValue } from '../src/index.js';

const POLICY = { status: 429, initialDelaySeconds: 1, multiplier: 2, maxDelaySeconds: 256 };

describe('backoffDelayMs', () => {
  it('doubles from the initial delay up to the maximum, then stays there', () => {
    expect([0, 1, 2, 7, 8, 9, 20].map((a) => backoffDelayMs(POLICY, a) / 1000)).toEqual([1, 2, 4, 128, 256, 256, 256]);
  });
  it('a longer Retry-After wins, a shorter one does not shorten the schedule, neither passes the maximum', () => {
    expect(backoffDelayMs(POLICY, 0, '5')).toBe(5000);
    expect(backoffDelayMs(POLICY, 3, '1')).toBe(8000);
    expect(backoffDelayMs(POLICY, 0, '0')).toBe(1000);
    expect(backoffDelayMs(POLICY, 0, '9999')).toBe(256_000);
    expect(backoffDelayMs(POLICY, 0, 'soon')).toBe(1000);
    expect(backoffDelayMs(POLICY, 1, null)).toBe(2000);
  });
  it('reads an HTTP-date Retry-After against the given clock', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(backoffDelayMs(POLICY, 0, 'Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
  });
});

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP-dates; anything else is no answer', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs(' 7 ', now)).toBe(7000);
    expect(retryAfterMs('Tue, 01 Dec 2026 10:00:02 GMT', now)).toBe(2000);
    expect(retryAfterMs('Tue, 01 Dec 2026 09:00:00 GMT', now)).toBe(0);
    for (const unreadable of [undefined, null, '', '  ', '1.5', '-1', 'soon']) {
      expect(retryAfterMs(unreadable, now), String(unreadable)).toBeUndefined();
    }
  });
  it('writes whole seconds, rounded up, at least one, which the reader reads back as at least the wait', () => {
    expect([0, 0.2, 1, 1.01, 41.5].map(retryAfterValue)).toEqual(['1', '1', '1', '2', '42']);
    for (const seconds of [0.001, 0.5, 3, 3.7, 200]) {
      expect(retryAfterMs(retryAfterValue(seconds))).toBeGreaterThanOrEqual(seconds * 1000);
    }
  });
});
