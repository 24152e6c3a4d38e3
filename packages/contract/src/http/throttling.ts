/**
 * The spec's `x-roomkit-throttling` policy ("which status means slow down, and how to back
 * off") and its back-off: `backoffDelayMs(policy, attempt, retryAfterHeader?)` is the
 * documented exponential back-off, capped at the maximum; a larger `Retry-After` wins, capped
 * too. One implementation, with the one reading of `Retry-After`, shared with the client and
 * the sandbox.
 */
export { backoffDelayMs, type ThrottlingPolicy } from '@roomkit/http-runtime';
