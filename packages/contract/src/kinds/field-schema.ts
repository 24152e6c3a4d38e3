// The `field-schema` rule kind (room-name-schema): a field's values follow the schema its create
// and update bodies give it: every value the schema allows is accepted, every value it forbids is
// refused with a 4xx. Its rule read from the spec, the field's schema (followed through `$ref`s),
// the edge cases the schema implies (each printable punctuation mark, the shortest and longest
// value, one past each bound), and a pure verdict on an answer. The room-names property and the
// model-based property's invalid names ask it.
import { validFor } from '@roomkit/arbitraries';
import { deref, pointerSegment, ruleOf, type OpenApiDocument, type OperationInfo, type Rule } from '@roomkit/openapi';
import fc from 'fast-check';

export type FieldSchemaRule = Extract<Rule, { kind: 'field-schema' }>;

/** The spec's `field-schema` rule (hospitality has one: room names). */
export function fieldSchemaRule(doc: OpenApiDocument): FieldSchemaRule {
  return ruleOf(doc, 'field-schema');
}

/** The field's schema in an operation's request body, followed through `$ref`s, and where it lives. */
export function fieldSchemaIn(
  doc: OpenApiDocument,
  operation: OperationInfo,
  field: string,
): { schema: Record<string, unknown>; pointer: string } {
  const body = deref<Record<string, unknown>>(
    doc,
    operation.requestBody!.schema,
    operation.requestBody!.schemaPointer!,
  );
  const properties = body.value.properties as Record<string, unknown>;
  const found = deref<Record<string, unknown>>(
    doc,
    properties[field],
    `${body.pointer}/properties/${pointerSegment(field)}`,
  );
  return { schema: found.value, pointer: found.pointer };
}

/** A value to send, whether the schema allows it, and the keyword a forbidden one breaks. */
export interface FieldCase {
  valid: boolean;
  value: unknown;
  keyword?: string;
  via: 'create' | 'update';
}

/**
 * The edge cases a string field's schema implies, each judged by `accepts` (the schema itself):
 * every printable ASCII punctuation mark between two allowed characters, the shortest and the
 * longest value (fixed seeds), the empty value below a minimum, one past the maximum; on create
 * and on update.
 */
export function fieldEdgeCases(
  doc: OpenApiDocument,
  schema: Record<string, unknown>,
  accepts: (value: unknown) => boolean,
): FieldCase[] {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : undefined;
  const punctuation = [...Array(95).keys()]
    .map((i) => String.fromCharCode(32 + i))
    .filter((c) => !/[A-Za-z0-9]/.test(c));
  const cases: FieldCase[] = punctuation.map((c) => {
    const value = `A${c}1`;
    return accepts(value)
      ? { valid: true, value, via: 'create' as const }
      : { valid: false, value, keyword: 'pattern', via: 'create' as const };
  });
  for (const length of [Math.max(1, minLength), ...(maxLength === undefined ? [] : [maxLength])]) {
    const [value] = fc.sample(validFor({ ...schema, minLength: length, maxLength: length }, { root: doc }), {
      numRuns: 1,
      seed: length,
    });
    cases.push(
      { valid: true, value, via: 'create' },
      { valid: true, value: `${value as string}`.split('').reverse().join(''), via: 'update' },
    );
  }
  if (minLength > 0) cases.push({ valid: false, value: '', keyword: 'minLength', via: 'create' });
  if (maxLength !== undefined)
    cases.push(
      { valid: false, value: 'A'.repeat(maxLength + 1), keyword: 'maxLength', via: 'create' },
      { valid: false, value: 'B'.repeat(maxLength + 1), keyword: 'maxLength', via: 'update' },
    );
  cases.push(...cases.filter((c) => c.keyword === 'pattern').map((c) => ({ ...c, via: 'update' as const })));
  return cases.filter((c) => c.valid === accepts(c.value));
}

/**
 * The verdict on the answer to a value: a value the schema allows refused with a 4xx
 * (`valid-refused`), or one it forbids accepted (`invalid-accepted`); undefined when answered as
 * the schema says (no answer and a 5xx are the checks'). `contended`: another request was using
 * the value at the time, so a refusal may be for that one's sake (a uniqueness clash), not the schema's.
 */
export function fieldVerdict(
  valid: boolean,
  status: number | undefined,
  contended = false,
): 'valid-refused' | 'invalid-accepted' | undefined {
  if (status === undefined) return undefined;
  if (valid && !contended && status >= 400 && status < 500) return 'valid-refused';
  if (!valid && status >= 200 && status < 300) return 'invalid-accepted';
  return undefined;
}
