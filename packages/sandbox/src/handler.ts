// The sandbox's one request handler: match the request to an operation (router.ts), read and
// bound its body, throttle, let the API implementation answer, check the answer against the spec,
// wait for the writes it rests on, apply the fault hooks, write it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RETRY_AFTER, retryAfterValue } from '@roomkit/http-runtime';
import { documentedResponse, type OperationInfo } from '@roomkit/openapi';
import { statusFor, type ApiImplementation, type RequestBody, type Situation } from './api.js';
import { answerProblems } from './conformance.js';
import type { Credentials } from './credentials.js';
import type { Hooks, Outgoing, ResponseContext } from './hooks.js';
import { acceptsContentType, headerValue, parseJson, parseQuery, readBody, writeResponse } from './http-io.js';
import { requestId as newRequestId } from './ids.js';
import { lwaToken } from './lwa.js';
import type { Match, Router } from './router.js';
import { StoreUnavailableError, type RateLimiter, type Store } from './store.js';

export const MAX_URL_LENGTH = 8 * 1024;
/**
 * The wait a store out of reach asks for (Retry-After): the pool reconnects on the next request,
 * so a second later is as good a time as any to try again.
 */
const STORE_RETRY_SECONDS = 1;
/** The header a 405 lists the documented methods in (RFC 9110 section 10.2.1). */
const ALLOW = 'Allow';

export interface Throttle {
  /** Present when throttling is on (`--throttle`); the hooks may throttle without it. */
  buckets?: RateLimiter;
  /** The spec's throttling status (`x-roomkit-throttling`). */
  status: number;
}

export interface HandlerOptions {
  router: Router;
  store: Store;
  credentials: Credentials;
  hooks: Hooks;
  bodyLimit: number;
  validateResponses: boolean;
  /** Per API whose spec states a throttling policy. */
  throttles: ReadonlyMap<ApiImplementation, Throttle>;
  log: (line: string) => void;
  /** Where answers the sandbox found non-conforming (and replaced with a 500) are collected. */
  conformanceProblems: string[];
}

type OperationMatch = Extract<Match, { kind: 'operation' }>;

/** An error in the shape of the API a path belongs to; a plain `{ message }` where no API owns it. */
function errorAt(
  api: ApiImplementation | undefined,
  op: OperationInfo | undefined,
  situation: Situation,
  message: string,
  requestId: string,
): Outgoing {
  const status = statusFor(op, situation);
  return api ? api.error(op, status, message, requestId) : { status, headers: {}, body: { message } };
}

function splitUrl(url: string): { path: string; search: string | undefined } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, search: undefined } : { path: url.slice(0, q), search: url.slice(q + 1) };
}

export function createRequestHandler(o: HandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const requestId = newRequestId();
    serve(o, req, res, requestId).catch((e: unknown) => {
      // The database out of reach (a replica of a shared sandbox losing PostgreSQL, a SQLite file
      // another process locks): the operation's documented answer to it (statusFor: a 503 with
      // Retry-After where documented, else a 500), with the request id; the next request tries again.
      const unavailable = e instanceof StoreUnavailableError;
      o.log(
        unavailable
          ? `[sandbox] ${req.method} ${req.url} (request ${requestId}): ${e.message}`
          : `[sandbox] unexpected error on ${req.method} ${req.url}: ${(e as Error)?.stack ?? String(e)}`,
      );
      if (res.headersSent) return void res.destroy();
      const path = splitUrl(req.url ?? '/').path;
      const match = o.router.match(req.method ?? 'GET', path);
      const [api, op] = match.kind === 'operation' ? [match.api, match.op] : [o.router.apiAt(path), undefined];
      const message = unavailable ? e.message : 'Internal error in the sandbox.';
      const out = errorAt(api, op, unavailable ? 'unavailable' : 'server-error', message, requestId);
      writeResponse(res, op ? withRetryAfter(op, out, STORE_RETRY_SECONDS) : out);
    });
  };
}

async function serve(o: HandlerOptions, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  const url = req.url ?? '/';
  const method = req.method ?? 'GET';
  const { path, search } = splitUrl(url);
  if (url.length > MAX_URL_LENGTH) {
    req.resume();
    const message = `The request URL is longer than ${MAX_URL_LENGTH} characters.`;
    return writeResponse(res, errorAt(o.router.apiAt(path), undefined, 'bad-request', message, requestId));
  }
  const match = o.router.match(method, path);
  switch (match.kind) {
    case 'token':
      return serveToken(o, req, res);
    case 'access-token': {
      req.resume();
      const { out, problems } = await match.issuer.answer(req.headers);
      for (const problem of problems) {
        o.conformanceProblems.push(problem);
        o.log(`[sandbox] non-conforming answer: ${problem}`);
      }
      return writeResponse(res, out);
    }
    case 'operation':
      return serveOperation(o, req, res, match, search, requestId);
    case 'method-not-allowed': {
      req.resume();
      const message = `${method} is not documented for ${path}; its documented methods are ${match.allow.join(', ')}.`;
      const out = errorAt(match.api, undefined, 'method-not-allowed', message, requestId);
      return writeResponse(
        res,
        o.hooks.undocumentedAnswer(
          { ...out, headers: { ...out.headers, [ALLOW]: match.allow.join(', ') } },
          { kind: 'method', method, path, allow: match.allow },
        ),
      );
    }
    case 'unknown':
      req.resume();
      return writeResponse(
        res,
        o.hooks.undocumentedAnswer(
          errorAt(match.api, undefined, 'not-found', `No operation at ${method} ${path}.`, requestId),
          { kind: 'path', method, path },
        ),
      );
  }
}

async function serveToken(o: HandlerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const read = await readBody(req, o.bodyLimit);
  const out =
    read.kind === 'too-large'
      ? {
          status: statusFor(undefined, 'too-large'),
          headers: {},
          body: { error: 'invalid_request', error_description: `The body exceeds ${o.bodyLimit} bytes.` },
        }
      : await lwaToken(
          o.credentials,
          headerValue(req.headers, 'content-type'),
          read.kind === 'ok' ? read.raw : undefined,
        );
  await o.store.settled();
  writeResponse(res, out);
}

async function readRequestBody(
  o: HandlerOptions,
  req: IncomingMessage,
  op: OperationInfo,
): Promise<RequestBody | 'too-large'> {
  const declared = op.requestBody;
  if (!declared) {
    req.resume();
    return { kind: 'none' };
  }
  const read = await readBody(req, o.hooks.bodyLimit(o.bodyLimit));
  if (read.kind === 'too-large') return 'too-large';
  if (read.kind === 'none') return { kind: 'none' };
  const contentType = headerValue(req.headers, 'content-type');
  const accepted = acceptsContentType(contentType, declared.contentTypes);
  const media = contentType?.split(';')[0]!.trim().toLowerCase();
  const answer = accepted ? 'read-as-json' : o.hooks.undocumentedContentType('refuse', media);
  if (answer === 'server-error')
    throw new Error(
      `The request's Content-Type ${JSON.stringify(contentType ?? '')} broke the body parser (a fault of the catalogue).`,
    );
  if (answer === 'refuse') {
    return {
      kind: 'invalid',
      message: `Content-Type must be ${declared.contentTypes.join(' or ')} (got ${JSON.stringify(contentType ?? '')}).`,
    };
  }
  const parsed = parseJson(read.raw, o.hooks.loneSurrogate('refuse'));
  if (!parsed.ok && o.hooks.malformedBody('refuse') === 'server-error') throw new Error(parsed.message);
  return parsed.ok ? { kind: 'json', value: parsed.value } : { kind: 'invalid', message: parsed.message };
}

/** The answer, with the wait in Retry-After where the spec documents that header for its status. */
function withRetryAfter(op: OperationInfo, out: Outgoing, waitSeconds: number): Outgoing {
  const documented = Object.keys(documentedResponse(op, out.status)?.headers ?? {});
  if (documented.some((h) => h.toLowerCase() === RETRY_AFTER.toLowerCase()))
    out.headers[RETRY_AFTER] = retryAfterValue(waitSeconds);
  return out;
}

/** The throttled answer, with the wait in Retry-After where the spec documents that header. */
function throttled(api: ApiImplementation, op: OperationInfo, status: number, waitSeconds: number, requestId: string) {
  return withRetryAfter(op, api.error(op, status, 'Rate exceeded.', requestId), waitSeconds);
}

async function serveOperation(
  o: HandlerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  match: OperationMatch,
  search: string | undefined,
  requestId: string,
): Promise<void> {
  const { api, op } = match;
  const host = headerValue(req.headers, 'host');
  const origin = host === undefined ? {} : { origin: `http://${host}` };
  let ctx: ResponseContext = {
    operationId: op.operationId,
    action: 'early',
    documented: Object.keys(op.responses),
    alwaysSent: api.alwaysSent,
    ...origin,
  };
  let out: Outgoing;
  const throttle = o.throttles.get(api);
  const bucketWait = throttle?.buckets
    ? await throttle.buckets.take(headerValue(req.headers, 'authorization') ?? req.socket.remoteAddress ?? '')
    : 0;
  const wait = throttle ? o.hooks.throttleSeconds(bucketWait, { operationId: op.operationId }) : 0;
  if (throttle && wait > 0) {
    req.resume();
    out = throttled(api, op, throttle.status, wait, requestId);
    ctx.reason = 'throttled';
  } else {
    const body = await readRequestBody(o, req, op);
    if (body === 'too-large') {
      res.setHeader('Connection', 'close');
      out = api.error(
        op,
        statusFor(op, 'too-large', api.declared),
        `The request body exceeds ${o.bodyLimit} bytes.`,
        requestId,
      );
    } else {
      const query = search === undefined ? (Object.create(null) as Record<string, string>) : parseQuery(search);
      const handled = await api.handle({ op, params: match.params, query, headers: req.headers, body, requestId });
      out = handled.out;
      ctx = { ...handled.ctx, ...origin };
    }
  }
  // Whatever this answer says may rest on writes of this turn: send it once they are committed.
  await o.store.settled();
  writeResponse(res, o.hooks.response(conform(o, api, op, out, requestId), ctx));
}

/** Checks an answer against the spec; a non-conforming one becomes a 500 and is reported. */
function conform(o: HandlerOptions, api: ApiImplementation, op: OperationInfo, out: Outgoing, requestId: string) {
  if (!o.validateResponses) return out;
  const problems = answerProblems(api.validator, op, out);
  if (problems.length === 0) return out;
  const line = `${op.operationId} ${out.status}: ${problems.join('; ')}`;
  o.conformanceProblems.push(line);
  o.log(`[sandbox] non-conforming answer replaced by 500: ${line}`);
  return api.error(
    op,
    statusFor(op, 'server-error'),
    'The sandbox produced an answer that does not conform to the spec.',
    requestId,
  );
}
