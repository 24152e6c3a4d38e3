import type fc from 'fast-check';

/** A JSON Schema (2020-12 dialect, as OpenAPI 3.1 uses it). Kept loose on purpose: specs carry extensions. */
export type JsonSchema = boolean | { [keyword: string]: unknown };

/** The typed view of a schema object that the generators read. */
export interface SchemaObject {
  [keyword: string]: unknown;
  $ref?: string;
  type?: JsonType | JsonType[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema;
  minProperties?: number;
  maxProperties?: number;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  not?: JsonSchema;
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

export const JSON_TYPES: readonly JsonType[] = ['string', 'number', 'integer', 'boolean', 'null', 'object', 'array'];

/**
 * Replaces generation at one place. Keys are either a `$ref` as written in the spec
 * (`#/components/schemas/UnitId`) or the JSON pointer of a value inside the generated instance
 * (`/organizationId`, `/rooms/0/name`; `` for the whole value).
 */
export type Overrides = Record<string, fc.Arbitrary<unknown>>;

export interface ArbitraryOptions {
  /** Document that `$ref`s point into (an OpenAPI document or a schema with `$defs`). Defaults to the schema itself. */
  root?: unknown;
  overrides?: Overrides;
  /** Upper bound on generated array length when the schema has no `maxItems` (default 4). */
  maxItems?: number;
  /** Upper bound on generated string length when the schema has no `maxLength` (default 32). */
  maxLength?: number;
  /**
   * The value will travel as text in a URL or a header (an OpenAPI parameter), so type
   * violations are strings that do not parse as the declared type rather than JSON values of another type.
   */
  serialized?: boolean;
  /** Generate printable ASCII only, where a schema leaves characters open (header values must be ASCII). */
  ascii?: boolean;
}

export interface Context {
  readonly root: unknown;
  readonly overrides: Overrides;
  readonly maxItems: number;
  readonly maxLength: number;
  readonly serialized: boolean;
  readonly ascii: boolean;
  /** JSON pointer of the current value inside the generated instance. */
  readonly path: string;
  /** `$ref`s being expanded on the way down, to refuse unbounded recursion with a clear message. */
  readonly refs: readonly string[];
}

export function createContext(schema: JsonSchema, options: ArbitraryOptions = {}): Context {
  return {
    root: options.root ?? schema,
    overrides: options.overrides ?? {},
    maxItems: options.maxItems ?? 4,
    maxLength: options.maxLength ?? 32,
    serialized: options.serialized ?? false,
    ascii: options.ascii ?? false,
    path: '',
    refs: [],
  };
}

export function childContext(ctx: Context, segment: string | number): Context {
  return { ...ctx, path: `${ctx.path}/${escapePointerSegment(String(segment))}` };
}

export function escapePointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function unescapePointerSegment(segment: string): string {
  return decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~');
}

export function resolvePointer(root: unknown, ref: string): JsonSchema {
  if (!ref.startsWith('#')) {
    throw new Error(
      `Cannot resolve $ref "${ref}": only local references (#/...) into the root document are supported; bundle the spec first.`,
    );
  }
  const pointer = ref.slice(1);
  let node: unknown = root;
  if (pointer !== '') {
    for (const segment of pointer.split('/').slice(1).map(unescapePointerSegment)) {
      if (node === null || typeof node !== 'object' || !(segment in node)) {
        throw new Error(
          `Cannot resolve $ref "${ref}": no "${segment}" in the root document. Pass the document the schema comes from as { root }.`,
        );
      }
      node = (node as Record<string, unknown>)[segment];
    }
  }
  if (typeof node !== 'boolean' && (node === null || typeof node !== 'object')) {
    throw new Error(`$ref "${ref}" does not point at a schema.`);
  }
  return node as JsonSchema;
}

export function asObject(schema: JsonSchema): SchemaObject {
  if (schema === true) return {};
  if (schema === false) return { not: {} };
  return schema as SchemaObject;
}

/** Keywords that never change which values validate. */
const ANNOTATIONS = new Set([
  '$ref',
  '$id',
  '$schema',
  '$comment',
  '$anchor',
  '$defs',
  'definitions',
  'title',
  'description',
  'examples',
  'example',
  'deprecated',
  'readOnly',
  'writeOnly',
  'discriminator',
  'xml',
  'externalDocs',
  'contentMediaType',
  'contentEncoding',
]);

function isAnnotation(keyword: string): boolean {
  return ANNOTATIONS.has(keyword) || keyword.startsWith('x-');
}

export interface Resolved {
  schema: SchemaObject;
  ctx: Context;
  /** Override that replaces generation here, found by `$ref` or by instance path. */
  override?: fc.Arbitrary<unknown>;
  /**
   * Set when `allOf` held keywords that could not be folded into one (two patterns, two `items`...):
   * the schema as written, which generated values must still be checked against.
   */
  unfolded?: SchemaObject;
}

/**
 * Follows `$ref`s (with their 2020-12 sibling keywords) and folds `allOf` into one schema, so the
 * generators only ever see plain keywords plus `anyOf`/`oneOf`/`not`.
 */
export function resolve(schema: JsonSchema, ctx: Context, useOverrides = true): Resolved {
  const byPath = useOverrides ? ctx.overrides[ctx.path] : undefined;
  let current = asObject(schema);
  let context = ctx;
  let unfolded: SchemaObject | undefined;
  if (byPath) return { schema: current, ctx, override: byPath };
  for (;;) {
    const ref = current.$ref;
    if (ref !== undefined) {
      const byRef = useOverrides ? context.overrides[ref] : undefined;
      if (byRef) return { schema: current, ctx: context, override: byRef };
      if (context.refs.filter((r) => r === ref).length >= 2) {
        throw new Error(
          `Schema "${ref}" refers to itself at ${context.path || '(root)'}; recursive schemas are not supported.`,
        );
      }
      context = { ...context, refs: [...context.refs, ref] };
      const target = asObject(resolvePointer(context.root, ref));
      const siblings = Object.fromEntries(Object.entries(current).filter(([k]) => k !== '$ref'));
      current = Object.keys(siblings).some((k) => !isAnnotation(k)) ? { allOf: [target, siblings] } : target;
      continue;
    }
    if (current.allOf !== undefined) {
      const { allOf, ...rest } = current;
      let merged: SchemaObject = rest;
      let lossy = false;
      for (const part of allOf) {
        const resolved = resolve(part, context);
        if (resolved.override) {
          throw new Error(
            `Override for a schema inside allOf at ${context.path || '(root)'} is not supported; override the enclosing value instead.`,
          );
        }
        const step = mergeSchemas(merged, resolved.schema);
        merged = step.merged;
        lossy ||= step.lossy || resolved.unfolded !== undefined;
      }
      if (lossy) unfolded ??= current;
      current = merged;
      continue;
    }
    return unfolded ? { schema: current, ctx: context, unfolded } : { schema: current, ctx: context };
  }
}

/**
 * Intersection of two schemas, keyword by keyword (the stricter bound wins). `lossy` when a keyword
 * appears in both with values that do not combine (two patterns): the left one is kept.
 */
export function mergeSchemas(a: SchemaObject, b: SchemaObject): { merged: SchemaObject; lossy: boolean } {
  const out: SchemaObject = { ...a };
  let lossy = false;
  for (const [key, value] of Object.entries(b)) {
    const existing = out[key];
    if (existing === undefined) {
      out[key] = value;
      continue;
    }
    switch (key) {
      case 'type': {
        const left = typesOf(existing as JsonType | JsonType[]);
        const right = typesOf(value as JsonType | JsonType[]);
        const both = new Set<JsonType>();
        for (const t of left) {
          if (right.includes(t)) both.add(t);
          else if (t === 'integer' && right.includes('number')) both.add('integer');
          else if (t === 'number' && right.includes('integer')) both.add('integer');
        }
        out.type = [...both];
        break;
      }
      case 'minimum':
      case 'exclusiveMinimum':
      case 'minLength':
      case 'minItems':
      case 'minProperties':
        out[key] = Math.max(existing as number, value as number);
        break;
      case 'maximum':
      case 'exclusiveMaximum':
      case 'maxLength':
      case 'maxItems':
      case 'maxProperties':
        out[key] = Math.min(existing as number, value as number);
        break;
      case 'required':
        out.required = [...new Set([...(existing as string[]), ...(value as string[])])];
        break;
      case 'enum':
        out.enum = (existing as unknown[]).filter((x) => (value as unknown[]).some((y) => sameJson(x, y)));
        break;
      case 'properties': {
        const props: Record<string, JsonSchema> = { ...(existing as Record<string, JsonSchema>) };
        for (const [name, sub] of Object.entries(value as Record<string, JsonSchema>)) {
          props[name] = props[name] === undefined ? sub : { allOf: [props[name], sub] };
        }
        out.properties = props;
        break;
      }
      case 'uniqueItems':
        out.uniqueItems = Boolean(existing) || Boolean(value);
        break;
      default:
        if (!sameJson(existing, value)) lossy = true;
    }
  }
  return { merged: out, lossy };
}

export function typesOf(type: JsonType | JsonType[] | undefined): JsonType[] {
  if (type === undefined) return [];
  return Array.isArray(type) ? type : [type];
}

export function sameJson(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

/** JSON text with object keys sorted, so that equal JSON values give equal strings (uniqueItems, enum). */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/** Types a schema admits: its `type`, or what its keywords imply when `type` is absent. */
export function impliedTypes(schema: SchemaObject): JsonType[] {
  const declared = typesOf(schema.type);
  if (declared.length > 0) return declared;
  if (schema.const !== undefined) return [jsonTypeOf(schema.const)];
  if (schema.enum !== undefined) return [...new Set(schema.enum.map(jsonTypeOf))];
  const implied: JsonType[] = [];
  if (['properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties'].some((k) => k in schema))
    implied.push('object');
  if (['items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems'].some((k) => k in schema)) implied.push('array');
  if (['minLength', 'maxLength', 'pattern', 'format'].some((k) => k in schema)) implied.push('string');
  if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'].some((k) => k in schema))
    implied.push('number');
  return implied;
}

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

/** Keywords this module generates for directly; anything else that constrains values is checked with Ajv. */
const GENERATED = new Set([
  'type',
  'enum',
  'const',
  'default',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'anyOf',
  'oneOf',
]);

export function unsupportedKeywords(schema: SchemaObject): string[] {
  return Object.keys(schema).filter((k) => !GENERATED.has(k) && !isAnnotation(k));
}
