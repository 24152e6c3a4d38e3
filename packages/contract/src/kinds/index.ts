// The registry of every rule kind an `x-roomkit-rules` entry may have (`ruleKinds` of
// @roomkit/openapi): where its rules are judged, and how. The catalogue names each rule's kind and
// judge from it, and `kinds-registry.test.ts` fails when the rule schemas declare a kind without an
// entry here, when an entry names a file that is not there, and when a kind is added that lives
// inside a property instead of a module of its own.
import type { Rule } from '@roomkit/openapi';

/**
 * How a kind's rules are judged:
 * - `kind-module`: a module in this folder (its rule and status read from the spec, a pure verdict
 *   or oracle) that checks and properties ask;
 * - `state-oracle`: a kind module registered in `STATE_RULE_KINDS` (state-kinds.ts), the oracle the
 *   model-based property asks of every write;
 * - `object-judge`: an object-level kind of @roomkit/openapi (`OBJECT_RULE_KINDS`), judged on
 *   every object of its schema in every answer;
 * - `property`: still judged inside the property that reports it (to move beside its kind);
 * - `untestable`: the spec marks every rule of the kind untestable, with the reason.
 */
export type KindJudge = 'kind-module' | 'state-oracle' | 'object-judge' | 'property' | 'untestable';

export interface KindEntry {
  readonly judge: KindJudge;
  /**
   * The file that judges its rules: relative to packages/contract/src, or `@roomkit/openapi/…`
   * for an object-level kind; none for an untestable kind.
   */
  readonly judgedIn?: string;
}

const module = (file: string): KindEntry => ({ judge: 'kind-module', judgedIn: `kinds/${file}` });
const state = (file: string): KindEntry => ({ judge: 'state-oracle', judgedIn: `kinds/${file}` });
const object = (file: string): KindEntry => ({ judge: 'object-judge', judgedIn: `@roomkit/openapi/src/kinds/${file}` });
const property = (file: string): KindEntry => ({ judge: 'property', judgedIn: file });

/** Every rule kind, by its name in `x-roomkit-rules`. */
export const RULE_KINDS: { readonly [K in Rule['kind']]: KindEntry } = {
  unique: state('unique.ts'),
  'parent-must-exist': state('parent-must-exist.ts'),
  'delete-requires-empty': state('delete-requires-empty.ts'),
  'gone-after-delete': module('gone-after-delete.ts'),
  'list-filter': module('list-filter.ts'),
  tenancy: module('tenancy.ts'),
  'request-id': module('request-id.ts'),
  authentication: module('authentication.ts'),
  'credential-parts': module('credential-parts.ts'),
  relation: object('relation.ts'),
  'exactly-one': object('exactly-one.ts'),
  'unique-by': object('unique-by.ts'),
  'sole-item': object('sole-item.ts'),
  pagination: module('pagination.ts'),
  'rejects-parameter': module('rejects-parameter.ts'),
  'update-persists': module('update-persists.ts'),
  'field-schema': module('field-schema.ts'),
  model: property('hospitality/properties/model.ts'),
  'no-op-update': module('no-op-update.ts'),
  'write-isolation': module('write-isolation.ts'),
  'one-collection-per-id': module('one-collection-per-id.ts'),
  'unknown-input-fails': module('unknown-input-fails.ts'),
  'identifies-together': module('identifies-together.ts'),
  'undocumented-method': module('undocumented-method.ts'),
  'undocumented-path': module('undocumented-path.ts'),
  'body-size-limit': module('body-size-limit.ts'),
  'content-type-required': module('content-type-required.ts'),
  'lone-surrogate': module('lone-surrogate.ts'),
  'malformed-body': module('malformed-body.ts'),
  'delete-requires-no-endpoints': { judge: 'untestable' },
};

/** The registry's entry for a rule's kind. */
export function kindOf(rule: Pick<Rule, 'kind'>): KindEntry {
  return RULE_KINDS[rule.kind];
}
