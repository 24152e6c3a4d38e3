/**
 * The throttling back-off every roomkit HTTP caller follows, and the one reading (and writing)
 * of `Retry-After`. The numbers come from the spec's `x-roomkit-throttling`; nothing here
 * restates them.
 */
export interface ThrottlingPolicy {
  /** The status that means "slow down". */
  readonly status: number;
  readonly initialDelaySeconds: number;
  readonly multiplier: number;
  readonly maxDelaySeconds: number;
}

/** The header a server names its wait in (RFC 9110 section 10.2.3). */
export const RETRY_AFTER = 'Retry-After';

/**
 * `Retry-After` as a wait in milliseconds: delta-seconds or an HTTP-date (a date in the past
 * is no wait); undefined when absent or unreadable, so the caller falls back to the schedule.
 */
export function retryAfterMs(header: string | null | undefined, now: number = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Every HTTP-date form names its month; without that, Date.parse would read "1.5" as a date.
  if (!/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry number `retryIndex` (0-based): the documented schedule (initial delay,
 * multiplied per retry, capped at the maximum and then repeated). A `Retry-After` longer than
 * that wins, because the server knows better, but never beyond the documented maximum; a
 * shorter one does not shorten the documented wait.
 */
export function backoffDelayMs(
  policy: ThrottlingPolicy,
  retryIndex: number,
  retryAfter?: string | null,
  now: number = Date.now(),
): number {
  const cap = policy.maxDelaySeconds * 1000;
  const documented = Math.min(policy.initialDelaySeconds * policy.multiplier ** retryIndex * 1000, cap);
  const asked = retryAfterMs(retryAfter, now);
  return asked === undefined ? documented : Math.max(documented, Math.min(asked, cap));
}

/**
 * The `Retry-After` value a server sends for a wait of `seconds`: whole delta-seconds, rounded
 * up, and at least 1 so that a client never reads it as "retry at once".
 */
export function retryAfterValue(seconds: number): string {
  return String(Math.max(1, Math.ceil(seconds)));
}
