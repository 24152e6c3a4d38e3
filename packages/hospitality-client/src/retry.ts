// The vendor's documented throttling back-off (the generated constant `throttling` holds the
// spec's values) and the reading of Retry-After come from @roomkit/http-runtime, which the
// contract suite's transport shares.
import { backoffDelayMs, RETRY_AFTER, type ThrottlingPolicy } from '@roomkit/http-runtime';

export interface RetryOptions {
  /** Sends of one request at most, the first included (a re-send after a token refresh is not counted). Default 10. */
  maxAttempts?: number;
  /**
   * Give up, and surface the last answer, when the next wait would end more than this many
   * milliseconds after the first send. Default 10 minutes. `Infinity` with `maxAttempts: Infinity`
   * retries a 429 until the server stops throttling, as the vendor describes.
   */
  maxElapsedMs?: number;
  /** Retry 5xx answers and network failures of idempotent methods (never POST). Default true. */
  retryServerErrors?: boolean;
}

export interface RetryingFetchOptions extends RetryOptions {
  policy: ThrottlingPolicy;
  fetch: (request: Request) => Promise<Response>;
  /** Puts credentials on the request before every send; returns a promise only when it has to wait. */
  authorize?: (request: Request) => Promise<void> | undefined;
  /**
   * Asked once per request after a 401: true when fresher credentials exist, and the
   * request is re-sent (with them, through `authorize`).
   */
  refreshAfterUnauthorized?: (refused: Request) => Promise<boolean>;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A fetch that puts credentials on every send, re-sends throttled (429) requests on the
 * documented back-off, retries server errors only where re-sending cannot repeat a side
 * effect, and re-sends once after a 401 with a fresh token. Credentials live here rather
 * than in an openapi-fetch middleware because every re-send needs them again (and a client
 * without middleware skips openapi-fetch's per-call middleware bookkeeping). When the budget
 * runs out the last answer is returned as is, so the caller reports the real status.
 */
export function createRetryingFetch(options: RetryingFetchOptions): (request: Request) => Promise<Response> {
  const maxAttempts = options.maxAttempts ?? 10;
  const maxElapsedMs = options.maxElapsedMs ?? 10 * 60 * 1000;
  const retryServerErrors = options.retryServerErrors ?? true;
  const { policy } = options;

  // Sending consumes a stream body: keep the request unread so that a retry can send it again.
  // A string body (openapi-fetch's JSON, in a LightRequest) or no body can simply be re-sent.
  const sendable = (request: Request): Request =>
    request.body === null || typeof request.body === 'string' ? request : request.clone();

  const transmit = (sent: Request): Promise<Outcome> =>
    options.fetch(sent).then(
      (response) => ({ sent, response }),
      (error: unknown) => ({ sent, error }),
    );
  // A failure to get credentials is no transport failure: it propagates as is, never retried.
  const send = (sent: Request): Promise<Outcome> => {
    const authorizing = options.authorize?.(sent);
    return authorizing ? authorizing.then(() => transmit(sent)) : transmit(sent);
  };

  const isIdempotent = (request: Request) => IDEMPOTENT_METHODS.has(request.method.toUpperCase());

  /** Whether an answer is final as it is: the common case, kept free of the retry loop's cost. */
  const settled = (request: Request, outcome: Outcome): boolean =>
    outcome.response !== undefined &&
    !(outcome.response.status === 401 && options.refreshAfterUnauthorized) &&
    outcome.response.status !== policy.status &&
    !(outcome.response.status >= 500 && retryServerErrors && isIdempotent(request));

  async function retry(request: Request, startedAt: number, first: Outcome): Promise<Response> {
    const idempotent = isIdempotent(request);
    const withinBudget = (attemptsSoFar: number, delay: number) =>
      attemptsSoFar < maxAttempts && Date.now() + delay - startedAt <= maxElapsedMs;
    let outcome = first;
    let attempts = 1;
    // The documented schedule counts consecutive throttled answers; server errors keep their own count.
    let throttledRetries = 0;
    let failureRetries = 0;
    let reauthorized = false;

    for (;;) {
      const { response } = outcome;
      if (response === undefined) {
        // A network failure may come after the server acted: only idempotent requests go again.
        if (request.signal?.aborted || !idempotent || !retryServerErrors) throw outcome.error;
        const delay = backoffDelayMs(policy, failureRetries);
        if (!withinBudget(attempts, delay)) throw outcome.error;
        failureRetries += 1;
        await sleep(delay, request.signal);
      } else if (response.status === 401 && options.refreshAfterUnauthorized && !reauthorized) {
        reauthorized = true;
        if (!(await options.refreshAfterUnauthorized(outcome.sent))) return response;
        await discard(response);
        // The re-send with fresh credentials does not count against the budget.
        attempts -= 1;
      } else {
        const throttled = response.status === policy.status;
        if (!throttled && !(response.status >= 500 && idempotent && retryServerErrors)) return response;
        const delay = backoffDelayMs(
          policy,
          throttled ? throttledRetries : failureRetries,
          response.headers.get(RETRY_AFTER),
        );
        if (!withinBudget(attempts, delay)) return response;
        await discard(response);
        if (throttled) throttledRetries += 1;
        else failureRetries += 1;
        await sleep(delay, request.signal);
      }
      attempts += 1;
      outcome = await send(sendable(request));
    }
  }

  return function retryingFetch(request: Request): Promise<Response> {
    const startedAt = Date.now();
    return send(sendable(request)).then((outcome) =>
      settled(request, outcome) ? (outcome.response as Response) : retry(request, startedAt, outcome),
    );
  };
}

interface Outcome {
  sent: Request;
  response?: Response;
  error?: unknown;
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
