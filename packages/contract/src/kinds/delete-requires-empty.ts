// The `delete-requires-empty` rule kind (`x-roomkit-rules` entries such as
// property-delete-requires-empty): its rules, status and message read from the spec, and a pure
// oracle over the state model. The sandbox enforces the same entries with code of its own.
import { rulesOfKind, stillHasChildren, type OpenApiDocument, type Rule } from '@roomkit/openapi';
import type { ModelItem, Refusal, StateRuleKind } from './state.js';

export type DeleteRequiresEmptyRule = Extract<Rule, { kind: 'delete-requires-empty' }>;

/** The spec's `delete-requires-empty` rules. */
export function deleteRequiresEmptyRules(doc: OpenApiDocument): DeleteRequiresEmptyRule[] {
  return rulesOfKind(doc, 'delete-requires-empty');
}

/**
 * Would the spec refuse deleting `item`: the rule it breaks (a live item of the rule's `children`
 * has it as parent), with the rule's status and message; undefined when the spec allows the delete
 * (or says nothing of it).
 */
export function deleteRefusal(
  doc: OpenApiDocument,
  live: readonly ModelItem[],
  item: ModelItem,
): Refusal<DeleteRequiresEmptyRule> | undefined {
  for (const rule of deleteRequiresEmptyRules(doc)) {
    if (rule.resource !== item.collection) continue;
    if (live.some((e) => e.collection === rule.children && e.parentId === item.id))
      return { rule, status: rule.status, message: stillHasChildren(doc, rule) };
  }
  return undefined;
}

/** The kind as the model asks it: a delete of an item that still has children of the rule's collection. */
export const deleteRequiresEmptyKind: StateRuleKind<'delete-requires-empty'> = {
  kind: 'delete-requires-empty',
  rules: deleteRequiresEmptyRules,
  refusal(doc, state, request) {
    if (request.action !== 'delete') return undefined;
    const refusal = deleteRefusal(doc, state.live, request.item);
    return refusal !== undefined && refusal.rule.operation === request.operationId ? refusal : undefined;
  },
};
