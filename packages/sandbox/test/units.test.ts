// Small modules on their own: the token bucket and the pagination tokens.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { PageTokens } from '../src/page-tokens.js';
import { TokenBuckets } from '../src/throttle.js';

describe('TokenBuckets', () => {
  it('allows a burst, then one request per refill interval, per caller', () => {
    let now = 0;
    const buckets = new TokenBuckets({ ratePerSecond: 2, burst: 3 }, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBeCloseTo(0.5);
    expect(buckets.take('b')).toBe(0);
    now = 499;
    expect(buckets.take('a')).toBeGreaterThan(0);
    now = 1000;
    expect(buckets.take('a')).toBe(0);
    now = 100_000;
    expect([0, 1, 2, 3].map(() => buckets.take('a'))).toEqual([0, 0, 0, expect.any(Number)]);
  });

  it('refuses nonsense settings, naming them', () => {
    expect(() => new TokenBuckets({ ratePerSecond: 0, burst: 1 })).toThrow(/ratePerSecond/);
    expect(() => new TokenBuckets({ ratePerSecond: 1, burst: 0 })).toThrow(/burst/);
  });
});

describe('PageTokens', () => {
  const tokens = new PageTokens(randomBytes(32));

  it('round-trips the position for the same list and filter', () => {
    expect(tokens.read(tokens.issue('listRooms', 'rt-1', 42), 'listRooms', 'rt-1')).toEqual({
      ok: true,
      afterSeq: 42,
      served: 0,
    });
  });

  it('tells foreign tokens from malformed ones', () => {
    const token = tokens.issue('listRooms', 'rt-1', 42);
    expect(tokens.read(token, 'listRooms', 'rt-2')).toMatchObject({ ok: false, problem: 'foreign' });
    expect(tokens.read(token, 'listRoomTypes', 'rt-1')).toMatchObject({ ok: false, problem: 'foreign' });
    const [payload, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ o: 'listRooms', f: 'rt-1', s: 0 })).toString('base64url');
    for (const bad of [
      '',
      '.',
      'abc',
      `${forged}.${mac}`,
      `${payload}.`,
      `${payload}.${mac}x`,
      `${payload}x.${mac}`,
      'x'.repeat(5000),
    ]) {
      expect(tokens.read(bad, 'listRooms', 'rt-1'), bad.slice(0, 40)).toEqual({ ok: false, problem: 'malformed' });
    }
    expect(new PageTokens(randomBytes(32)).read(token, 'listRooms', 'rt-1')).toEqual({
      ok: false,
      problem: 'malformed',
    });
  });
});
