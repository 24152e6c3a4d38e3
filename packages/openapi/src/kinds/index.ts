// The registry of object-level rule kinds: every caller (the object-rule judge, the subjects
// walk, the contract suite's report list) iterates it instead of naming the kinds.
import type { Rule } from '../extensions.js';
import { exactlyOne } from './exactly-one.js';
import type { ObjectRuleKind } from './object-kind.js';
import { relation } from './relation.js';
import { soleItem } from './sole-item.js';
import { uniqueBy } from './unique-by.js';

export type ObjectRule = Extract<Rule, { kind: 'relation' | 'exactly-one' | 'unique-by' | 'sole-item' }>;

/** Every object-level kind, by its name in `x-roomkit-rules`. */
export const OBJECT_RULE_KINDS: { readonly [K in ObjectRule['kind']]: ObjectRuleKind<K> } = {
  relation,
  'exactly-one': exactlyOne,
  'unique-by': uniqueBy,
  'sole-item': soleItem,
};

/** Whether a rule is of an object-level kind (judged on the objects of its `subject` schema). */
export function isObjectRule(rule: Rule): rule is ObjectRule {
  return Object.hasOwn(OBJECT_RULE_KINDS, rule.kind);
}
