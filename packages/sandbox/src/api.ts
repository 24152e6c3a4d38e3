// What the HTTP layer hands an API implementation, and what it gets back.
import type { IncomingHttpHeaders } from 'node:http';
import {
  requestBodyPolicy,
  rulesOfKind,
  type OpenApiDocument,
  type OperationInfo,
  type SpecValidator,
} from '@roomkit/openapi';
import type { Outgoing, ResponseContext } from './hooks.js';

export type RequestBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  /** Unreadable as the operation's JSON: wrong content type, bad UTF-8, bad JSON. */
  | { kind: 'invalid'; message: string };

export interface ApiRequest {
  op: OperationInfo;
  params: Record<string, string | undefined>;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  body: RequestBody;
  requestId: string;
}

export interface Handled {
  out: Outgoing;
  ctx: ResponseContext;
}

export interface ApiImplementation {
  readonly doc: OpenApiDocument;
  readonly validator: SpecValidator;
  /** The headers the spec requires on every answer of this API (the request id). */
  readonly alwaysSent: readonly string[];
  /** The statuses the spec's rules declare for situations (see declaredStatuses). */
  readonly declared: DeclaredStatuses;
  /**
   * An error answer in this API's documented error shape, for any path of this API (op is
   * undefined where the request matched no operation: unknown path, undocumented method).
   */
  error(op: OperationInfo | undefined, status: number, message: string, requestId: string): Outgoing;
  handle(req: ApiRequest): Promise<Handled>;
}

/** What went wrong with a request, named as HTTP names it. */
export type Situation =
  | 'bad-request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'too-large'
  | 'server-error'
  /** The store is out of reach for now (a lost database): temporary, worth retrying. */
  | 'unavailable';

// The status HTTP gives each situation (RFC 9110, section 15), where the spec's rules declare
// none. Which of them an operation may answer is the spec's to say: see statusFor.
const HTTP_STATUS: Record<Situation, number> = {
  'bad-request': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'too-large': 413,
  'server-error': 500,
  unavailable: 503,
};

export type DeclaredStatuses = Readonly<Partial<Record<Situation, number>>>;

/**
 * The situations whose status an `x-roomkit-rules` entry of the spec declares: `authentication`
 * (unauthenticated), `gone-after-delete` (not found), `tenancy` (another organization's item:
 * its first status); and `x-roomkit-request-body` the status of a body over its size limit.
 */
export function declaredStatuses(doc: OpenApiDocument): DeclaredStatuses {
  const [authentication] = rulesOfKind(doc, 'authentication');
  const [gone] = rulesOfKind(doc, 'gone-after-delete');
  const [tenancy] = rulesOfKind(doc, 'tenancy');
  const body = requestBodyPolicy(doc);
  return {
    ...(body ? { 'too-large': body.tooLarge.status } : {}),
    ...(authentication ? { unauthenticated: authentication.status } : {}),
    ...(gone ? { 'not-found': gone.status } : {}),
    ...(tenancy?.statuses[0] !== undefined ? { forbidden: tenancy.statuses[0] } : {}),
  };
}

/**
 * The status an operation answers a situation with: the status the spec's rules declare for
 * it (else HTTP's own) when the operation documents it, else (for a client error) the
 * operation's documented bad-request status, as the vendor documents no 404 on a create whose
 * parent is unknown, and (for a server-side situation) the server error: a store out of reach
 * is a 503 only where the spec documents one (Room Retrieve), else a 500 (the hospitality API).
 * Without an operation (unknown path, undocumented method) a client error stands as is.
 */
export function statusFor(
  op: OperationInfo | undefined,
  situation: Situation,
  declared: DeclaredStatuses = {},
): number {
  const status = declared[situation] ?? HTTP_STATUS[situation];
  if (op?.responses[String(status)]) return status;
  if (status >= 500) return situation === 'server-error' ? status : statusFor(op, 'server-error', declared);
  if (op === undefined) return status;
  const fallback = HTTP_STATUS['bad-request'];
  return op.responses[String(fallback)] ? fallback : status;
}

/** The operation's one documented 2xx status. */
export function successStatus(op: OperationInfo): number {
  const ok = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
  if (ok.length !== 1)
    throw new Error(
      `${op.operationId} documents ${ok.length} success statuses (${ok.join(', ')}); the sandbox needs exactly one.`,
    );
  return Number(ok[0]);
}
