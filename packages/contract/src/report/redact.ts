import type { Violation } from '../checks/types.js';
import { redactHeaderValue, toCurl, type Secret } from '../http/curl.js';
import type { Exchange } from '../http/exchange.js';

function redactExchange(exchange: Exchange, secrets: readonly Secret[]): Exchange & { curl: string } {
  // Credentials travel only in headers (verify never sends them in a URL or body).
  const headers = Object.fromEntries(
    Object.entries(exchange.request.headers).map(([k, v]) => [k, redactHeaderValue(v, secrets)]),
  );
  return {
    ...exchange,
    // The curl line is built from the real request, then credentials become `${ENV}` references.
    curl: toCurl(exchange.request, secrets),
    request: { ...exchange.request, headers },
  };
}

/** Reports never carry credentials: headers show `${ROOMKIT_TOKEN}`-style references instead. */
export function redactViolation(violation: Violation, secrets: readonly Secret[]): Violation {
  return {
    ...violation,
    ...(violation.exchange === undefined ? {} : { exchange: redactExchange(violation.exchange, secrets) }),
    ...(violation.context === undefined
      ? {}
      : { context: violation.context.slice(-5).map((e) => redactExchange(e, secrets)) }),
  };
}
