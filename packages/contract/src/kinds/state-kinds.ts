// The registry of state rule kinds: the kinds whose promise depends on what the target holds. The
// model-based property asks it for every write it sends (would the spec refuse it, and by which
// rule) and reports what it lists; a new kind of state rule is one module beside this file and one
// line here.
import type { OpenApiDocument, Rule } from '@roomkit/openapi';
import { deleteRequiresEmptyKind } from './delete-requires-empty.js';
import { parentMustExistKind } from './parent-must-exist.js';
import type { ModelRequest, ModelState, Refusal, StateRuleKind } from './state.js';
import { uniqueKind } from './unique.js';

/**
 * Every state kind, in the order a request is judged: a create under a deleted parent is refused
 * for its parent, whatever its name.
 */
export const STATE_RULE_KINDS: readonly (
  StateRuleKind<'parent-must-exist'> | StateRuleKind<'unique'> | StateRuleKind<'delete-requires-empty'>
)[] = [parentMustExistKind, uniqueKind, deleteRequiresEmptyKind];

/** The spec's rules of every state kind. */
export function stateRules(doc: OpenApiDocument): Rule[] {
  return STATE_RULE_KINDS.flatMap((k): Rule[] => k.rules(doc));
}

/** The first rule the request breaks in `state` (with its status and why), asking each state kind in turn. */
export function refusalOf(doc: OpenApiDocument, state: ModelState, request: ModelRequest): Refusal<Rule> | undefined {
  for (const kind of STATE_RULE_KINDS) {
    const refusal = kind.refusal(doc, state, request);
    if (refusal !== undefined) return refusal;
  }
  return undefined;
}
