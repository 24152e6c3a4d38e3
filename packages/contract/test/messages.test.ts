// The messages a vendor engineer reads in a report: shrunk inputs as valid JSON, violations
// naming collections with the spec's human words.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { negativeDataRejection } from '../src/checks/registry.js';
import { parseJsonBody } from '../src/http/exchange.js';
import { openSpec } from '../src/openapi/open.js';
import { showInput } from '../src/properties/runner.js';
import { verify } from '../src/verify.js';
import { SEED } from './faults.js';
import { startSandbox } from './support.js';

describe('shrunk inputs', () => {
  it('print as JSON without undefined, also for the records fast-check builds without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, {
      collection: 'rooms',
      count: 1,
      maxResults: undefined,
    });
    expect(showInput(bare)).toBe('{"collection":"rooms","count":1}');
    // Every record fast-check draws, whatever its prototype.
    const arbitrary = fc.record({
      count: fc.nat({ max: 3 }),
      maxResults: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    });
    for (const input of fc.sample(arbitrary, { numRuns: 200, seed: SEED })) {
      const shown = showInput(input);
      expect(shown).not.toContain('undefined');
      expect(JSON.parse(shown)).toEqual(JSON.parse(JSON.stringify(input)));
    }
  });

  it('keep fast-check notation for what JSON cannot hold', () => {
    expect(showInput({ n: Number.NaN })).toBe(fc.stringify({ n: Number.NaN }));
    expect(showInput([1, undefined])).toBe(fc.stringify([1, undefined]));
  });
});

describe('negative_data_rejection', () => {
  const spec = openSpec('hospitality');
  const accepted = (body: string) =>
    negativeDataRejection.run({
      exchange: {
        seq: 1,
        request: { method: 'POST', url: 'http://127.0.0.1:1/enterprise/hospitality/v1/rooms', headers: {}, body },
        response: { status: 201, headers: {}, text: '{}', json: parseJsonBody('{}'), bytes: 2 },
        startedAt: 0,
        durationMs: 1,
      },
      operation: spec.operation('createRoom'),
      intent: 'negative',
      spec,
      target: { stateful: true, validatesCredentials: true },
    })?.message;

  it('says why the spec forbids the request it saw accepted', () => {
    expect(accepted(JSON.stringify({ name: 'a b', roomTypeId: 'amzn1.alexa.unit.did.ABC1' }))).toMatch(
      /^POST \/enterprise\/hospitality\/v1\/rooms answered 201 to a request the spec forbids \(body field name must match the pattern .+\); expected a 4xx$/,
    );
    expect(accepted(JSON.stringify({ roomTypeId: 'amzn1.alexa.unit.did.ABC1' }))).toBe(
      'POST /enterprise/hospitality/v1/rooms answered 201 to a request the spec forbids (body field name is required); expected a 4xx',
    );
    expect(accepted('{"name": ')).toMatch(/forbids \(the body is not valid JSON\); expected a 4xx$/);
  });
});

describe('violations in the spec words', () => {
  it.each([
    [
      'pagination-skips-item',
      'pagination-every-item-once',
      (message: string, counterexample: string | undefined) => {
        expect(message).toMatch(/^\d+ of \d+ (rooms|room types) never returned across \d+ page\(s\)/);
        expect(counterexample).toBeDefined();
        expect(counterexample).not.toContain('undefined');
        JSON.parse(counterexample!);
      },
    ],
    [
      'hierarchy-deletes-non-empty-property',
      'property-delete-requires-empty',
      (message: string) =>
        expect(message).toMatch(
          /^deleteProperty of a property that still has room types answered 2\d\d; the rule requires 400/,
        ),
    ],
    [
      'names-unique-per-room-type-only',
      'room-name-unique-per-property',
      (message: string) =>
        expect(message).toMatch(
          /accepted name "[^"]+" \(2\d\d\), already used by another room of this property in another room type; the rule requires 400$/,
        ),
    ],
  ])(
    '%s (%s)',
    async (fault, check, expectMessage) => {
      const running = await startSandbox({ faults: [fault] });
      try {
        const report = await verify({ target: running.hospitality, runs: 3, seed: SEED, checks: [check] });
        expect(report.violations.length).toBeGreaterThan(0);
        for (const v of report.violations) {
          expect(v.message).not.toMatch(/roomTypes item|properties item|rooms item/);
          if (v.property === 'model-based') continue;
          expectMessage(v.message, v.counterexample);
        }
      } finally {
        await running.sandbox.close();
      }
    },
    120_000,
  );
});
