import { BudgetExhausted, type RequestBudget } from './budget.js';
import { type Exchange, type OutgoingRequest, parseJsonBody } from './exchange.js';
import { backoffDelayMs, type ThrottlingPolicy } from './throttling.js';

export interface RequestSpec {
  operationId?: string;
  method: string;
  /** Path relative to the base URL, already expanded (`/enterprise/.../rooms/abc`). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** JSON-serialised when `rawBody` is not given. */
  json?: unknown;
  rawBody?: string;
  /** Cleanup traffic: never refused by the budget. */
  exempt?: boolean;
}

/** Live-safety hook: returns why a request must not be sent, or nothing. */
export type RequestGuard = (request: RequestSpec) => string | undefined;

export class LiveSafetyRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LiveSafetyRefusal';
  }
}

export interface TransportOptions {
  baseUrl: string;
  budget: RequestBudget;
  throttling?: ThrottlingPolicy;
  defaultHeaders?: Record<string, string>;
  guard?: RequestGuard;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onExchange?: (exchange: Exchange) => void;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Joins the base URL and a spec path: `--base-url` replaces the server URL, the path is appended. */
export function joinUrl(baseUrl: string, path: string, query?: RequestSpec['query']): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.append(key, String(value));
  }
  return url.toString();
}

/**
 * The only way the suite talks to a target: every exchange is recorded with its duration,
 * the budget is enforced, throttling answers are retried with the documented back-off, and
 * the guard gets a veto before anything is sent.
 */
export class HttpTransport {
  readonly exchanges: Exchange[] = [];
  private seq = 0;
  throttledRetries = 0;

  constructor(private readonly options: TransportOptions) {}

  get budget(): RequestBudget {
    return this.options.budget;
  }

  async send(spec: RequestSpec): Promise<Exchange> {
    const refusal = this.options.guard?.(spec);
    if (refusal !== undefined) throw new LiveSafetyRefusal(refusal);
    const headers: Record<string, string> = { ...this.options.defaultHeaders, ...spec.headers };
    let body: string | undefined = spec.rawBody;
    if (body === undefined && spec.json !== undefined) body = JSON.stringify(spec.json);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    const request: OutgoingRequest = {
      method: spec.method.toUpperCase(),
      url: joinUrl(this.options.baseUrl, spec.path, spec.query),
      headers,
      ...(body === undefined ? {} : { body }),
    };
    const sleep = this.options.sleep ?? realSleep;
    for (let attempt = 0; ; attempt += 1) {
      const exchange = await this.once(request, spec);
      const throttling = this.options.throttling;
      if (throttling === undefined || exchange.response?.status !== throttling.status) return exchange;
      const delay = backoffDelayMs(throttling, attempt, exchange.response.headers['retry-after']);
      if (delay > this.budget.remainingMs() && spec.exempt !== true) {
        throw new BudgetExhausted(
          `throttled (${throttling.status}) and the next back-off of ${delay / 1000} s exceeds the time budget`,
        );
      }
      this.throttledRetries += 1;
      await sleep(delay);
    }
  }

  private async once(request: OutgoingRequest, spec: RequestSpec): Promise<Exchange> {
    this.budget.reserve(spec.exempt === true);
    this.seq += 1;
    const startedAt = Date.now();
    const started = performance.now();
    const exchange: Exchange = {
      seq: this.seq,
      ...(spec.operationId === undefined ? {} : { operationId: spec.operationId }),
      request,
      startedAt,
      durationMs: 0,
    };
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      const text = await response.text();
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      exchange.response = { status: response.status, headers, text, json: parseJsonBody(text) };
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      exchange.error = cause?.code ?? cause?.message ?? (error as Error).message;
    }
    exchange.durationMs = performance.now() - started;
    this.exchanges.push(exchange);
    this.options.onExchange?.(exchange);
    return exchange;
  }
}
