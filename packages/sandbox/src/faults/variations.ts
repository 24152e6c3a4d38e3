// Legitimate vendor variations: answers a conforming vendor may give, which the contract suite
// must accept. Each is a tolerance the spec names (`x-roomkit-tolerances`, with what allows it).
// Adding one: the tolerance in the spec(s) it applies to, one entry here, and a probe in
// test/faults.test.ts; the contract suite's conforming test then runs it.
import { objectAt, readPath } from '@roomkit/http-runtime';
import type { Outgoing, Perturbation, ResponseContext } from '../hooks.js';
import type { VariationDefinition } from './definition.js';
import { addExtraFields, isJsonObject, isLastListPage, isSuccess, withBody } from './edits.js';

/** How many requests a throttling variation lets through between two 429s, and how many it throttles. */
export const THROTTLE_EVERY = 40;
export const THROTTLE_AT_MOST = 3;
/** The read-after-write lag: well inside the verifier's default patience (--consistency-wait, 2 s). */
export const READ_LAG_MS = 80;

/** A bounded, deterministic throttle: request number k·THROTTLE_EVERY answers 429, at most THROTTLE_AT_MOST times. */
export function everyNthThrottled(retryAfter: boolean): () => Perturbation {
  return () => {
    let seen = 0;
    let throttled = 0;
    return {
      throttleSeconds: (seconds) => {
        if (seconds > 0) return seconds;
        seen += 1;
        if (seen % THROTTLE_EVERY !== 0 || throttled >= THROTTLE_AT_MOST) return 0;
        throttled += 1;
        return 1;
      },
      ...(retryAfter
        ? {}
        : {
            response: (res: Outgoing, ctx: ResponseContext) => {
              if (ctx.reason !== 'throttled') return res;
              const headers = { ...res.headers };
              for (const name of Object.keys(headers)) if (name.toLowerCase() === 'retry-after') delete headers[name];
              return { ...res, headers };
            },
          }),
    };
  };
}

/** Sets the next token of the last page of a list to `value` (a "no more results" the spec allows). */
function lastPageToken(value: null | ''): NonNullable<Perturbation['response']> {
  return (res, ctx) =>
    isLastListPage(res, ctx)
      ? withBody(res, (b) => {
          const path = ctx.list!.nextToken;
          if (isJsonObject(b)) objectAt(b, path.slice(0, -1))[path[path.length - 1]!] = value;
        })
      : res;
}

/** The answer with every header name rewritten (header names are case-insensitive). */
function renameHeaders(res: Outgoing, rename: (name: string) => string): Outgoing {
  return { ...res, headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [rename(k), v])) };
}

/** Sets the Content-Type of an answer with a body. */
function withContentType(res: Outgoing, type: string): Outgoing {
  if (res.body === undefined) return res;
  const headers = Object.fromEntries(Object.entries(res.headers).filter(([k]) => k.toLowerCase() !== 'content-type'));
  return { ...res, headers: { ...headers, 'Content-Type': type } };
}

/** An error answer of the hospitality API (its `{ message }` body). */
function isHospitalityError(res: Outgoing, ctx: ResponseContext): boolean {
  return res.status >= 400 && ctx.action !== 'retrieve' && isJsonObject(res.body) && !('Status' in res.body);
}

/** The body serialised by the variation (the sandbox writes a string body as it is). */
function serialised(res: Outgoing, stringify: (body: unknown) => string): Outgoing {
  return res.body === undefined || typeof res.body === 'string' ? res : { ...res, body: stringify(res.body) };
}

export const variations = {
  'empty-list-404': {
    description: 'An empty list answers 404 with an error body instead of 200 with an empty array.',
    perturb: {
      response: (res, ctx) => {
        if (ctx.action !== 'list' || !isSuccess(res) || !ctx.list) return res;
        const items = readPath(res.body, [ctx.list.items]);
        return Array.isArray(items) && items.length === 0 && ctx.documented.includes('404')
          ? { ...res, status: 404, body: { message: 'No items were found.' } }
          : res;
      },
    },
  },
  'last-page-null-token': {
    description: 'The last page carries paginationContext.nextToken: null.',
    perturb: { response: lastPageToken(null) },
  },
  'last-page-no-pagination-context': {
    description: 'The last page omits paginationContext altogether (the default sends an empty one).',
    perturb: {
      response: (res, ctx) =>
        isLastListPage(res, ctx) && ctx.list!.nextToken.length > 1
          ? withBody(res, (b) => {
              if (isJsonObject(b)) delete b[ctx.list!.nextToken[0]!];
            })
          : res,
    },
  },
  'extra-response-fields': {
    description: 'Every response object carries fields the spec does not declare.',
    perturb: { response: (res) => (res.body === undefined ? res : withBody(res, addExtraFields)) },
  },
  'foreign-resource-404': {
    description: "Another organization's resource answers 404 instead of 403.",
    perturb: {
      response: (res, ctx) =>
        res.status === 403 && ctx.reason === 'foreign' && ctx.documented.includes('404')
          ? { ...res, status: 404, body: { message: 'The requested resource was not found.' } }
          : res,
    },
  },
  'last-page-empty-token': {
    description: 'The last page carries paginationContext.nextToken: "" (an empty token, which cannot be sent back).',
    perturb: { response: lastPageToken('') },
  },
  'short-pages-with-token': {
    description: 'Pages that more results follow hold about half of maxResults, and still carry a nextToken.',
    perturb: {
      pageCut: (cut, { rows }) => {
        if (cut.cursor === undefined || cut.take < 2) return cut;
        const take = Math.ceil(cut.take / 2);
        return { take, cursor: rows[take - 1]!.seq };
      },
    },
  },
  'full-last-page-with-token': {
    description:
      'A vendor that does not look ahead: a full last page (maxResults items) still carries a nextToken, and the page it leads to is empty and has none.',
    perturb: {
      pageCut: (cut, { rows, size }) =>
        cut.cursor === undefined && cut.take === size && cut.take > 0
          ? { ...cut, cursor: rows[cut.take - 1]!.seq }
          : cut,
    },
  },
  'items-in-other-order': {
    description: "Every list page, and Room Retrieve's Data, lists its items in reverse order.",
    perturb: {
      response: (res, ctx) =>
        ctx.action === 'list' && isSuccess(res) && ctx.list
          ? withBody(res, (b) => {
              const items = isJsonObject(b) ? b[ctx.list!.items] : undefined;
              if (Array.isArray(items)) items.reverse();
            })
          : res,
      hotelUnits: (units) => (units === undefined ? units : [...units].reverse()),
    },
  },
  'read-after-write-lag': {
    description: `A created or updated item shows in get and list only ${READ_LAG_MS} ms after the write was acknowledged (before that: absent, or its old fields).`,
    perturb: { readLagMs: () => READ_LAG_MS },
  },
  'absolute-location': {
    description: 'The Location of a create is an absolute URL (scheme and host) instead of a path.',
    perturb: {
      response: (res, ctx) => {
        const location = res.headers['Location'];
        return location?.startsWith('/') && ctx.origin
          ? { ...res, headers: { ...res.headers, Location: `${ctx.origin}${location}` } }
          : res;
      },
    },
  },
  'unit-ids-other-length': {
    description:
      'New unit ids have a longer upper-case alphanumeric tail than the samples (the pattern sets no length).',
    perturb: { unitId: (id) => `${id}${id.slice(-12)}Z9` },
  },
  'json-charset': {
    description: 'JSON bodies are sent as application/json; charset=utf-8.',
    perturb: { response: (res) => withContentType(res, 'application/json; charset=utf-8') },
  },
  'media-type-parameters': {
    description:
      'JSON bodies are sent as Application/JSON;Charset="UTF-8";v=1 (other case, quoted and extra parameters).',
    perturb: { response: (res) => withContentType(res, 'Application/JSON;Charset="UTF-8";v=1') },
  },
  'header-name-case': {
    description: 'Every response header name is sent in lower case (x-amzn-requestid, location, content-type).',
    perturb: { response: (res) => renameHeaders(res, (name) => name.toLowerCase()) },
  },
  'extra-response-headers': {
    description: 'Responses carry headers the spec does not declare (a CDN id, Via, Cache-Control, a vendor trace id).',
    perturb: {
      response: (res) => ({
        ...res,
        headers: {
          ...res.headers,
          'X-Amz-Cf-Id': 'bA1c2D3e4F5g6H7i8J9k0LmNoPqRsTuVwXyZ==',
          Via: '1.1 0123456789abcdef.cloudfront.net (CloudFront)',
          'Cache-Control': 'no-store',
          'X-Vendor-Trace': 'roomkit-sandbox',
        },
      }),
    },
  },
  'connection-close': {
    description: 'The server closes the connection after every response (Connection: close).',
    perturb: { response: (res) => ({ ...res, headers: { ...res.headers, Connection: 'close' } }) },
  },
  'pretty-printed-json': {
    description: 'JSON bodies are indented over several lines, with a trailing newline.',
    perturb: { response: (res) => serialised(res, (body) => `${JSON.stringify(body, null, 2)}\n`) },
  },
  'ascii-escaped-json': {
    description: 'Every non-ASCII character (and "/") in a JSON body is sent as a \\u escape.',
    perturb: {
      response: (res) =>
        serialised(res, (body) =>
          JSON.stringify(body).replace(
            /[\u007f-\uffff/]/g,
            (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
          ),
        ),
    },
  },
  'error-without-message': {
    description: 'Error answers of the hospitality API carry an empty object instead of { message }.',
    perturb: { response: (res, ctx) => (isHospitalityError(res, ctx) ? { ...res, body: {} } : res) },
  },
  'error-extra-fields': {
    description: 'Error answers of the hospitality API add a code and a type next to message, as other Amazon APIs do.',
    perturb: {
      response: (res, ctx) =>
        isHospitalityError(res, ctx)
          ? withBody(res, (b) => {
              if (!isJsonObject(b)) return;
              b.code = `E${res.status}`;
              b.__type = 'com.amazon.alexa.enterprise#RequestError';
            })
          : res,
    },
  },
  'success-without-message': {
    description: 'Room Retrieve success envelopes leave out Message instead of sending "".',
    perturb: {
      response: (res, ctx) =>
        ctx.action === 'retrieve' && isSuccess(res)
          ? withBody(res, (b) => {
              if (isJsonObject(b)) delete b.Message;
            })
          : res,
    },
  },
  'throttled-with-retry-after': {
    description: `Every ${THROTTLE_EVERY}th request (at most ${THROTTLE_AT_MOST}) is answered 429 with Retry-After: 1 before it runs.`,
    perturb: everyNthThrottled(true),
  },
  'throttled-without-retry-after': {
    description: `Every ${THROTTLE_EVERY}th request (at most ${THROTTLE_AT_MOST}) is answered 429 without Retry-After before it runs.`,
    perturb: everyNthThrottled(false),
  },
} satisfies Record<string, VariationDefinition>;
