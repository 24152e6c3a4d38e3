// What the HTTP layer hands an API implementation, and what it gets back.
import type { IncomingHttpHeaders } from 'node:http';
import type { OperationInfo } from '@roomkit/openapi';
import type { Outgoing, ResponseContext } from './faults.js';

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
  /** Headers every answer of this API carries (the request id). */
  commonHeaders(requestId: string): Record<string, string>;
  /** An error answer in this API's documented error shape. */
  error(op: OperationInfo | undefined, status: number, message: string, requestId: string): Outgoing;
  handle(req: ApiRequest): Handled;
}

/** The documented status for a situation: the preferred one if the operation documents it. */
export function documentedStatus(op: OperationInfo, preferred: number, fallback: number): number {
  return op.responses[String(preferred)] ? preferred : fallback;
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
