/** One HTTP request as roomkit sent it (or is about to send it). */
export interface OutgoingRequest {
  method: string;
  /** Absolute URL including the query string. */
  url: string;
  headers: Record<string, string>;
  /** Raw body text exactly as sent; `undefined` when the request has no body. */
  body?: string;
}

export interface RecordedResponse {
  status: number;
  /** Header names are lower-cased. */
  headers: Record<string, string>;
  /** Raw body text. */
  text: string;
  /** Parsed JSON body, or `undefined` when the body is empty or not JSON. */
  json: unknown;
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
  /** Set on exchanges in reports: a command that replays the request (credentials as `${ENV}`). */
  curl?: string;
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function mediaTypeOf(headers: Record<string, string>): string | undefined {
  const value = headers['content-type'];
  if (value === undefined) return undefined;
  return value.split(';')[0]!.trim().toLowerCase();
}
