/** The spec's `x-roomkit-throttling` policy: which status means "slow down" and how to back off. */
export interface ThrottlingPolicy {
  status: number;
  initialDelaySeconds: number;
  multiplier: number;
  maxDelaySeconds: number;
}

/**
 * Delay before retry number `attempt` (0-based): the documented exponential back-off,
 * capped at the maximum, then repeated at the maximum until a non-throttled answer.
 * A larger `Retry-After` from the server wins, because it knows better.
 */
export function backoffDelayMs(policy: ThrottlingPolicy, attempt: number, retryAfterHeader?: string): number {
  const documented = Math.min(policy.initialDelaySeconds * policy.multiplier ** attempt, policy.maxDelaySeconds);
  const retryAfter = retryAfterHeader === undefined ? Number.NaN : Number(retryAfterHeader);
  const seconds = Number.isFinite(retryAfter)
    ? Math.max(documented, Math.min(retryAfter, policy.maxDelaySeconds))
    : documented;
  return seconds * 1000;
}
