// The `request-id` rule kind (`x-roomkit-rules` entries such as request-id-unique): a value that
// identifies one answer (a header or a body field the entry names) is never seen on two. Its rules
// read from the spec, and an oracle that remembers the first answer carrying each value.
import { rulesOfKind, type OpenApiDocument, type RequestIdRule } from '@roomkit/openapi';
import { compactExchange, CONTEXT_TEXT_CHARS, type Exchange } from '../http/exchange.js';

/** A broken request-id rule: the rule, why, where the spec states it, and the earlier answer. */
export interface RequestIdFinding {
  readonly rule: RequestIdRule;
  readonly message: string;
  readonly location: string;
  readonly earlier: Exchange;
}

/** The spec's `request-id` rules. */
export function requestIdRules(doc: OpenApiDocument): RequestIdRule[] {
  return rulesOfKind(doc, 'request-id');
}

/** The value an answer carries for a rule (its header, or its body field), when it has one. */
function valueOf(rule: RequestIdRule, response: NonNullable<Exchange['response']>): string | undefined {
  const value =
    rule.header !== undefined
      ? response.headers[rule.header.toLowerCase()]
      : (response.json as Record<string, unknown> | undefined)?.[rule.field ?? ''];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Remembers, per rule, the first answer that carried each value, and judges every later answer
 * against them. One per run: a value seen on two answers of the run breaks the rule.
 */
export class RequestIdMemory {
  private readonly rules: readonly RequestIdRule[];
  private readonly seen = new Map<string, Exchange>();

  constructor(doc: OpenApiDocument) {
    this.rules = requestIdRules(doc);
  }

  /** The rules this answer breaks (a value an earlier answer of the run carried too). */
  observe(exchange: Exchange): RequestIdFinding[] {
    const response = exchange.response;
    if (response === undefined) return [];
    const findings: RequestIdFinding[] = [];
    for (const rule of this.rules) {
      const value = valueOf(rule, response);
      if (value === undefined) continue;
      const key = `${rule.name}\u0000${value}`;
      const earlier = this.seen.get(key);
      if (earlier === undefined) {
        this.seen.set(key, compactExchange(exchange, CONTEXT_TEXT_CHARS));
        continue;
      }
      if (earlier.seq === exchange.seq) continue;
      const what = rule.header !== undefined ? `header ${rule.header}` : `body field ${rule.field}`;
      findings.push({
        rule,
        message: `${exchange.request.method} ${new URL(exchange.request.url).pathname} answered ${response.status} with ${what} ${JSON.stringify(value)}, which the answer to request #${earlier.seq} (${earlier.request.method} ${new URL(earlier.request.url).pathname}) carried too: it does not identify one request`,
        location: `#/x-roomkit-rules/${rule.name}`,
        earlier,
      });
    }
    return findings;
  }
}
