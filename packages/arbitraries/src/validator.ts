import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema } from './schema.js';

// ajv-formats ships CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

const ROOT_ID = 'urn:roomkit:arbitraries:root';

interface RootValidators {
  ajv: Ajv2020;
  compiled: WeakMap<object, ValidateFunction>;
}

const byRoot = new WeakMap<object, RootValidators>();

function validatorsFor(root: unknown): RootValidators {
  const key = (root !== null && typeof root === 'object' ? root : {}) as object;
  let entry = byRoot.get(key);
  if (!entry) {
    const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: false });
    addFormats(ajv);
    // The root may be a whole OpenAPI document: only its fragments are ever compiled, through $refs.
    const { $id: _id, $schema: _schema, ...document } = key as Record<string, unknown>;
    ajv.addSchema(document, ROOT_ID);
    entry = { ajv, compiled: new WeakMap() };
    byRoot.set(key, entry);
  }
  return entry;
}

function anchorRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anchorRefs);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) =>
      k === '$ref' && typeof v === 'string' && v.startsWith('#') ? [k, `${ROOT_ID}${v}`] : [k, anchorRefs(v)],
    ),
  );
}

/**
 * A predicate for "value validates against schema", where the schema's `$ref`s point into `root`.
 * Used where generation alone cannot promise validity (oneOf exclusivity, `not`, unfolded allOf).
 */
export function validates(schema: JsonSchema, root: unknown): (value: unknown) => boolean {
  if (typeof schema === 'boolean') return () => schema;
  const entry = validatorsFor(root);
  let validate = entry.compiled.get(schema);
  if (!validate) {
    const { $id: _id, $schema: _schema, ...anchored } = anchorRefs(schema) as Record<string, unknown>;
    validate = entry.ajv.compile(anchored);
    entry.compiled.set(schema, validate);
  }
  const fn = validate;
  return (value) => fn(value) === true;
}
