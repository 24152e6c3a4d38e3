// The `unique` rule kind (`x-roomkit-rules` entries such as room-name-unique-per-property): its
// rules, its status and message, read from the spec, and a pure oracle over a small state model.
// The sandbox enforces the same entries with code of its own: a judge must not share the code it
// judges.
import { alreadyUsed, rulesOfKind, type OpenApiDocument, type Rule } from '@roomkit/openapi';
import type { ModelItem, ModelWrite, Refusal, StateRuleKind } from './state.js';

export type UniqueRule = Extract<Rule, { kind: 'unique' }>;
export type { ModelItem, ModelWrite } from './state.js';

/** The spec's `unique` rules. */
export function uniqueRules(doc: OpenApiDocument): UniqueRule[] {
  return rulesOfKind(doc, 'unique');
}

/**
 * The id of the item of collection `scope` above `item` (the item itself when it is one),
 * following parent ids through `known` (live and deleted items: a deleted parent still scopes).
 */
export function scopeOf(
  known: readonly ModelItem[],
  item: { collection: string; parentId: string; id?: string },
  scope: string,
): string | undefined {
  let cursor: { collection: string; parentId: string; id?: string } | undefined = item;
  const seen = new Set<string>();
  while (cursor !== undefined && cursor.collection !== scope) {
    const parentId: string = cursor.parentId;
    if (seen.has(parentId)) return undefined;
    seen.add(parentId);
    cursor = known.find((e) => e.id === parentId);
  }
  return cursor?.id;
}

/**
 * Would the spec refuse this write: the `unique` rule it breaks (another live item of the same
 * collection and scope has the value), with the rule's status and message; undefined when it
 * breaks none. `live` are the items that exist; `known` adds the deleted ones, for the scopes.
 */
export function uniqueRefusal(
  doc: OpenApiDocument,
  live: readonly ModelItem[],
  known: readonly ModelItem[],
  write: ModelWrite,
): Refusal<UniqueRule> | undefined {
  for (const rule of uniqueRules(doc)) {
    if (rule.resource !== write.collection || !(rule.field in write.fields)) continue;
    const value = write.fields[rule.field];
    const scope = scopeOf(known, write, rule.scope);
    const taken = live.some(
      (e) =>
        e.collection === write.collection &&
        e.id !== write.id &&
        e.fields[rule.field] === value &&
        scopeOf(known, e, rule.scope) === scope,
    );
    if (taken) return { rule, status: rule.status, message: alreadyUsed(doc, rule, value) };
  }
  return undefined;
}

/** The kind as the model asks it: a create or an update naming a value another item of its scope has. */
export const uniqueKind: StateRuleKind<'unique'> = {
  kind: 'unique',
  rules: uniqueRules,
  refusal(doc, state, request) {
    if (request.action === 'delete') return undefined;
    const refusal = uniqueRefusal(doc, state.live, state.known, request.write);
    return refusal !== undefined && refusal.rule.operations.includes(request.operationId) ? refusal : undefined;
  },
};
