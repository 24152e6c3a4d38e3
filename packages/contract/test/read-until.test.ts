// The one wait for a lagging target (http/read-until.ts) and the one pagination walker
// (http/pages.ts), on a clock the test drives: no real time passes.
import type { PaginationInfo } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { BudgetExhausted, RequestBudget } from '../src/http/budget.js';
import { manualClock } from '../src/http/clock.js';
import type { Exchange } from '../src/http/exchange.js';
import { followPages } from '../src/http/pages.js';
import { readUntil } from '../src/http/read-until.js';

const budget = () => new RequestBudget({ maxRequests: 1_000, maxDurationMs: 60_000 });

describe('readUntil', () => {
  it('reads until a read settles, pausing as told, and says it waited', async () => {
    const clock = manualClock(0);
    const readsAt: number[] = [];
    const result = await readUntil({
      read: async () => (readsAt.push(clock.now()), clock.now()),
      settles: (at) => at >= 300,
      until: 1_000,
      pause: (attempt) => 100 * 2 ** (attempt - 1),
      clock,
      transport: { budget: budget() },
    });
    expect(readsAt).toEqual([0, 100, 300]);
    expect(result).toEqual({ value: 300, settled: true, waited: true });
  });

  /** Waits until 250 ms, pausing 100 ms, for an item that never shows; each answer takes `answerMs`. */
  const neverShows = async (answerMs: number) => {
    const clock = manualClock(0);
    const readsAt: number[] = [];
    const signal = new AbortController().signal;
    const result = await readUntil({
      read: async () => {
        readsAt.push(clock.now());
        if (answerMs > 0) await clock.sleep(answerMs, signal);
        return 'missing';
      },
      settles: () => false,
      until: 250,
      pause: () => 100,
      clock,
      transport: { budget: budget() },
    });
    return { readsAt, result };
  };

  it('ends the wait with a read sent at its end or later, and says it did not settle', async () => {
    const { readsAt, result } = await neverShows(0);
    // The third pause is cut to what is left of the wait, so the last read starts at its end.
    expect(readsAt).toEqual([0, 100, 200, 250]);
    expect(result).toEqual({ value: 'missing', settled: false, waited: true });
  });

  it('a read sent before the end whose answer came after it is followed by one more', async () => {
    const { readsAt } = await neverShows(20);
    // The read sent at 240 answered at 260, after the end: the one sent at 260 ends the wait.
    expect(readsAt).toEqual([0, 120, 240, 260]);
  });

  it('reads once when the wait is already over', async () => {
    const clock = manualClock(0);
    let reads = 0;
    const result = await readUntil({
      read: async () => ++reads,
      settles: () => false,
      until: Number.NEGATIVE_INFINITY,
      pause: () => 100,
      clock,
      transport: { budget: budget() },
    });
    expect(result).toEqual({ value: 1, settled: false, waited: false });
  });

  it('a stopped run ends a pause at once, as the budget says', async () => {
    const clock = manualClock(0);
    const stopped = budget();
    stopped.interrupt('Ctrl-C');
    await expect(
      readUntil({
        read: async () => 0,
        settles: () => false,
        until: 1_000,
        pause: () => 100,
        clock,
        transport: { budget: stopped },
      }),
    ).rejects.toBeInstanceOf(BudgetExhausted);
  });
});

describe('followPages', () => {
  const pagination: PaginationInfo = {
    operationId: 'listThings',
    items: 'items',
    pageSize: 'maxResults',
    pageSizeMinimum: 1,
    pageSizeMaximum: 10,
    pageSizeDefault: 10,
    token: 'nextToken',
    nextToken: ['paginationContext', 'nextToken'],
    filter: 'parentId',
  };
  const page = (next?: string): Exchange =>
    ({
      response: {
        status: 200,
        json: { items: [], ...(next === undefined ? {} : { paginationContext: { nextToken: next } }) },
      },
    }) as unknown as Exchange;

  it('follows each next token until the last page, asking with the token the page before gave', async () => {
    const asked: Array<string | undefined> = [];
    const chain: Record<string, string | undefined> = { start: 'a', a: 'b', b: undefined };
    const seen = [];
    for await (const p of followPages(
      pagination,
      async (token) => (asked.push(token), page(chain[token ?? 'start'])),
      10,
    ))
      seen.push(p);
    expect(asked).toEqual([undefined, 'a', 'b']);
    expect(seen).toHaveLength(3);
  });

  it('stops after maxPages even when the target keeps naming a next page', async () => {
    let count = 0;
    for await (const _ of followPages(pagination, async () => page(`t${++count}`), 4)) void _;
    expect(count).toBe(4);
  });
});
