// The JSON Schema of each kind of `x-roomkit-rules` entry: an entry is validated against its kind's
// schema before code reads it, so a missing `status` or a misspelt field is an error naming the
// rule and the field, not an `undefined` at run time.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

const status = { type: 'integer', minimum: 100, maximum: 599 };
const name = { type: 'string', minLength: 1 };
const names = { type: 'array', items: name, minItems: 1 };
const dotted = { type: 'string' };
const pointer = { type: 'string', pattern: '^#/' };

/** Each kind's own fields, and which of them it requires (besides `kind`). */
const kinds: Record<string, { properties: Record<string, unknown>; required: string[] }> = {
  unique: {
    properties: { resource: name, field: name, scope: name, operations: names, status },
    required: ['resource', 'field', 'scope', 'operations', 'status'],
  },
  'delete-requires-empty': {
    properties: { resource: name, children: name, operation: name, status },
    required: ['resource', 'children', 'operation', 'status'],
  },
  'delete-requires-no-endpoints': {
    properties: { resource: name, operation: name, status },
    required: ['resource', 'operation', 'status'],
  },
  relation: {
    properties: {
      subject: pointer,
      at: dotted,
      left: name,
      operator: { enum: ['<', '<=', '>', '>=', '=='] },
      right: name,
    },
    required: ['subject', 'at', 'left', 'operator', 'right'],
  },
  'exactly-one': {
    properties: { subject: pointer, at: dotted, array: name, field: name, value: {} },
    required: ['subject', 'at', 'array', 'field', 'value'],
  },
  'unique-by': {
    properties: { subject: pointer, at: dotted, array: name, field: name },
    required: ['subject', 'at', 'array', 'field'],
  },
  'sole-item': {
    properties: { subject: pointer, at: dotted, array: name, field: name, value: {} },
    required: ['subject', 'at', 'array', 'field', 'value'],
  },
  authentication: { properties: { status }, required: ['status'] },
  'gone-after-delete': { properties: { status }, required: ['status'] },
  pagination: {
    properties: {
      aspect: {
        enum: ['every-item-once', 'page-size-within-max-results', 'default-page-size', 'last-page-without-token'],
      },
      operations: names,
    },
    required: ['aspect', 'operations'],
  },
  'rejects-parameter': {
    properties: {
      parameter: name,
      values: { enum: ['out-of-range', 'malformed', 'foreign'] },
      operations: names,
      status,
    },
    required: ['parameter', 'values', 'operations', 'status'],
  },
  'update-persists': { properties: { operations: names }, required: ['operations'] },
  'list-filter': { properties: { operations: names }, required: ['operations'] },
  'parent-must-exist': { properties: { operations: names, status }, required: ['operations', 'status'] },
  tenancy: {
    properties: { statuses: { type: 'array', items: status, minItems: 1 } },
    required: ['statuses'],
  },
  'field-schema': {
    properties: { resource: name, field: name, operations: names },
    required: ['resource', 'field', 'operations'],
  },
  model: { properties: {}, required: [] },
  'unknown-input-fails': {
    properties: { field: name, status, code: { type: 'string' } },
    required: ['field', 'status'],
  },
  'request-id': {
    properties: { header: name, field: name },
    required: [],
  },
  'credential-parts': { properties: { status }, required: ['status'] },
  'identifies-together': {
    properties: { fields: { ...names, minItems: 2 }, operations: names, status },
    required: ['fields', 'operations', 'status'],
  },
  'no-op-update': { properties: { operations: names, status }, required: ['operations', 'status'] },
  'write-isolation': { properties: { operations: names }, required: ['operations'] },
  'one-collection-per-id': { properties: { operations: names, status }, required: ['operations', 'status'] },
  // The protocol rules (protocol-rules.ts): what HTTP leaves to the server.
  'undocumented-method': { properties: { status, header: name, schema: name }, required: ['status', 'header'] },
  'undocumented-path': { properties: { status, schema: name }, required: ['status'] },
  'body-size-limit': { properties: { operations: names }, required: ['operations'] },
  'content-type-required': { properties: { operations: names, status }, required: ['operations', 'status'] },
  'lone-surrogate': { properties: { operations: names, status }, required: ['operations', 'status'] },
  'malformed-body': { properties: { operations: names }, required: ['operations'] },
};

/** The kinds an `x-roomkit-rules` entry may have. */
export const ruleKinds: readonly string[] = Object.keys(kinds);

/** The kinds whose entries are about objects of a schema (they require `subject` and `at`). */
export const objectLevelKinds: readonly string[] = ruleKinds.filter((kind) =>
  ['subject', 'at'].every((field) => kinds[kind]!.required.includes(field)),
);

/** Fields every kind may carry: what it promises, and why no property can test it (if none can). */
const common = {
  kind: { type: 'string' },
  description: { type: 'string' },
  untestable: { type: 'string', minLength: 1 },
};

let validators: Map<string, ValidateFunction> | undefined;

function validatorOf(kind: string): ValidateFunction {
  if (validators === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    validators = new Map(
      Object.entries(kinds).map(([k, { properties, required }]) => {
        const schema = {
          type: 'object',
          properties: { ...common, ...properties },
          required: ['kind', ...required],
          additionalProperties: false,
          ...(k === 'request-id' ? { oneOf: [{ required: ['header'] }, { required: ['field'] }] } : {}),
        };
        return [k, ajv.compile(schema)];
      }),
    );
  }
  return validators.get(kind)!;
}

function describe(rule: string, kind: string, error: ErrorObject): string {
  const at = `x-roomkit-rules.${rule}${error.instancePath.replace(/\//g, '.')}`;
  const fields = Object.keys({ ...common, ...kinds[kind]!.properties }).join(', ');
  switch (error.keyword) {
    case 'required':
      return `${at}.${String(error.params.missingProperty)} is required for a rule of kind "${kind}".`;
    case 'additionalProperties':
      return `${at}.${String(error.params.additionalProperty)} is not a field of a rule of kind "${kind}" (its fields: ${fields}).`;
    case 'oneOf':
      return `${at}: a rule of kind "${kind}" names exactly one of header, field.`;
    default:
      return `${at} ${error.message ?? 'is invalid'}${error.keyword === 'enum' ? ` (${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})` : ''}.`;
  }
}

/**
 * Validates one `x-roomkit-rules` entry against its kind's schema; throws an error naming the
 * entry, the field and the rule it breaks (every problem, one per line).
 */
export function validateRuleEntry(rule: string, entry: unknown): void {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new Error(`x-roomkit-rules.${rule} must be an object with a kind.`);
  }
  const kind = (entry as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !(kind in kinds)) {
    throw new Error(
      `x-roomkit-rules.${rule}: unknown kind "${String(kind)}"; expected one of ${ruleKinds.join(', ')}.`,
    );
  }
  const validate = validatorOf(kind);
  if (validate(entry)) return;
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  throw new Error(errors.map((e) => describe(rule, kind, e)).join('\n'));
}
