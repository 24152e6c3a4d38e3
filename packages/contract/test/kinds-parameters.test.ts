import { loadSpec, paginationOf } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { outOfRangePageSizes, rejectsParameterRule, tookRefusedValue } from '../src/kinds/rejects-parameter.js';
import { succeededOnUnknown, unknownInputBody, unknownInputRule } from '../src/kinds/unknown-input-fails.js';

const hospitality = loadSpec('hospitality');
const roomRetrieve = loadSpec('room-retrieve');

describe('the rejects-parameter kind', () => {
  it('reads one rule per kind of refused value, with its status', () => {
    for (const values of ['out-of-range', 'malformed', 'foreign'] as const) {
      const rule = rejectsParameterRule(hospitality, values);
      expect(rule.values).toBe(values);
      expect(rule.status).toBeGreaterThanOrEqual(400);
    }
  });
  it('takes the page sizes just outside the documented bounds', () => {
    const bounds = paginationOf(hospitality, 'listRooms')!;
    expect(outOfRangePageSizes(bounds)).toEqual({
      below: bounds.pageSizeMinimum - 1,
      above: bounds.pageSizeMaximum + 1,
    });
  });
  it('an answer below 400 took the value; a 4xx keeps the rule; no answer and a 5xx are the checks', () => {
    expect(tookRefusedValue(200)).toBe(true);
    expect(tookRefusedValue(304)).toBe(true);
    expect(tookRefusedValue(400)).toBe(false);
    expect(tookRefusedValue(422)).toBe(false);
    expect(tookRefusedValue(500)).toBe(false);
    expect(tookRefusedValue(undefined)).toBe(false);
  });
});

describe('the unknown-input-fails kind', () => {
  const rule = unknownInputRule(roomRetrieve);
  it("reads Room Retrieve's rule: the field, the status and the error code", () => {
    expect(rule.field).toBe('channel_hotel_id');
    expect(typeof rule.status).toBe('number');
  });
  it("puts a value no target knows in the rule's field, keeping the rest of a known body", () => {
    const body = unknownInputBody(rule, { hotel_id: 'H', channel_hotel_id: '1' }, 'X1');
    expect(body).toEqual({ hotel_id: 'H', channel_hotel_id: 'roomkit-unknown-X1' });
  });
  it('only a success to an unknown value breaks it', () => {
    expect(succeededOnUnknown(200)).toBe(true);
    expect(succeededOnUnknown(rule.status)).toBe(rule.status < 300);
    expect(succeededOnUnknown(400)).toBe(false);
    expect(succeededOnUnknown(undefined)).toBe(false);
  });
});
