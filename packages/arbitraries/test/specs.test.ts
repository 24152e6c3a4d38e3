import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiNames, createSpecValidator, listOperations, loadSpec } from '@roomkit/openapi';
import type { OpenApiDocument } from '@roomkit/openapi';
import { invalidFor, validFor, violationsOf } from '../src/index.js';
import { expectViolation, runs } from './support.js';

/** Every schema of a bundled spec: the named components and each operation's parameters and bodies. */
function schemasOf(doc: OpenApiDocument): { pointer: string; serialized: boolean }[] {
  const out = Object.keys(doc.components?.schemas ?? {}).map((name) => ({
    pointer: `#/components/schemas/${name}`,
    serialized: false,
  }));
  for (const op of listOperations(doc)) {
    for (const p of op.parameters) out.push({ pointer: p.schemaPointer, serialized: true });
    if (op.requestBody?.schemaPointer) out.push({ pointer: op.requestBody.schemaPointer, serialized: false });
    for (const response of Object.values(op.responses)) {
      if (response.schemaPointer) out.push({ pointer: response.schemaPointer, serialized: false });
      for (const header of Object.values(response.headers))
        out.push({ pointer: header.schemaPointer, serialized: true });
    }
  }
  return out;
}

for (const api of apiNames) {
  describe(`every schema of the bundled ${api} spec`, () => {
    const doc = loadSpec(api);
    const validator = createSpecValidator(doc);
    const schemas = schemasOf(doc);

    it('has schemas to test', () => {
      expect(schemas.length).toBeGreaterThan(10);
    });

    it.each(schemas)('$pointer: valid values validate', ({ pointer }) => {
      fc.assert(
        fc.property(validFor({ $ref: pointer }, { root: doc }), (value) => {
          expect(validator.validate(pointer, value).errors).toEqual([]);
        }),
        runs(100),
      );
    });

    it.each(schemas)('$pointer: invalid values fail for their tagged rule only', ({ pointer, serialized }) => {
      const options = { root: doc, serialized };
      if (violationsOf({ $ref: pointer }, options).length === 0) {
        // Nothing to break: a schema that admits any value, or (as text on the wire) any non-empty text.
        for (const v of serialized ? ['x', 'a b.c'] : [null, 1, 'x', {}, []])
          expect(validator.validate(pointer, v).errors).toEqual([]);
        return;
      }
      fc.assert(
        fc.property(invalidFor({ $ref: pointer }, options), (invalid) => {
          expectViolation(validator.validate(pointer, invalid.value).errors, invalid);
        }),
        runs(100),
      );
    });
  });
}
