import { loadSpec } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { parseJsonBody, type Exchange } from '../src/http/exchange.js';
import { RequestIdMemory, requestIdRules } from '../src/kinds/request-id.js';

const hospitality = loadSpec('hospitality');
const roomRetrieve = loadSpec('room-retrieve');

function answer(seq: number, headers: Record<string, string>, body: unknown = {}): Exchange {
  const text = JSON.stringify(body);
  return {
    seq,
    request: { method: 'GET', url: `http://127.0.0.1:1/enterprise/hospitality/v1/properties/P${seq}`, headers: {} },
    response: { status: 200, headers, text, json: parseJsonBody(text), bytes: Buffer.byteLength(text) },
    startedAt: 0,
    durationMs: 1,
  };
}

describe('the request-id kind: rules from the spec, and a memory of the values seen', () => {
  it("reads each spec's rule: a header for hospitality, a body field for Room Retrieve", () => {
    expect(requestIdRules(hospitality).map((r) => r.header)).toEqual(['X-Amzn-RequestId']);
    expect(requestIdRules(roomRetrieve).every((r) => r.field !== undefined)).toBe(true);
  });
  it('a value seen on two answers breaks the rule, naming the earlier answer; distinct values do not', () => {
    const memory = new RequestIdMemory(hospitality);
    expect(memory.observe(answer(1, { 'x-amzn-requestid': 'a' }))).toEqual([]);
    expect(memory.observe(answer(2, { 'x-amzn-requestid': 'b' }))).toEqual([]);
    const [found, ...rest] = memory.observe(answer(3, { 'x-amzn-requestid': 'a' }));
    expect(rest).toEqual([]);
    expect(found!.rule.name).toBe(requestIdRules(hospitality)[0]!.name);
    expect(found!.earlier.seq).toBe(1);
    expect(found!.message).toMatch(/request #1/);
  });
  it('the same answer seen twice, an answer without the value, or an empty value, breaks nothing', () => {
    const memory = new RequestIdMemory(hospitality);
    const first = answer(1, { 'x-amzn-requestid': 'a' });
    memory.observe(first);
    expect(memory.observe(first)).toEqual([]);
    expect(memory.observe(answer(2, {}))).toEqual([]);
    expect(memory.observe(answer(3, { 'x-amzn-requestid': '' }))).toEqual([]);
    expect(memory.observe(answer(4, { 'x-amzn-requestid': '' }))).toEqual([]);
  });
});
