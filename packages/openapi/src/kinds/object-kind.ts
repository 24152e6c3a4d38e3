// What an object-level rule kind is (`x-roomkit-rules` entries with a `subject` schema and an
// `at` path): a judge of one object the rule is about. One module per kind beside this file;
// `OBJECT_RULE_KINDS` (index.ts) is the registry every caller iterates.
import type { OpenApiDocument } from '../document.js';
import type { Rule } from '../extensions.js';

export type Obj = Record<string, unknown>;

/** A judge of one object for the rules of one kind. */
export interface ObjectRuleKind<K extends Rule['kind']> {
  kind: K;
  /**
   * Why `obj` (its schema `schema`) breaks `rule`, or undefined when it keeps it (or the rule
   * does not apply to it: a type the schema checks report, an absent array).
   */
  judge(doc: OpenApiDocument, rule: Extract<Rule, { kind: K }>, obj: Obj, schema: Obj): string | undefined;
}
