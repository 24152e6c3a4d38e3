// The `parent-must-exist` rule kind: a create naming a parent that does not exist (never did, or
// was deleted) is refused. Its rules and status read from the spec, and a pure oracle over the
// state model. The sandbox enforces the same entries with code of its own.
import { rulesOfKind, type OpenApiDocument, type Rule } from '@roomkit/openapi';
import type { ModelItem, Refusal, StateRuleKind } from './state.js';

export type ParentMustExistRule = Extract<Rule, { kind: 'parent-must-exist' }>;

/** The spec's `parent-must-exist` rules. */
export function parentMustExistRules(doc: OpenApiDocument): ParentMustExistRule[] {
  return rulesOfKind(doc, 'parent-must-exist');
}

/**
 * Would the spec refuse this create: the rule it breaks when `operationId` is one of the rule's
 * operations and the parent is an item the model knows but that no longer lives (deleted), with
 * the rule's status and message. A parent outside the model (the organization, another user's
 * item) is not the oracle's to judge: undefined.
 */
export function parentRefusal(
  doc: OpenApiDocument,
  live: readonly ModelItem[],
  known: readonly ModelItem[],
  create: { readonly operationId: string; readonly parentId: string },
): Refusal<ParentMustExistRule> | undefined {
  const parent = known.find((e) => e.id === create.parentId);
  if (parent === undefined || live.some((e) => e.id === create.parentId)) return undefined;
  const rule = parentMustExistRules(doc).find((r) => r.operations.includes(create.operationId));
  return rule === undefined
    ? undefined
    : { rule, status: rule.status, message: `${create.operationId} under ${create.parentId}, which was deleted` };
}

/** The kind as the model asks it: a create under a parent the model saw deleted. */
export const parentMustExistKind: StateRuleKind<'parent-must-exist'> = {
  kind: 'parent-must-exist',
  rules: parentMustExistRules,
  refusal(doc, state, request) {
    if (request.action !== 'create') return undefined;
    return parentRefusal(doc, state.live, state.known, {
      operationId: request.operationId,
      parentId: request.write.parentId,
    });
  },
};
