import { numberEdges, validFor, validRequest, type RequestOptions, type RequestValues } from '@roomkit/arbitraries';
import { deref, type OperationInfo } from '@roomkit/openapi';
import fc from 'fast-check';
import type { Intent } from '../checks/types.js';
import type { Session } from '../session.js';
import type { Mode, OperationBinding, OperationCase } from './operations.js';
import { defineProperty, type PropertyDefinition } from './property.js';

type Where = 'path' | 'query' | 'header' | 'body';

/** One field of a request: a parameter, or a top-level property of the JSON body. */
export interface Field {
  in: Where;
  name: string;
  schema: Record<string, unknown>;
}

/**
 * `accept`: a value at a documented bound, which the target must take (2xx); `reject`: one step
 * past it, which it must refuse (4xx); `odd`: a long, unicode or unusual string, which it may take
 * or refuse but never answer with a 5xx.
 */
export interface BoundsCase {
  operationId: string;
  in: Where;
  name: string;
  expect: 'accept' | 'reject' | 'odd';
  /** What the value is, for the report: `maximum 50`, `maxLength 256 + 1`, `emoji`. */
  bound: string;
  value: unknown;
}

const VALUES: Record<Where, keyof Omit<RequestValues, 'body'> | 'body'> = {
  path: 'path',
  query: 'query',
  header: 'headers',
  body: 'body',
};

/** Strings no documented bound allows for, sent to every string field: the target may refuse them, never crash. */
export const ODD_SUFFIXES: ReadonlyArray<{ bound: string; suffix: string }> = [
  { bound: 'long (1,000 more characters)', suffix: 'x'.repeat(1000) },
  { bound: 'unicode (accents, CJK, an emoji, right-to-left)', suffix: 'Zürich-東京-🏨-\u202eright' },
  { bound: 'odd characters (quotes, percent, backslash, NUL)', suffix: `'"%00%\\<>\u0000` },
];

function fieldsOf(operation: OperationInfo, doc: unknown): Field[] {
  const fields: Field[] = operation.parameters
    .filter((p) => p.in !== 'cookie')
    .map((p) => ({
      in: p.in as Where,
      name: p.name,
      schema: deref<Record<string, unknown>>(doc, p.schema, p.schemaPointer).value,
    }));
  const body = operation.requestBody?.schema;
  if (body !== undefined) {
    const resolved = deref<{ properties?: Record<string, unknown> }>(doc, body, '').value;
    for (const [name, schema] of Object.entries(resolved.properties ?? {}))
      fields.push({ in: 'body', name, schema: deref<Record<string, unknown>>(doc, schema, '').value });
  }
  return fields;
}

function sampleOf<T>(arbitrary: fc.Arbitrary<T>, seed: number): T {
  return fc.sample(arbitrary, { numRuns: 1, seed })[0]!;
}

/** The values at and one past each documented bound of a field (numbers, lengths, enums). */
export function boundCases(operation: OperationInfo, field: Field, doc: unknown, seed: number): BoundsCase[] {
  const s = field.schema;
  const out: BoundsCase[] = [];
  const add = (expect: BoundsCase['expect'], bound: string, value: unknown) =>
    out.push({ operationId: operation.operationId, in: field.in, name: field.name, expect, bound, value });
  if (s.type === 'integer' || s.type === 'number') {
    // The values nearest each bound come from @roomkit/arbitraries, which honours multipleOf (and
    // integers): an accepted value the schema refuses for another reason would be a false alarm.
    for (const edge of numberEdges(s, s.type === 'integer')) {
      const label = (value: number) => {
        if (value === edge.bound) return `${edge.keyword} ${edge.bound}`;
        const distance = Math.round(Math.abs(value - edge.bound) * 1e9) / 1e9;
        return `${edge.keyword} ${edge.bound} ${value < edge.bound ? '-' : '+'} ${distance}`;
      };
      if (edge.inside !== undefined) add('accept', label(edge.inside), edge.inside);
      if (edge.outside !== undefined) add('reject', label(edge.outside), edge.outside);
    }
  }
  const num = (key: string) => (typeof s[key] === 'number' ? (s[key] as number) : undefined);
  const exactly = (length: number) =>
    sampleOf(validFor({ ...s, minLength: length, maxLength: length }, { root: doc }), seed) as string;
  if (num('minLength') !== undefined) {
    const at = exactly(num('minLength')!);
    add('accept', `minLength ${num('minLength')}`, at);
    // An empty parameter (`?nextToken=`) is read as absent by many servers and mocks (OpenAPI's
    // allowEmptyValue): only a body field is refused for being empty.
    if (num('minLength')! > 0 && (num('minLength')! > 1 || field.in === 'body'))
      add('reject', `minLength ${num('minLength')} - 1`, at.slice(0, -1));
  }
  if (num('maxLength') !== undefined) {
    const at = exactly(num('maxLength')!);
    add('accept', `maxLength ${num('maxLength')}`, at);
    add('reject', `maxLength ${num('maxLength')} + 1`, at + at.slice(-1));
  }
  const values = Array.isArray(s.enum) ? (s.enum as unknown[]) : [];
  if (values.length > 0) {
    for (const value of values) add('accept', `enum ${JSON.stringify(value)}`, value);
    const first = values[0];
    const near =
      typeof first === 'string'
        ? [first.toLowerCase(), first.toUpperCase(), `${first}_X`].find((v) => !values.includes(v))
        : typeof first === 'number'
          ? Math.max(...values.filter((n): n is number => typeof n === 'number')) + 1
          : undefined;
    if (near !== undefined) add('reject', `not in enum: ${JSON.stringify(near)}`, near);
  }
  return out;
}

/**
 * Exact bounds, every field: for every documented minimum, maximum, length and enum of every
 * parameter and body field, the value at the bound is accepted and the one past it refused; every
 * string field also gets long, unicode and odd values, which must never get a 5xx. Bounds are read
 * from the spec's schemas; one request per case, the same cases on every run.
 */
export function boundsProperty(
  operations: readonly OperationInfo[],
  binding: OperationBinding,
): PropertyDefinition<BoundsCase> {
  const cases: BoundsCase[] = [];
  const base = new Map<string, RequestValues>();
  /** Fields a binding fills with state (ids): odd values there on writes would name what the run does not own. */
  const bound = new Map<string, Set<string>>();
  return defineProperty<BoundsCase>({
    name: 'bounds',
    description:
      'Every documented bound of every parameter and body field: at the bound accepted, one past refused; long, unicode and odd strings never get a 5xx.',
    requires: {},
    reports: ['positive_data_acceptance', 'negative_data_rejection', 'not_a_server_error'],
    operations: operations.map((o) => o.operationId),
    runsFactor: 0.2,
    // One request per case, on the shared chain or a fresh item of its own.
    independentRuns: true,
    async setup(session: Session) {
      const doc = session.spec.doc;
      let seed = 1;
      for (const operation of operations) {
        const overrides = await binding.options(operation);
        // Optional parameters are left out, so that each case breaks or stretches one field only.
        const optional = operation.parameters.filter((p) => !p.required && p.in !== 'cookie').map((p) => p.name);
        const options: RequestOptions = { root: doc, maxLength: 40, maxItems: 3, ...overrides, omit: optional };
        base.set(operation.operationId, sampleOf(validRequest(operation, options), seed++));
        bound.set(
          operation.operationId,
          new Set([
            ...Object.keys(overrides.parameters ?? {}),
            ...Object.keys(overrides.body ?? {}).map((k) => k.replace(/^\//, '')),
          ]),
        );
        for (const field of fieldsOf(operation, doc)) {
          cases.push(...boundCases(operation, field, doc, seed++));
          const write = operation.method !== 'get';
          const stateful = bound.get(operation.operationId)!.has(field.name);
          if (field.schema.type === 'string' && !(write && (stateful || field.in === 'path'))) {
            for (const { bound: what, suffix } of ODD_SUFFIXES)
              cases.push({
                operationId: operation.operationId,
                in: field.in,
                name: field.name,
                expect: 'odd',
                bound: what,
                value: suffix,
              });
          }
        }
      }
    },
    examples: () => cases,
    arbitrary: () => fc.constantFrom(...(cases.length > 0 ? cases : [undefined as unknown as BoundsCase])),
    async run(session, input) {
      if (input === undefined) return;
      const operation = session.spec.operation(input.operationId);
      const original = base.get(input.operationId)!;
      const mode: Mode = input.expect === 'reject' ? 'negative' : 'positive';
      const slot = VALUES[input.in];
      const withValue = (values: RequestValues, value: unknown): RequestValues => {
        if (slot === 'body')
          return {
            ...values,
            body: { ...((values.body as Record<string, unknown> | undefined) ?? {}), [input.name]: value },
          };
        return { ...values, [slot]: { ...values[slot], [input.name]: value } };
      };
      const valueIn = (values: RequestValues): unknown =>
        slot === 'body' ? (values.body as Record<string, unknown> | undefined)?.[input.name] : values[slot][input.name];
      const request: OperationCase = {
        mode,
        // An odd string is added to the value the binding puts in (below); a bound replaces it.
        values: input.expect === 'odd' ? structuredClone(original) : withValue(structuredClone(original), input.value),
        ...(mode === 'negative' ? { violation: { in: input.in, name: input.name, rule: 'bound', path: '' } } : {}),
        pick: 0,
      };
      const prepared = await binding.prepare(operation, request);
      if (prepared === undefined) return;
      let values = prepared.values;
      let intent: Intent = prepared.intent ?? (mode === 'negative' ? 'negative' : 'positive');
      if (input.expect === 'odd') {
        // After the binding put in what the target knows (a hotel, a fresh item), the odd string
        // is added to that value, so that a name keeps the run's prefix and an id stays recognisable.
        const known = valueIn(values);
        values = withValue(values, `${typeof known === 'string' ? known : ''}${input.value as string}`);
        intent = 'state';
      } else if (JSON.stringify(valueIn(values)) !== JSON.stringify(input.value)) {
        // The binding replaced the value (a made-up token dropped, a hotel the target knows put in,
        // a name marked as the run's): the case is not what it claims, and says nothing.
        return;
      }
      const serialize = (record: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(record)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
        );
      const exchange = await session.call(operation.operationId, {
        path: serialize(values.path),
        query: serialize(values.query),
        headers: serialize(values.headers),
        ...(values.body === undefined ? {} : { json: values.body }),
        intent,
      });
      await binding.after(operation, { ...request, values }, exchange);
    },
  });
}
