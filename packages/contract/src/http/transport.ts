import { BudgetExhausted, type RequestBudget } from './budget.js';
import { abortableSleep } from './clock.js';
import { type Exchange, type OutgoingRequest, parseJsonBody, type RecordedResponse } from './exchange.js';
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
}

/** Live-safety veto on the final request: returns why it must not be sent, or nothing. */
export type RequestGuard = (request: OutgoingRequest) => string | undefined;

/** Runs after every exchange, before `send` returns it (ledger keeping, ownership checks). */
export type ExchangeObserver = (exchange: Exchange, transport: HttpTransport) => Promise<void> | void;

export class LiveSafetyRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LiveSafetyRefusal';
  }
}

/** Default cap on a response body (`--max-body`). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Longest wait for one answer, before the time budget clamps it. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface TransportOptions {
  baseUrl: string;
  budget: RequestBudget;
  throttling?: ThrottlingPolicy;
  defaultHeaders?: Record<string, string>;
  guard?: RequestGuard;
  timeoutMs?: number;
  /** Bodies longer than this are cut there and the connection dropped. */
  maxBodyBytes?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  onExchange?: (exchange: Exchange) => void;
  observer?: ExchangeObserver;
  /** A request that was sent but cut short (budget, Ctrl-C) before its answer arrived. */
  onUnanswered?: (exchange: Exchange) => void;
}
export { abortableSleep };

/** Joins the base URL and a spec path: `--base-url` replaces the server URL, the path is appended. */
export function joinUrl(baseUrl: string, path: string, query?: RequestSpec['query']): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.append(key, String(value));
  }
  return url.toString();
}

/** Reads a body up to `limit` bytes; beyond it the stream is cancelled, which drops the connection. */
async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<{ text: string; bytes: number; truncatedAt?: number }> {
  if (body === null) return { text: '', bytes: 0 };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes + value.byteLength > limit) {
      chunks.push(value.subarray(0, limit - bytes));
      bytes = limit;
      await reader.cancel().catch(() => {});
      return { text: Buffer.concat(chunks).toString('utf8'), bytes, truncatedAt: limit };
    }
    chunks.push(value);
    bytes += value.byteLength;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), bytes };
}

/**
 * The only way the suite talks to a target, and where every live-safety rule is enforced once:
 * the guard vetoes the final request before anything is sent (and again before each retry); no
 * redirect is ever followed (a 3xx is an answer, checked like any other); bodies are read up to
 * `maxBodyBytes`; no request waits longer than the time left in the budget's current phase;
 * throttling answers are retried with the spec's back-off only while it fits in that time; and
 * the observer sees every exchange before the caller does.
 */
export class HttpTransport {
  private seq = 0;
  throttledRetries = 0;
  /** Answers cut at `maxBodyBytes`. */
  truncatedBodies = 0;

  constructor(private readonly options: TransportOptions) {}

  get budget(): RequestBudget {
    return this.options.budget;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  get maxBodyBytes(): number {
    return this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  /** Sends one request; throws BudgetExhausted when the budget (or Ctrl-C) stops it, LiveSafetyRefusal when the guard does. */
  async send(spec: RequestSpec): Promise<Exchange> {
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
    const sleep = this.options.sleep ?? abortableSleep;
    /** The throttled answers before the final one: handed on with it, for the checks. */
    const retried: Exchange[] = [];
    for (let attempt = 0; ; attempt += 1) {
      const refusal = this.options.guard?.(request);
      if (refusal !== undefined) throw new LiveSafetyRefusal(refusal);
      const exchange = await this.once(request, spec);
      const throttling = this.options.throttling;
      if (throttling === undefined || exchange.response?.status !== throttling.status) {
        if (retried.length > 0) exchange.retried = retried;
        await this.options.observer?.(exchange, this);
        return exchange;
      }
      retried.push(exchange);
      const delay = backoffDelayMs(throttling, attempt, exchange.response.headers['retry-after']);
      if (delay >= this.budget.remainingMs()) {
        throw new BudgetExhausted(
          `${request.method} ${new URL(request.url).pathname} kept answering ${throttling.status}: the next back-off of ${delay / 1000} s exceeds the ${Math.round(this.budget.remainingMs() / 1000)} s left`,
        );
      }
      this.throttledRetries += 1;
      try {
        await sleep(delay, this.budget.signal);
      } catch {
        throw new BudgetExhausted(this.budget.stopped ?? 'interrupted');
      }
    }
  }

  private async once(request: OutgoingRequest, spec: RequestSpec): Promise<Exchange> {
    this.budget.reserve();
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
    const limit = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const left = this.budget.remainingMs();
    const clamped = left < limit;
    const timeout = AbortSignal.timeout(Math.max(1, Math.min(limit, left)));
    const phase = this.budget.signal;
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        redirect: 'manual',
        ...(request.body === undefined ? {} : { body: request.body }),
        signal: AbortSignal.any([timeout, phase]),
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      const read = await readCapped(response.body, this.maxBodyBytes);
      const recorded: RecordedResponse = {
        status: response.status,
        headers,
        text: read.text,
        json: undefined,
        bytes: read.bytes,
      };
      if (read.truncatedAt !== undefined) {
        recorded.truncatedAt = read.truncatedAt;
        this.truncatedBodies += 1;
      } else {
        recorded.json = parseJsonBody(read.text);
      }
      exchange.response = recorded;
    } catch (error) {
      if (phase.aborted || (timeout.aborted && clamped)) {
        const stop = phase.aborted ? new BudgetExhausted(this.budget.stopped ?? 'interrupted') : this.budget.timeUp();
        this.options.onUnanswered?.({ ...exchange, error: stop.reason, durationMs: performance.now() - started });
        throw stop;
      }
      if (timeout.aborted) {
        exchange.error = `no complete answer within ${Math.round(limit / 1000)} s`;
      } else {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        exchange.error = cause?.code ?? cause?.message ?? (error as Error).message;
      }
    }
    exchange.durationMs = performance.now() - started;
    this.options.onExchange?.(exchange);
    return exchange;
  }
}
