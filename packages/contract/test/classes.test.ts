// Unit tests of the oracles for the fault classes nobody listed (issue 19): answer rules on every
// item of an answer, and the parts of a multi-part credential. The fault matrix
// (faults-classes.test.ts, faults-protocol-rr.test.ts) proves them against the sandbox.
import { securitySchemes } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { answerRuleFindings } from '../src/checks/answer-rules.js';
import { parseJsonBody, type Exchange } from '../src/http/exchange.js';
import { openSpec } from '../src/openapi/open.js';
import { credentialPartVariants } from '../src/properties/credential-parts.js';

const P1 = 'amzn1.alexa.unit.did.AM4K8W2YQ7ZT5NRB3XDL9PGV6H';
const P2 = 'amzn1.alexa.unit.did.AP2N6X8ZK4TQW7YBM3LR5DVG9C';
const stateful = { stateful: true, validatesCredentials: true };

function answer(url: string, body: unknown): Exchange {
  const text = JSON.stringify(body);
  return {
    seq: 1,
    request: { method: 'GET', url: `http://127.0.0.1:1${url}`, headers: {} },
    response: { status: 200, headers: {}, text, json: parseJsonBody(text), bytes: text.length },
    startedAt: 0,
    durationMs: 1,
  };
}

describe('answer rules judge every item of an answer, whoever created it', () => {
  const spec = openSpec('hospitality');
  const list = spec.operation('listRoomTypes');
  const page = (items: object[], token?: string) =>
    answer(`/enterprise/hospitality/v1/roomTypes?propertyId=${P1}${token === undefined ? '' : `&nextToken=${token}`}`, {
      roomTypes: items,
      paginationContext: {},
    });

  it('accepts a page whose items all name the filter', () => {
    const ex = page([{ id: P2, name: 'a', propertyId: P1 }]);
    expect(answerRuleFindings(spec, list, ex, stateful)).toEqual([]);
  });

  it('reports an item of another parent on the first page and on a later one', () => {
    const stray = { id: P1, name: 'b', propertyId: P2 };
    for (const [ex, where] of [
      [page([stray]), 'the first page'],
      [page([stray], 'abc'), 'a later page'],
    ] as const) {
      const [finding, ...more] = answerRuleFindings(spec, list, ex, stateful);
      expect(more).toEqual([]);
      expect(finding?.rule).toBe('list-filter-returns-only-children');
      expect(finding?.message).toContain(where);
    }
  });

  it('judges scope on stateful targets only (a mock answers its examples whatever the filter)', () => {
    const ex = page([{ id: P1, name: 'b', propertyId: P2 }]);
    expect(answerRuleFindings(spec, list, ex, { stateful: false, validatesCredentials: false })).toEqual([]);
  });

  it('reports two units of one Room Retrieve answer with one channel_room_id (channel-room-id-unique)', () => {
    const rr = openSpec('room-retrieve');
    const [operation] = rr.operations;
    const unit = { channel_room_id: 7, unit_id: '7', configuration: { unit_type_id: 1 } };
    const body = (units: object[]) => ({ Status: 'Success', Data: units, Message: '', Ruid: 'r' });
    const rules = (units: object[]) =>
      answerRuleFindings(rr, operation!, answer('/bdc/room/retrieve', body(units)), stateful).map((f) => f.rule);
    expect(rules([unit, { ...unit, unit_id: '8', channel_room_id: 8 }])).toEqual([]);
    expect(rules([unit, { ...unit, unit_id: '8' }])).toEqual(['channel-room-id-unique']);
  });
});

describe('every part of a multi-part credential is sent missing, then wrong', () => {
  const rr = openSpec('room-retrieve');
  const schemes = securitySchemes(rr.doc);
  const [operation] = rr.operations;

  it('takes the parts from the requirement the credentials meet (app-id with Basic)', () => {
    const variants = credentialPartVariants(
      schemes,
      operation!,
      { 'app-id': 'A', authorization: 'Basic dTpw' },
      { 'app-id': 'A', authorization: 'Basic d3Jvbmc6d3Jvbmc=' },
    );
    expect(variants.map((v) => v.what)).toEqual([
      'app-id missing (the other parts valid)',
      'app-id wrong (the other parts valid)',
      'authorization missing (the other parts valid)',
      'authorization wrong (the other parts valid)',
    ]);
    expect(variants[0]!.headers).toEqual({ authorization: 'Basic dTpw' });
    expect(variants[1]!.headers['authorization']).toBe('Basic dTpw');
    expect(variants[1]!.headers['app-id']).not.toBe('A');
    expect(variants[3]!.headers).toMatchObject({ 'app-id': 'A' });
    expect(variants[3]!.headers['authorization']).toBe('Basic d3Jvbmc6d3Jvbmc=');
  });

  it('has nothing to send where every requirement has one part (hospitality)', () => {
    const h = openSpec('hospitality');
    const read = h.operation('listProperties');
    expect(
      credentialPartVariants(
        securitySchemes(h.doc),
        read,
        { authorization: 'Bearer t' },
        { authorization: 'Bearer x' },
      ),
    ).toEqual([]);
  });
});
