// Faults of the headers area. Adding a fault: one entry here, a probe in test/faults.test.ts, and
// the checks that must catch it in packages/contract/test/faults.ts.
import { createHash } from 'node:crypto';
import type { Outgoing } from '../hooks.js';
import { randomUnitId } from '../ids.js';
import type { FaultDefinition } from './definition.js';
import { isSuccess } from './edits.js';

/** The answer with each always-sent header (the request id) set to `value`. */
function withRequestId(res: Outgoing, names: readonly string[], value: string): Outgoing {
  return { ...res, headers: { ...res.headers, ...Object.fromEntries(names.map((n) => [n, value])) } };
}

/** The answer with a Location of a create rewritten (absent answers and answers without one are kept). */
function rewriteLocation(edit: (location: string, id: string) => string | undefined) {
  return (res: Outgoing, ctx: { createdId?: string }): Outgoing => {
    const location = res.headers['Location'];
    if (location === undefined || ctx.createdId === undefined) return res;
    const headers = { ...res.headers };
    const changed = edit(location, ctx.createdId);
    if (changed === undefined) delete headers['Location'];
    else headers['Location'] = changed;
    return { ...res, headers };
  };
}

/** The answer's JSON body re-labelled with another media type. */
function relabel(res: Outgoing, contentType: string): Outgoing {
  return res.body === undefined ? res : { ...res, headers: { ...res.headers, 'Content-Type': contentType } };
}

export const headers = {
  'headers-no-request-id': {
    area: 'headers',
    description: 'Responses lack the X-Amzn-RequestId header.',
    perturb: {
      response: (res, ctx) => {
        const headers = { ...res.headers };
        for (const name of ctx.alwaysSent) delete headers[name];
        return { ...res, headers };
      },
    },
  },
  'headers-location-wrong-id': {
    area: 'headers',
    description: "The Location header of a 201 names another id than the created resource's.",
    perturb: {
      response: (res, ctx) => {
        const location = res.headers['Location'];
        if (!location || !ctx.createdId) return res;
        return { ...res, headers: { ...res.headers, Location: location.replace(ctx.createdId, randomUnitId()) } };
      },
    },
  },
  'content-type-text-plain': {
    area: 'headers',
    description: 'JSON bodies are sent with Content-Type: text/plain.',
    perturb: {
      response: (res) =>
        res.body === undefined
          ? res
          : { ...res, headers: { ...res.headers, 'Content-Type': 'text/plain; charset=utf-8' } },
    },
  },
  'headers-constant-request-id': {
    area: 'headers',
    description: 'Every answer carries the same X-Amzn-RequestId (a value hard-coded in the gateway configuration).',
    perturb: {
      response: (res, ctx) => withRequestId(res, ctx.alwaysSent, '00000000-0000-4000-8000-000000000000'),
    },
  },
  'headers-request-id-per-operation': {
    area: 'headers',
    description:
      'X-Amzn-RequestId is a trace id of the route, not of the request: every answer of one operation shares it.',
    perturb: {
      response: (res, ctx) => {
        const hex = createHash('sha256').update(ctx.operationId).digest('hex');
        const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
        return withRequestId(res, ctx.alwaysSent, id);
      },
    },
  },
  'headers-location-missing': {
    area: 'headers',
    description: 'A 201 answer carries no Location header.',
    perturb: { response: rewriteLocation(() => undefined) },
  },
  'headers-location-collection': {
    area: 'headers',
    description:
      'The Location of a 201 names the collection the item was created in, not the item (the id is left off).',
    perturb: { response: rewriteLocation((location, id) => location.slice(0, location.lastIndexOf(`/${id}`))) },
  },
  'headers-location-singular-route': {
    area: 'headers',
    description:
      'The Location of a 201 uses the singular resource name as its route (/roomType/<id> for /roomTypes/<id>), a path no operation serves.',
    perturb: {
      response: rewriteLocation((location, id) => {
        const segments = location.split('/');
        const at = segments.lastIndexOf(id);
        if (at < 1) return location;
        segments[at - 1] = segments[at - 1]!.replace(/ies$/, 'y').replace(/s$/, '');
        return segments.join('/');
      }),
    },
  },
  'headers-location-relative-path': {
    area: 'headers',
    description:
      "The Location of a 201 is a relative path without its leading slash and first segment (hospitality/v1/...), which resolves under the request's path.",
    perturb: {
      response: rewriteLocation((location) =>
        location.startsWith('/') ? location.split('/').slice(2).join('/') : location,
      ),
    },
  },
  'content-type-problem-json-errors': {
    area: 'headers',
    description: 'Error answers are sent as application/problem+json although the spec documents application/json.',
    perturb: { response: (res) => (isSuccess(res) ? res : relabel(res, 'application/problem+json')) },
  },
  'content-type-json-seq-lists': {
    area: 'headers',
    description: 'List pages are sent as application/json-seq (a streaming media type) instead of application/json.',
    perturb: { response: (res, ctx) => (ctx.action === 'list' ? relabel(res, 'application/json-seq') : res) },
  },
  'content-type-latin1-charset': {
    area: 'headers',
    description:
      'JSON is labelled application/json; charset=ISO-8859-1 (a framework default), although the body is UTF-8 and JSON is always UTF-8.',
    perturb: { response: (res) => relabel(res, 'application/json; charset=ISO-8859-1') },
  },
} satisfies Record<string, FaultDefinition>;
