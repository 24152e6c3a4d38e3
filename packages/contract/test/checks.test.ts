import { describe, expect, it } from 'vitest';
import { checks, runChecks } from '../src/checks/registry.js';
import type { Intent } from '../src/checks/types.js';
import { parseJsonBody, type Exchange } from '../src/http/exchange.js';
import { openSpec } from '../src/openapi/open.js';

const spec = openSpec('hospitality');
const ID = 'amzn1.alexa.unit.did.AM4K8W2YQ7ZT5NRB3XDL9PGV6H';
const OTHER = 'amzn1.alexa.unit.did.AP2N6X8ZK4TQW7YBM3LR5DVG9C';
const JSON_HEADERS = { 'content-type': 'application/json', 'x-amzn-requestid': 'r-1' };

function exchange(
  method: string,
  path: string,
  status: number,
  body: unknown,
  headers: Record<string, string> = JSON_HEADERS,
): Exchange {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return {
    seq: 1,
    request: { method, url: `http://127.0.0.1:1${path}`, headers: {} },
    response: { status, headers, text, json: parseJsonBody(text), bytes: Buffer.byteLength(text) },
    startedAt: 0,
    durationMs: 1,
  };
}

function found(operationId: string, ex: Exchange, intent: Intent = 'state', cause?: Exchange): string[] {
  return runChecks(
    {
      exchange: ex,
      operation: spec.operation(operationId),
      intent,
      spec,
      target: { stateful: true, validatesCredentials: true },
      ...(cause === undefined ? {} : { cause }),
    },
    () => true,
  ).map((f) => f.check.name);
}

const room = { id: ID, name: 'Room-1', roomTypeId: OTHER };
const roomPath = `/enterprise/hospitality/v1/rooms/${ID}`;

describe('checks registry', () => {
  it('lists the Schemathesis-style checks by name', () => {
    expect(checks.map((c) => c.name)).toEqual([
      'not_a_server_error',
      'status_code_conformance',
      'content_type_conformance',
      'response_headers_conformance',
      'response_schema_conformance',
      'negative_data_rejection',
      'positive_data_acceptance',
      'missing_required_header',
      'ignored_auth',
      'use_after_free',
      'ensure_resource_availability',
      'location_names_created_resource',
      'created_resource_is_new',
      'response_size_within_limit',
    ]);
  });

  it('a conforming answer raises nothing', () => {
    expect(found('getRoom', exchange('GET', roomPath, 200, room), 'positive')).toEqual([]);
  });
  it('not_a_server_error: 5xx and no answer', () => {
    expect(found('getRoom', exchange('GET', roomPath, 500, { message: 'boom' }))).toContain('not_a_server_error');
    const none: Exchange = { ...exchange('GET', roomPath, 200, room), error: 'ECONNRESET' };
    delete none.response;
    expect(found('getRoom', none)).toEqual(['not_a_server_error']);
  });
  it('not_a_server_error: a 503 only where the operation documents it (Room Retrieve), with its answer judged', () => {
    const rr = openSpec('room-retrieve');
    const retrieve = rr.operation('retrieveRooms');
    const rrFound = (ex: Exchange) =>
      runChecks(
        {
          exchange: ex,
          operation: retrieve,
          intent: 'state',
          spec: rr,
          target: { stateful: true, validatesCredentials: true },
        },
        () => true,
      ).map((f) => f.check.name);
    const fail = { Status: 'Fail', Errors: [{ Code: '503', ShortText: 'Service Unavailable' }], Ruid: 'r-1' };
    const unavailable = (headers: Record<string, string>) => exchange('POST', retrieve.path, 503, fail, headers);
    expect(rrFound(unavailable({ 'content-type': 'application/json', 'retry-after': '1' }))).toEqual([]);
    // Documented with Retry-After: without it, the answer breaks the headers check, not this one.
    expect(rrFound(unavailable({ 'content-type': 'application/json' }))).toEqual(['response_headers_conformance']);
    expect(rrFound(exchange('POST', retrieve.path, 500, fail))).toContain('not_a_server_error');
    // The hospitality API documents no 503.
    expect(found('getRoom', exchange('GET', roomPath, 503, { message: 'later' }))).toContain('not_a_server_error');
  });
  it('status_code_conformance: an undocumented status', () => {
    expect(found('getRoom', exchange('GET', roomPath, 410, { message: 'gone' }))).toEqual(['status_code_conformance']);
    expect(found('getRoom', exchange('GET', roomPath, 404, { message: 'no' }))).toEqual([]);
  });
  it('content_type_conformance: JSON sent as text/plain', () => {
    expect(
      found('getRoom', exchange('GET', roomPath, 200, room, { ...JSON_HEADERS, 'content-type': 'text/plain' })),
    ).toContain('content_type_conformance');
  });
  it('response_headers_conformance: missing X-Amzn-RequestId, malformed Location', () => {
    expect(found('getRoom', exchange('GET', roomPath, 200, room, { 'content-type': 'application/json' }))).toEqual([
      'response_headers_conformance',
    ]);
    const created = exchange(
      'POST',
      '/enterprise/hospitality/v1/rooms',
      201,
      { id: ID },
      { ...JSON_HEADERS, location: '/somewhere/else' },
    );
    expect(found('createRoom', created)).toEqual(['response_headers_conformance', 'location_names_created_resource']);
  });
  it('content_type_conformance: media types compared without parameters, but a JSON charset is UTF-8', () => {
    const labelled = (contentType: string) =>
      found('getRoom', exchange('GET', roomPath, 200, room, { ...JSON_HEADERS, 'content-type': contentType }));
    expect(labelled('application/json; charset=utf-8')).toEqual([]);
    expect(labelled('Application/JSON;charset="UTF-8"')).toEqual([]);
    expect(labelled('application/json; charset=ISO-8859-1')).toEqual(['content_type_conformance']);
    expect(labelled('application/problem+json')).toEqual(['content_type_conformance']);
    expect(labelled('application/json-seq')).toEqual(['content_type_conformance']);
  });
  it('location_names_created_resource: the Location resolves to the created item, relative or absolute', () => {
    const base = '/enterprise/hospitality/v1/rooms';
    const located = (location: string, prefix = '') =>
      found('createRoom', {
        ...exchange('POST', `${prefix}${base}`, 201, { id: ID }, { ...JSON_HEADERS, location }),
      }).filter((n) => n === 'location_names_created_resource');
    expect(located(`${base}/${ID}`)).toEqual([]);
    expect(located(`https://api.example.com${base}/${ID}`)).toEqual([]);
    expect(located(`rooms/${ID}`)).toEqual([]); // relative to the request's URL
    expect(located(`/gateway${base}/${ID}`, '/gateway')).toEqual([]); // a server URL with a base path
    expect(located(`${base}/${ID}`, '/gateway')).toEqual(['location_names_created_resource']);
    expect(located(base)).toEqual(['location_names_created_resource']);
    expect(located(`/enterprise/hospitality/v1/room/${ID}`)).toEqual(['location_names_created_resource']);
    expect(located(`hospitality/v1/rooms/${ID}`)).toEqual(['location_names_created_resource']);
    expect(located(`${base}/${OTHER}`)).toEqual(['location_names_created_resource']);
  });
  it('response_schema_conformance: ids as numbers, a missing required field, a non-JSON body', () => {
    expect(found('getRoom', exchange('GET', roomPath, 200, { ...room, id: 42 }))).toEqual([
      'response_schema_conformance',
    ]);
    expect(found('getRoom', exchange('GET', roomPath, 200, { id: ID, roomTypeId: OTHER }))).toEqual([
      'response_schema_conformance',
    ]);
    expect(found('getRoom', exchange('GET', roomPath, 200, '{oops'))).toEqual(['response_schema_conformance']);
  });
  it('extra response fields are legitimate', () => {
    expect(found('getRoom', exchange('GET', roomPath, 200, { ...room, floor: 3 }))).toEqual([]);
  });
  it('negative_data_rejection and positive_data_acceptance follow the intent', () => {
    expect(found('getRoom', exchange('GET', roomPath, 200, room), 'negative')).toEqual(['negative_data_rejection']);
    expect(found('getRoom', exchange('GET', roomPath, 400, { message: 'bad' }), 'negative')).toEqual([]);
    expect(found('getRoom', exchange('GET', roomPath, 400, { message: 'bad' }), 'positive')).toEqual([
      'positive_data_acceptance',
    ]);
  });
  it('missing_required_header and ignored_auth expect 401', () => {
    expect(found('getRoom', exchange('GET', roomPath, 200, room), 'missing-auth')).toEqual(['missing_required_header']);
    expect(found('getRoom', exchange('GET', roomPath, 200, room), 'invalid-auth')).toEqual(['ignored_auth']);
    expect(found('getRoom', exchange('GET', roomPath, 401, { message: 'no' }), 'invalid-auth')).toEqual([]);
  });
  it('use_after_free: a deleted resource still answers', () => {
    expect(found('getRoom', exchange('GET', roomPath, 200, room), 'after-delete')).toEqual(['use_after_free']);
    expect(found('getRoom', exchange('GET', roomPath, 404, { message: 'gone' }), 'after-delete')).toEqual([]);
  });
  it('ensure_resource_availability: Location naming another id, or the created resource missing', () => {
    const cause = exchange(
      'POST',
      '/enterprise/hospitality/v1/rooms',
      201,
      { id: ID },
      { ...JSON_HEADERS, location: `/enterprise/hospitality/v1/rooms/${OTHER}` },
    );
    expect(found('getRoom', exchange('GET', roomPath, 200, room), 'after-create', cause)).toEqual([
      'ensure_resource_availability',
    ]);
    const good = exchange(
      'POST',
      '/enterprise/hospitality/v1/rooms',
      201,
      { id: ID },
      { ...JSON_HEADERS, location: `/enterprise/hospitality/v1/rooms/${ID}` },
    );
    expect(found('getRoom', exchange('GET', roomPath, 200, room), 'after-create', good)).toEqual([]);
    expect(found('getRoom', exchange('GET', roomPath, 404, { message: 'no' }), 'after-create', good)).toEqual([
      'ensure_resource_availability',
    ]);
  });
  it('ensure_resource_availability: a Location with a malformed % escape is a violation, not an error', () => {
    const malformed = exchange(
      'POST',
      '/enterprise/hospitality/v1/rooms',
      201,
      { id: ID },
      { ...JSON_HEADERS, location: '/enterprise/hospitality/v1/rooms/%E0%A4%A' },
    );
    expect(found('getRoom', exchange('GET', roomPath, 200, room), 'after-create', malformed)).toEqual([
      'ensure_resource_availability',
    ]);
  });
});
