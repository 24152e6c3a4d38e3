import { describe, expect, it } from 'vitest';
import { apiNames, loadSpec, rules, type OpenApiDocument } from '../src/index.js';

const withRules = (entries: Record<string, unknown>): OpenApiDocument => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {},
  'x-roomkit-rules': entries,
});

describe('x-roomkit-rules entries are validated against their kind', () => {
  it("both specs' rules validate", () => {
    for (const api of apiNames) expect(rules(loadSpec(api)).length).toBeGreaterThan(5);
  });
  it('a missing status names the rule and the field', () => {
    expect(() => rules(withRules({ 'gone-rule': { kind: 'gone-after-delete', description: 'd' } }))).toThrow(
      'x-roomkit-rules.gone-rule.status is required for a rule of kind "gone-after-delete".',
    );
  });
  it('a field of the wrong type, out of range, or not in the enum', () => {
    expect(() => rules(withRules({ r: { kind: 'authentication', status: '401' } }))).toThrow(
      'x-roomkit-rules.r.status must be integer',
    );
    expect(() => rules(withRules({ r: { kind: 'authentication', status: 4010 } }))).toThrow(
      'x-roomkit-rules.r.status must be <= 599',
    );
    expect(() =>
      rules(
        withRules({
          r: { kind: 'pagination', aspect: 'every-item-twice', operations: ['listRooms'] },
        }),
      ),
    ).toThrow(/x-roomkit-rules\.r\.aspect must be equal to one of the allowed values \("every-item-once"/);
    expect(() => rules(withRules({ r: { kind: 'update-persists', operations: [] } }))).toThrow(
      'x-roomkit-rules.r.operations must NOT have fewer than 1 items',
    );
  });
  it('a misspelt field is not ignored', () => {
    expect(() => rules(withRules({ r: { kind: 'authentication', status: 401, stauts: 403 } }))).toThrow(
      'x-roomkit-rules.r.stauts is not a field of a rule of kind "authentication"',
    );
  });
  it('an unknown kind, and an entry that is not an object', () => {
    expect(() => rules(withRules({ r: { kind: 'unqiue' } }))).toThrow('x-roomkit-rules.r: unknown kind "unqiue"');
    expect(() => rules(withRules({ r: 'unique' }))).toThrow('x-roomkit-rules.r must be an object with a kind.');
  });
  it('a request-id rule reads exactly one of a header and a body field', () => {
    expect(() => rules(withRules({ r: { kind: 'request-id' } }))).toThrow(
      'a rule of kind "request-id" names exactly one of header, field',
    );
    expect(rules(withRules({ r: { kind: 'request-id', header: 'X-Request-Id' } }))[0]).toMatchObject({
      name: 'r',
      header: 'X-Request-Id',
    });
  });
  it('every problem of an entry is reported, each naming its field', () => {
    expect(() => rules(withRules({ r: { kind: 'unique', resource: 'rooms', field: 'name' } }))).toThrow(
      /scope is required[\s\S]*operations is required[\s\S]*status is required/,
    );
  });
});
