import fc from 'fast-check';
import type { OperationInfo, ParameterInfo } from '@roomkit/openapi';
import { violations } from './invalid.js';
import { createContext } from './schema.js';
import type { ArbitraryOptions, Overrides } from './schema.js';
import { valid } from './valid.js';

/** Parameter values by location (typed as the schema says; serialising them is the caller's job) and the body. */
export interface RequestValues {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  /** Absent when the operation takes no JSON body, or in a violation that leaves out a required body. */
  body?: unknown;
}

export interface RequestViolation {
  in: 'path' | 'query' | 'header' | 'body';
  /** The parameter name; for the body, its top-level property at fault, or `body` for the body as a whole. */
  name: string;
  /** The JSON Schema keyword broken (`required` for a missing parameter or body). */
  rule: string;
  /** JSON pointer inside the parameter value or the body (`` for the whole value). */
  path: string;
}

export interface InvalidRequest extends RequestValues {
  violation: RequestViolation;
}

export interface RequestOptions extends Pick<ArbitraryOptions, 'maxItems' | 'maxLength'> {
  /** The bundled document the operation comes from (its schemas use `$ref`s). */
  root: unknown;
  /** Valid values to use for named parameters (an existing `propertyId`, a known `organizationId`). */
  parameters?: Record<string, fc.Arbitrary<unknown>>;
  /** Optional parameters never to send nor break (`nextToken` outside a pagination walk, where any made-up token is malformed). */
  omit?: string[];
  /** Overrides inside the body, keyed as in `validFor` (`/organizationId`, `#/components/schemas/UnitId`). */
  body?: Overrides;
}

type Location = 'path' | 'query' | 'header';
const LOCATIONS: Record<Location, keyof Omit<RequestValues, 'body'>> = {
  path: 'path',
  query: 'query',
  header: 'headers',
};

function sentParameters(op: OperationInfo, options: RequestOptions): (ParameterInfo & { in: Location })[] {
  // Cookie parameters are not part of these APIs; leaving them out keeps RequestValues small.
  const sent = op.parameters.filter((p): p is ParameterInfo & { in: Location } => p.in !== 'cookie');
  const omitted = new Set(options.omit ?? []);
  for (const name of omitted) {
    const p = sent.find((q) => q.name === name);
    if (!p)
      throw new Error(
        `Cannot omit "${name}": ${op.operationId} has no such parameter (it has ${sent.map((q) => q.name).join(', ') || 'none'}).`,
      );
    if (p.required) throw new Error(`Cannot omit "${name}": it is a required ${p.in} parameter of ${op.operationId}.`);
  }
  return sent.filter((p) => !omitted.has(p.name));
}

function parameterContext(p: ParameterInfo, options: RequestOptions) {
  return createContext(p.schema, {
    root: options.root,
    serialized: true,
    ascii: p.in === 'header',
    ...limits(options),
  });
}

function limits(options: RequestOptions): Pick<ArbitraryOptions, 'maxItems' | 'maxLength'> {
  return {
    ...(options.maxItems === undefined ? {} : { maxItems: options.maxItems }),
    ...(options.maxLength === undefined ? {} : { maxLength: options.maxLength }),
  };
}

function bodyContext(op: OperationInfo, options: RequestOptions) {
  const schema = op.requestBody?.schema;
  return schema === undefined
    ? undefined
    : { schema, ctx: createContext(schema, { root: options.root, overrides: options.body ?? {}, ...limits(options) }) };
}

/** Requests an implementation must accept as far as the schemas go: every value valid, required ones present. */
export function validRequest(op: OperationInfo, options: RequestOptions): fc.Arbitrary<RequestValues> {
  const byLocation = (location: Location) => {
    const params = sentParameters(op, options).filter((p) => p.in === location);
    const model = Object.fromEntries(
      params.map((p) => [p.name, options.parameters?.[p.name] ?? valid(p.schema, parameterContext(p, options))]),
    );
    return fc.record(model, {
      requiredKeys: params.filter((p) => p.required || p.in === 'path').map((p) => p.name),
      noNullPrototype: true,
    });
  };
  const body = bodyContext(op, options);
  return fc
    .record({
      path: byLocation('path'),
      query: byLocation('query'),
      headers: byLocation('header'),
      body: body ? valid(body.schema, body.ctx) : fc.constant(undefined),
    })
    .map(({ body: value, ...rest }) => (value === undefined ? rest : { ...rest, body: value }));
}

/**
 * Requests that break exactly one rule of one parameter or of the body, tagged with which; the rest
 * of the request is valid. Empty when nothing in the operation can be broken.
 */
export function requestViolations(op: OperationInfo, options: RequestOptions): fc.Arbitrary<InvalidRequest>[] {
  const base = validRequest(op, options);
  const out: fc.Arbitrary<InvalidRequest>[] = [];
  for (const p of sentParameters(op, options)) {
    const key = LOCATIONS[p.in];
    // A path parameter cannot be left out: the URL would name another resource or none.
    if (p.required && p.in !== 'path') {
      out.push(
        base.map((r) => {
          const { [p.name]: _left, ...rest } = r[key];
          return { ...r, [key]: rest, violation: { in: p.in, name: p.name, rule: 'required', path: '' } };
        }),
      );
    }
    for (const broken of violations(p.schema, parameterContext(p, options))) {
      out.push(
        fc.tuple(base, broken).map(([r, inv]) => ({
          ...r,
          [key]: { ...r[key], [p.name]: inv.value },
          violation: { in: p.in, name: p.name, rule: inv.rule, path: inv.path },
        })),
      );
    }
  }
  const body = bodyContext(op, options);
  if (body) {
    if (op.requestBody?.required) {
      out.push(
        base.map(({ body: _left, ...r }) => ({
          ...r,
          violation: { in: 'body', name: 'body', rule: 'required', path: '' },
        })),
      );
    }
    for (const broken of violations(body.schema, body.ctx)) {
      out.push(
        fc.tuple(base, broken).map(([r, inv]) => ({
          ...r,
          body: inv.value,
          violation: { in: 'body', name: topLevelName(inv.path), rule: inv.rule, path: inv.path },
        })),
      );
    }
  }
  return out;
}

export function invalidRequest(op: OperationInfo, options: RequestOptions): fc.Arbitrary<InvalidRequest> {
  const all = requestViolations(op, options);
  if (all.length === 0)
    throw new Error(`Operation ${op.operationId} has no parameter or body rule that can be broken.`);
  return fc.oneof(...all);
}

function topLevelName(pointer: string): string {
  const first = pointer.split('/')[1];
  return first === undefined ? 'body' : first.replaceAll('~1', '/').replaceAll('~0', '~');
}
