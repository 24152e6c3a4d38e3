import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema, OpenApiDocument } from './document.js';
import { documentedResponse, getOperation, type ParameterInfo } from './operations.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => void;

export interface SchemaError {
  /** Where in the data the error is, as a JSON Pointer (`/configuration/occupancy/max_adults`). */
  path: string;
  message: string;
  keyword: string;
  /** Where in the spec the violated keyword is. */
  schemaPath: string;
  /** The keyword's details (Ajv's params: `limit`, `missingProperty`, …), for describeSchemaError. */
  params?: Record<string, unknown>;
}

export interface ValidationResult {
  valid: boolean;
  errors: SchemaError[];
}

export interface ParameterInput {
  query?: Record<string, string | string[] | undefined>;
  path?: Record<string, string | undefined>;
  headers?: Record<string, string | string[] | undefined>;
}

export interface SpecValidator {
  /** Validates data against a schema given as a local JSON Pointer (`#/components/schemas/Room`) or inline. */
  validate(schema: string | JsonSchema, data: unknown): ValidationResult;
  requestBody(operationId: string, body: unknown): ValidationResult;
  /** Validates a response body against the schema documented for its status. An undocumented status is an error. */
  responseBody(operationId: string, status: number, body: unknown): ValidationResult;
  /** Validates raw (string) parameters, converting them to the schema's type first as an HTTP server would; an empty value is validated, not taken as absent. */
  parameters(operationId: string, input: ParameterInput): ValidationResult & { values: Record<string, unknown> };
}

const ok: ValidationResult = { valid: true, errors: [] };

function toErrors(errors: ErrorObject[] | null | undefined, docId: string, prefix = ''): SchemaError[] {
  return (errors ?? []).map((e) => ({
    path: prefix + e.instancePath,
    message: e.message ?? 'is invalid',
    keyword: e.keyword,
    // Ajv reports locations under the id the document was registered with; report spec pointers.
    schemaPath: e.schemaPath.startsWith(docId) ? e.schemaPath.slice(docId.length) : e.schemaPath,
    params: e.params as Record<string, unknown>,
  }));
}

/** Rewrites local `#/...` references so an inline schema resolves against the registered document. */
function anchorRefs(schema: unknown, docId: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => anchorRefs(s, docId));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? docId + v : anchorRefs(v, docId);
  }
  return out;
}

function schemaTypes(schema: JsonSchema): string[] {
  if (typeof schema !== 'object') return [];
  const t = schema.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

/** Converts a raw parameter string to what the schema expects; leaves it alone when it does not parse. */
function coerce(raw: string, schema: JsonSchema): unknown {
  const types = schemaTypes(schema);
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) {
    return Number(raw);
  }
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

let nextId = 0;

/** An Ajv 2020-12 validator over the whole bundled document; compiled schemas are cached. */
export function createSpecValidator(doc: OpenApiDocument): SpecValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const docId = `urn:roomkit:spec:${nextId++}`;
  ajv.addSchema(doc as object, docId);

  const byPointer = new Map<string, ValidateFunction>();
  const byObject = new WeakMap<object, ValidateFunction>();

  function compile(schema: string | JsonSchema): ValidateFunction {
    if (typeof schema === 'string') {
      let fn = byPointer.get(schema);
      if (!fn) {
        fn = ajv.compile({ $ref: docId + schema });
        byPointer.set(schema, fn);
      }
      return fn;
    }
    if (typeof schema === 'boolean') return ajv.compile(schema);
    let fn = byObject.get(schema);
    if (!fn) {
      fn = ajv.compile(anchorRefs(schema, docId) as object);
      byObject.set(schema, fn);
    }
    return fn;
  }

  function run(schema: string | JsonSchema, data: unknown, prefix = ''): ValidationResult {
    const fn = compile(schema);
    return fn(data) ? ok : { valid: false, errors: toErrors(fn.errors, docId, prefix) };
  }

  function readParam(p: ParameterInfo, input: ParameterInput): string | string[] | undefined {
    if (p.in === 'query') return input.query?.[p.name];
    if (p.in === 'path') return input.path?.[p.name];
    if (p.in === 'header') {
      const headers = input.headers ?? {};
      const key = Object.keys(headers).find((h) => h.toLowerCase() === p.name.toLowerCase());
      return key === undefined ? undefined : headers[key];
    }
    return undefined;
  }

  return {
    validate: (schema, data) => run(schema, data),
    requestBody(operationId, body) {
      const op = getOperation(doc, operationId);
      if (!op.requestBody?.schemaPointer) return ok;
      return run(op.requestBody.schemaPointer, body, '/body');
    },
    responseBody(operationId, status, body) {
      const op = getOperation(doc, operationId);
      const response = documentedResponse(op, status);
      if (!response) {
        return {
          valid: false,
          errors: [
            {
              path: '',
              message: `status ${status} is not documented for ${operationId}`,
              keyword: 'status',
              schemaPath: op.pointer,
            },
          ],
        };
      }
      if (!response.schemaPointer) return ok;
      return run(response.schemaPointer, body);
    },
    parameters(operationId, input) {
      const op = getOperation(doc, operationId);
      const values: Record<string, unknown> = {};
      const errors: SchemaError[] = [];
      for (const p of op.parameters) {
        const raw = readParam(p, input);
        // An empty value is a value (`nextToken=` is below its minLength), not an absent parameter.
        if (raw === undefined) {
          if (p.required) {
            errors.push({
              path: `/${p.in}/${p.name}`,
              message: 'is required',
              keyword: 'required',
              schemaPath: p.schemaPointer,
            });
          }
          continue;
        }
        if (Array.isArray(raw)) {
          errors.push({
            path: `/${p.in}/${p.name}`,
            message: `must be given once, not ${raw.length} times`,
            keyword: 'type',
            schemaPath: p.schemaPointer,
          });
          continue;
        }
        const value = coerce(raw, p.schema);
        const result = run(p.schemaPointer, value, `/${p.in}/${p.name}`);
        if (result.valid) values[p.name] = value;
        else errors.push(...result.errors);
      }
      return { valid: errors.length === 0, errors, values };
    },
  };
}
