/**
 * A value that breaks exactly one stated constraint of a schema.
 * `rule` is the JSON Schema keyword at fault (`type`, `minimum`, `maxLength`, `pattern`, `required`,
 * `additionalProperties`, `enum`...). `path` is the JSON pointer of the offending value inside the
 * generated instance; for `required` and `additionalProperties` it names the missing or unexpected
 * property itself (`/name`), whereas Ajv reports those at the enclosing object.
 */
export interface Invalid {
  value: unknown;
  rule: string;
  path: string;
}
