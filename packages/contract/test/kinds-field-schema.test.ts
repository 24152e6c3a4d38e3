import { createSpecValidator, getOperation, loadSpec } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { fieldEdgeCases, fieldSchemaIn, fieldSchemaRule, fieldVerdict } from '../src/kinds/field-schema.js';

const doc = loadSpec('hospitality');
const validator = createSpecValidator(doc);
const rule = fieldSchemaRule(doc);

describe('the field-schema kind', () => {
  it("reads the rule and finds its field's schema in the create body", () => {
    expect(rule).toMatchObject({ kind: 'field-schema', resource: 'rooms', field: 'name' });
    const { schema, pointer } = fieldSchemaIn(doc, getOperation(doc, 'createRoom'), rule.field);
    expect(schema.type).toBe('string');
    expect(pointer).toMatch(/^#\//);
  });
  it('draws edge cases the schema itself judges: punctuation allowed and forbidden, both lengths, one past the maximum', () => {
    const { schema, pointer } = fieldSchemaIn(doc, getOperation(doc, 'createRoom'), rule.field);
    const accepts = (value: unknown) => validator.validate(pointer, value).valid;
    const cases = fieldEdgeCases(doc, schema, accepts);
    for (const c of cases) expect(accepts(c.value), JSON.stringify(c)).toBe(c.valid);
    expect(cases.some((c) => c.valid && c.via === 'update')).toBe(true);
    expect(cases.filter((c) => !c.valid).map((c) => c.keyword)).toEqual(
      expect.arrayContaining(['pattern', 'maxLength']),
    );
  });
  it('a valid value refused, or an invalid one accepted, breaks it; a refusal while the value was contended does not', () => {
    expect(fieldVerdict(true, 201)).toBe(undefined);
    expect(fieldVerdict(true, 400)).toBe('valid-refused');
    expect(fieldVerdict(true, 400, true)).toBe(undefined);
    expect(fieldVerdict(false, 400)).toBe(undefined);
    expect(fieldVerdict(false, 204)).toBe('invalid-accepted');
    expect(fieldVerdict(false, 500)).toBe(undefined);
    expect(fieldVerdict(true, undefined)).toBe(undefined);
  });
});
