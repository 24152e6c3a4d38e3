// A token bucket per caller: each request takes one token; tokens refill continuously. This is
// the in-memory form (one process); the PostgreSQL store keeps the same buckets in a table.
import { checkThrottleOptions, type ThrottleOptions } from './store.js';

export type { ThrottleOptions } from './store.js';

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: ThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {
    checkThrottleOptions(options);
  }

  /** 0 when the request may proceed, otherwise the seconds to wait before a token is free. */
  take(caller: string): number {
    const now = this.now();
    let bucket = this.buckets.get(caller);
    if (!bucket) {
      if (this.buckets.size > 10_000) this.buckets.clear(); // bound memory under a flood of made-up tokens
      bucket = { tokens: this.options.burst, updatedMs: now };
      this.buckets.set(caller, bucket);
    }
    const refill = ((now - bucket.updatedMs) / 1000) * this.options.ratePerSecond;
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + refill);
    bucket.updatedMs = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (1 - bucket.tokens) / this.options.ratePerSecond;
  }
}
