import { createSpecValidator } from '@roomkit/openapi';
import type { OpenApiDocument, SpecValidator } from '@roomkit/openapi';
import type { JsonSchema } from './schema.js';

// One validator per root document, so that the project validates with a single Ajv setup: the spec's.
const byRoot = new WeakMap<object, SpecValidator>();

/**
 * A predicate for "value validates against schema", where the schema's `$ref`s point into `root`.
 * Used where generation alone cannot promise validity (oneOf exclusivity, `not`, unfolded allOf).
 */
export function validates(schema: JsonSchema, root: unknown): (value: unknown) => boolean {
  if (typeof schema === 'boolean') return () => schema;
  const key = (root !== null && typeof root === 'object' ? root : {}) as object;
  let validator = byRoot.get(key);
  if (!validator) {
    // Any JSON document with schemas in it will do as a root (a `$defs` holder as well as an OpenAPI document).
    validator = createSpecValidator(key as OpenApiDocument);
    byRoot.set(key, validator);
  }
  const v = validator;
  return (value) => v.validate(schema, value).valid;
}
