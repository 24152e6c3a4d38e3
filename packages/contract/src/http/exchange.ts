/** One HTTP request as roomkit sent it (or is about to send it). */
export interface OutgoingRequest {
  method: string;
  /** Absolute URL including the query string. */
  url: string;
  headers: Record<string, string>;
  /** Raw body text exactly as sent; `undefined` when the request has no body. */
  body?: string;
  /** The body goes in chunks without Content-Length (`Transfer-Encoding: chunked`), as a streaming client sends it. */
  chunked?: boolean;
}

export interface RecordedResponse {
  status: number;
  /** Header names are lower-cased. */
  headers: Record<string, string>;
  /** Raw body text. */
  text: string;
  /** Parsed JSON body, or `undefined` when the body is empty or not JSON. */
  json: unknown;
  /** Size of the body in bytes as far as it was read. */
  bytes: number;
  /** Set when the body was longer than `--max-body`: reading stopped there and the connection was dropped. */
  truncatedAt?: number;
  /** Set when `text` was shortened to keep memory bounded (the exchange is kept for a report). */
  clipped?: boolean;
}

/** A request/response pair with timing; `error` is set when no response arrived. */
export interface Exchange {
  seq: number;
  operationId?: string;
  request: OutgoingRequest;
  response?: RecordedResponse;
  error?: string;
  startedAt: number;
  durationMs: number;
  /**
   * The seq of the last request sent when this answer arrived: every request with a higher seq
   * was sent knowing it (with requests in flight together, answers arrive out of seq order).
   */
  answeredAtSeq?: number;
  /** Set on exchanges in reports: a command that replays the request (credentials as `${ENV}`). */
  curl?: string;
  /**
   * Earlier attempts of the same request that the transport retried (throttled answers), oldest
   * first: documented answers too, so the checks judge them like any other.
   */
  retried?: Exchange[];
  /**
   * Set when the connection closed before any answer's status line arrived (a server closing an
   * idle keep-alive connection just as the request went out, or a crash): the transport sends such
   * a request once more on a new connection.
   */
  dropped?: boolean;
  /** On the answer of that second attempt: what ended the first one (`UND_ERR_SOCKET`...). */
  reconnectedAfter?: string;
  /** On an acknowledged create: whether the id it answered is verifiably this run's (see safety/ownership.ts). */
  ownership?: Ownership;
}

/**
 * What the run concluded about the id a create answered. `own`: not seen before, and reading it
 * back shows what the run sent; `foreign`: seen before or reading it back shows something else;
 * `unverified`: it could not be read back within the consistency wait.
 */
export interface Ownership {
  verdict: 'own' | 'foreign' | 'unverified';
  id: string | undefined;
  reason?: string;
  /** The read-back that decided it (the created resource as the target shows it). */
  readBack?: Exchange;
  /** When the answered id was not the run's: the id of the run's real resource, found by its name. */
  recoveredId?: string;
}

/** Bodies kept in reports are clipped: an exchange in a report needs its start, not megabytes. */
export const KEPT_TEXT_CHARS = 16_384;
/** Earlier exchanges of a violation (its setup) keep less: their requests matter, not their answers. */
export const CONTEXT_TEXT_CHARS = 2_048;

/** A copy of an exchange fit to be kept after its checks ran: bounded text, a parsed body only when small. */
export function compactExchange(exchange: Exchange, chars = KEPT_TEXT_CHARS): Exchange {
  const response = exchange.response;
  const { ownership, ...rest } = exchange;
  const kept: Exchange = {
    ...rest,
    ...(ownership === undefined
      ? {}
      : {
          ownership: {
            ...ownership,
            ...(ownership.readBack === undefined ? {} : { readBack: compactExchange(ownership.readBack, chars) }),
          },
        }),
  };
  if (response === undefined) return kept;
  const clipped = response.text.length > chars;
  return {
    ...kept,
    response: {
      ...response,
      text: clipped ? response.text.slice(0, chars) : response.text,
      json: clipped ? undefined : response.json,
      ...(clipped ? { clipped: true } : {}),
    },
  };
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON object body (a request's or a response's text), or undefined when it is not one. */
export function jsonObjectOf(text: string | undefined): Record<string, unknown> | undefined {
  const value = text === undefined ? undefined : parseJsonBody(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function mediaTypeOf(headers: Record<string, string>): string | undefined {
  const value = headers['content-type'];
  if (value === undefined) return undefined;
  return value.split(';')[0]!.trim().toLowerCase();
}
