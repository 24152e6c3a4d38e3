import { BudgetExhausted, type RequestBudget } from './budget.js';
import { abortableSleep } from './clock.js';
import { type Exchange, type OutgoingRequest, parseJsonBody, type RecordedResponse } from './exchange.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import { retryAfterMs } from '@roomkit/http-runtime';
import { SimultaneousBatch } from './simultaneous.js';
import { backoffDelayMs, type ThrottlingPolicy } from './throttling.js';
import { AdaptiveWindow, type Outcome } from './window.js';

export { abortableSleep };

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
  /** Sends the body without Content-Type (otherwise application/json is added when none is given). */
  withoutContentType?: boolean;
  /** Sends the body in chunks without Content-Length (the body-size-limit probe of a streamed body). */
  chunked?: boolean;
}

/** What the transport reads of an answer: a fetch `Response` is one. */
export interface DispatchedResponse {
  status: number;
  headers: { forEach(callback: (value: string, name: string) => void): void };
  body: ReadableStream<Uint8Array> | null;
}

/**
 * Puts one final request on the wire and resolves with its answer's head (the body is read, capped,
 * by the transport). The default is `fetch` without following redirects; a simultaneous batch
 * (`http/simultaneous.ts`) gives its own, so its requests still pass every rule of `send`.
 */
export type Dispatch = (request: OutgoingRequest, signal: AbortSignal) => Promise<DispatchedResponse>;

export const fetchDispatch: Dispatch = (request, signal) =>
  fetch(request.url, {
    method: request.method,
    headers: request.headers,
    redirect: 'manual',
    // As bytes: fetch would label a string body text/plain, and a request sent without
    // Content-Type (the content-type-required probe) must reach the target without one.
    ...(request.body === undefined
      ? {}
      : request.chunked === true
        ? { body: chunksOf(new TextEncoder().encode(request.body)), duplex: 'half' }
        : { body: new TextEncoder().encode(request.body) }),
    signal,
  } as RequestInit);

/** The size of each piece of a body sent in chunks (a streaming client's buffer). */
const CHUNK_BYTES = 16 * 1024;

/** The bytes as a stream of pieces: fetch sends a stream without Content-Length, in chunks. */
function chunksOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + CHUNK_BYTES));
      offset += CHUNK_BYTES;
    },
  });
}

/**
 * Errors that mean the connection closed before the target answered anything: the server closed
 * (or reset) the connection, or it was gone when the request was written.
 */
const CONNECTION_DROPS = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);

/** One request on a connection of its own, opened for it and closed after it. */
const newConnectionDispatch = (): Dispatch => new SimultaneousBatch(1).dispatch(0);

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

/**
 * Counts the requests sent by the code running inside it (one property's runs, while other
 * properties send theirs through the same transport).
 */
export const requestTally: RequestTally = new AsyncLocalStorage<{ requests: number }>();

/** What of AsyncLocalStorage the tally uses: typed here, so the package's .d.ts needs no Node types. */
export interface RequestTally {
  getStore(): { requests: number } | undefined;
  run<R>(store: { requests: number }, fn: () => R): R;
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
  /**
   * The run's window (`--concurrency`, `--rate-limit`, the shared back-off); one request at a
   * time when absent.
   */
  window?: AdaptiveWindow;
  onExchange?: (exchange: Exchange) => void;
  observer?: ExchangeObserver;
  /** A request that was sent but cut short (budget, Ctrl-C) before its answer arrived. */
  onUnanswered?: (exchange: Exchange) => void;
}

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
  /** Requests sent again on a new connection after their pooled connection closed unanswered. */
  reconnects = 0;
  /** Answers cut at `maxBodyBytes`. */
  truncatedBodies = 0;

  /** The run's shared window: concurrency, rate limit and back-off. */
  readonly window: AdaptiveWindow;
  /**
   * Sees each throttled answer the transport retries, whoever sent the request (a property, or
   * the ownership read-back of a create): documented answers too, for the checks.
   */
  onRetried: ((exchange: Exchange) => void) | undefined;

  constructor(private readonly options: TransportOptions) {
    this.window =
      options.window ??
      new AdaptiveWindow({ concurrency: 1, ...(options.sleep === undefined ? {} : { sleep: options.sleep }) });
  }

  get budget(): RequestBudget {
    return this.options.budget;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  get maxBodyBytes(): number {
    return this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  /**
   * Sends one request; throws BudgetExhausted when the budget (or Ctrl-C) stops it, LiveSafetyRefusal when the guard does.
   * `dispatch` puts the first attempt on the wire (retries after throttling always use fetch).
   */
  async send(spec: RequestSpec, dispatch: Dispatch = fetchDispatch): Promise<Exchange> {
    const headers: Record<string, string> = { ...this.options.defaultHeaders, ...spec.headers };
    let body: string | undefined = spec.rawBody;
    if (body === undefined && spec.json !== undefined) body = JSON.stringify(spec.json);
    if (
      body !== undefined &&
      spec.withoutContentType !== true &&
      !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
    ) {
      headers['content-type'] = 'application/json';
    }
    const request: OutgoingRequest = {
      method: spec.method.toUpperCase(),
      url: joinUrl(this.options.baseUrl, spec.path, spec.query),
      headers,
      ...(body === undefined ? {} : { body }),
      ...(spec.chunked === true && body !== undefined ? { chunked: true } : {}),
    };
    /** The throttled answers before the final one: handed on with it, for the checks. */
    const retried: Exchange[] = [];
    let next = dispatch;
    let reconnectedAfter: string | undefined;
    for (let attempt = 0; ; attempt += 1) {
      const refusal = this.options.guard?.(request);
      if (refusal !== undefined) throw new LiveSafetyRefusal(refusal);
      const sent = next;
      next = fetchDispatch;
      const { exchange, retryInMs } = await this.once(request, spec, attempt, sent);
      if (retryInMs === undefined) {
        // A pooled keep-alive connection may be closed by the server just as a request goes out on
        // it (RFC 9112 9.3.1); a busy client sees that more often. Such a request is sent once
        // more, on a connection of its own; only a second failure is the target's answer. The
        // first attempt is handed to the ledger as unanswered, so a create it may have applied
        // is still looked for by name and cleaned up.
        if (exchange.dropped === true && sent === fetchDispatch && reconnectedAfter === undefined) {
          reconnectedAfter = exchange.error ?? 'connection closed';
          this.reconnects += 1;
          this.options.onUnanswered?.(exchange);
          next = newConnectionDispatch();
          continue;
        }
        if (reconnectedAfter !== undefined) exchange.reconnectedAfter = reconnectedAfter;
        if (retried.length > 0) exchange.retried = retried;
        await this.options.observer?.(exchange, this);
        return exchange;
      }
      retried.push(exchange);
      this.onRetried?.(exchange);
      if (retryInMs >= this.budget.remainingMs()) {
        throw new BudgetExhausted(
          `${request.method} ${new URL(request.url).pathname} kept answering ${exchange.response?.status}: the next back-off of ${retryInMs / 1000} s exceeds the ${Math.round(this.budget.remainingMs() / 1000)} s left`,
        );
      }
      // The window paused every worker for the back-off: the retry waits for that pause to end.
      this.throttledRetries += 1;
    }
  }

  /**
   * How an answer bears on the window: the spec's throttling status (retried after its back-off),
   * a 503 (its Retry-After, if any, pauses everyone; the answer is judged like any other) or a
   * timeout halve it; any other answer grows it.
   */
  private outcomeOf(exchange: Exchange, attempt: number): { outcome: Outcome; pauseMs: number; retry: boolean } {
    const response = exchange.response;
    const throttling = this.options.throttling;
    if (response === undefined)
      return {
        outcome: exchange.error?.startsWith('no complete answer') ? 'throttled' : 'none',
        pauseMs: 0,
        retry: false,
      };
    if (throttling !== undefined && response.status === throttling.status)
      return {
        outcome: 'throttled',
        pauseMs: backoffDelayMs(throttling, attempt, response.headers['retry-after']),
        retry: true,
      };
    // eslint-disable-next-line no-restricted-syntax -- 503 with Retry-After is HTTP's own back-off signal (RFC 9110 15.6.4), whatever the spec documents.
    if (response.status === 503) {
      const asked = retryAfterMs(response.headers['retry-after']);
      const pauseMs =
        asked === undefined ? 0 : throttling === undefined ? asked : Math.min(asked, throttling.maxDelaySeconds * 1000);
      return { outcome: 'throttled', pauseMs, retry: false };
    }
    return { outcome: 'answered', pauseMs: 0, retry: false };
  }

  private async once(
    request: OutgoingRequest,
    spec: RequestSpec,
    attempt: number,
    dispatch: Dispatch,
  ): Promise<{ exchange: Exchange; retryInMs?: number }> {
    // The run's own work cannot take a place (or a start of the pace) from the cleanup.
    this.budget.assertMaySend();
    let slot;
    try {
      // A member of a simultaneous batch waits only for the hard --concurrency cap, not for the
      // adaptive limit: its batch holds the others' last bytes until it is written, so a limit
      // halved below the batch's width must not keep it waiting for them.
      slot = await this.window.acquire(this.budget.signal, dispatch !== fetchDispatch);
    } catch {
      throw new BudgetExhausted(this.budget.stopped ?? 'interrupted');
    }
    let exchange: Exchange | undefined;
    try {
      exchange = await this.fetchOnce(request, spec, dispatch);
    } finally {
      if (exchange === undefined) this.window.release(slot, 'none');
    }
    const { outcome, pauseMs, retry } = this.outcomeOf(exchange, attempt);
    // A back-off longer than the time left ends the request (send says why): nobody sleeps on it.
    const pause = pauseMs < this.budget.remainingMs() ? pauseMs : 0;
    this.window.release(slot, outcome, pause, this.budget.signal);
    return retry ? { exchange, retryInMs: pauseMs } : { exchange };
  }

  private async fetchOnce(request: OutgoingRequest, spec: RequestSpec, dispatch: Dispatch): Promise<Exchange> {
    this.budget.reserve();
    const tally = requestTally.getStore();
    if (tally !== undefined) tally.requests += 1;
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
    let answered = false;
    try {
      const response = await dispatch(request, AbortSignal.any([timeout, phase]));
      answered = true;
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
        const code = cause?.code ?? (error as { code?: string }).code;
        exchange.error = code ?? cause?.message ?? (error as Error).message;
        if (!answered && code !== undefined && CONNECTION_DROPS.has(code)) exchange.dropped = true;
      }
    }
    exchange.durationMs = performance.now() - started;
    exchange.answeredAtSeq = this.seq;
    this.options.onExchange?.(exchange);
    return exchange;
  }
}
