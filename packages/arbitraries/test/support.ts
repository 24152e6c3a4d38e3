import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import type { Invalid } from '../src/index.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => void;

/** Fixed in CI; set FC_SEED to replay another run. fast-check prints seed and counterexample on failure. */
export const SEED = Number(process.env.FC_SEED ?? 20260521);

export function runs(numRuns: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns };
}

export interface ErrorLike {
  path: string;
  keyword: string;
}

/** An oracle independent of the module under test: a fresh Ajv 2020 with every error reported. */
export function ajvOracle(root?: object): (schema: unknown, data: unknown) => ErrorLike[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const rootId = 'urn:test:root';
  if (root) ajv.addSchema(root, rootId);
  const anchor = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(anchor)
      : node && typeof node === 'object'
        ? Object.fromEntries(
            Object.entries(node).map(([k, v]) => [
              k,
              k === '$ref' && typeof v === 'string' && v.startsWith('#') && root ? rootId + v : anchor(v),
            ]),
          )
        : node;
  const cache = new Map<unknown, ReturnType<Ajv2020['compile']>>();
  return (schema, data) => {
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile(anchor(schema) as object);
      cache.set(schema, validate);
    }
    return validate(data) ? [] : (validate.errors ?? []).map((e) => ({ path: e.instancePath, keyword: e.keyword }));
  };
}

/** Where a validator reports the rule: `required` and `additionalProperties` at the enclosing object. */
export function reportedAt(invalid: Invalid): string {
  if (invalid.rule === 'required' || invalid.rule === 'additionalProperties') {
    return invalid.path.slice(0, invalid.path.lastIndexOf('/'));
  }
  return invalid.path;
}

/**
 * The value fails for the tagged rule at the tagged place, and nothing outside the line from the
 * root to that place fails: the rest of the value is valid.
 */
export function expectViolation(errors: ErrorLike[], invalid: Invalid): void {
  const at = reportedAt(invalid);
  expect(errors, `expected a "${invalid.rule}" error at "${at}"`).toContainEqual(
    expect.objectContaining({ keyword: invalid.rule, path: at }),
  );
  for (const error of errors) {
    const onTheLine = invalid.path === error.path || invalid.path.startsWith(`${error.path}/`);
    expect(onTheLine, `unrelated error ${JSON.stringify(error)} for ${JSON.stringify(invalid)}`).toBe(true);
  }
}
