import type { Violation } from '../checks/types.js';
import { toCurl, type Secret } from '../http/curl.js';
import type { Exchange } from '../http/exchange.js';

function scrub(text: string, secrets: readonly Secret[]): string {
  return secrets.reduce((out, s) => (s.value === '' ? out : out.split(s.value).join(`\${${s.env}}`)), text);
}

function redactExchange(exchange: Exchange, secrets: readonly Secret[]): Exchange & { curl: string } {
  const headers = Object.fromEntries(Object.entries(exchange.request.headers).map(([k, v]) => [k, scrub(v, secrets)]));
  return {
    ...exchange,
    // The curl line is built from the real request, then credentials become `${ENV}` references.
    curl: toCurl(exchange.request, secrets),
    request: { ...exchange.request, url: scrub(exchange.request.url, secrets), headers, ...(exchange.request.body === undefined ? {} : { body: scrub(exchange.request.body, secrets) }) },
  };
}

/** Reports never carry credentials: headers show `${ROOMKIT_TOKEN}`-style references instead. */
export function redactViolation(violation: Violation, secrets: readonly Secret[]): Violation {
  return {
    ...violation,
    ...(violation.exchange === undefined ? {} : { exchange: redactExchange(violation.exchange, secrets) }),
    ...(violation.context === undefined ? {} : { context: violation.context.slice(-5).map((e) => redactExchange(e, secrets)) }),
  };
}
