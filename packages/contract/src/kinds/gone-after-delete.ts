// The `gone-after-delete` rule kind: after a delete the item is gone everywhere. Its rule and
// status read from the spec, and pure oracles over the state model: what a request naming a
// deleted item must answer, which items a list may no longer show, and what several deletes of
// one item sent together may answer. The sandbox enforces the same entry with code of its own.
import { rulesOfKind, type OpenApiDocument, type Rule } from '@roomkit/openapi';
import type { ModelItem, Refusal } from './state.js';

export type GoneAfterDeleteRule = Extract<Rule, { kind: 'gone-after-delete' }>;

/** The spec's `gone-after-delete` rule (one per spec), if it has one. */
export function goneAfterDeleteRule(doc: OpenApiDocument): GoneAfterDeleteRule | undefined {
  return rulesOfKind(doc, 'gone-after-delete')[0];
}

/** The status a deleted or unknown item answers, if the spec says. */
export function goneStatus(doc: OpenApiDocument): number | undefined {
  return goneAfterDeleteRule(doc)?.status;
}

/**
 * What a read, an update or a delete naming `id` must answer: the rule's status with its
 * message when `id` is an item the model deleted (and no live item has it again); undefined when
 * the oracle knows nothing of it (a live item, or one the run never had).
 */
export function deletedAnswer(
  doc: OpenApiDocument,
  live: readonly ModelItem[],
  deleted: readonly ModelItem[],
  id: string,
): Refusal<GoneAfterDeleteRule> | undefined {
  const rule = goneAfterDeleteRule(doc);
  if (rule === undefined || live.some((e) => e.id === id)) return undefined;
  const item = deleted.find((e) => e.id === id);
  if (item === undefined) return undefined;
  return { rule, status: rule.status, message: `${item.collection} item ${id} was deleted` };
}

/** The ids a list shows that the model deleted (each breaks the rule: no page shows a deleted item). */
export function ghostsIn(
  doc: OpenApiDocument,
  deleted: readonly ModelItem[],
  shown: readonly { id: string }[],
): string[] {
  if (goneAfterDeleteRule(doc) === undefined) return [];
  return shown.filter((item) => deleted.some((e) => e.id === item.id)).map((item) => item.id);
}

/**
 * Several deletes of one item sent together, judged as the outcome of some order of them: one
 * may succeed, every other must answer the rule's status (as a delete of a deleted item does).
 * Returns the index of an answer that breaks the rule (a second success, or another refusal)
 * with why, or undefined. Answers with no status (no answer) and 5xx are left to the checks that
 * judge every answer.
 */
export function simultaneousDeletesVerdict(
  doc: OpenApiDocument,
  statuses: readonly (number | undefined)[],
): { culprit: number; reason: string } | undefined {
  const rule = goneAfterDeleteRule(doc);
  if (rule === undefined) return undefined;
  const success = (s: number | undefined) => s !== undefined && s >= 200 && s < 300;
  const successes = statuses.flatMap((s, i) => (success(s) ? [i] : []));
  if (successes.length > 1)
    return {
      culprit: successes[1]!,
      reason: `${successes.length} succeeded; one may, every other must answer ${rule.status}`,
    };
  const odd = statuses.findIndex((s) => s !== undefined && !success(s) && s !== rule.status && s < 500);
  if (odd >= 0)
    return {
      culprit: odd,
      reason: `one answered ${statuses[odd]}; one may succeed, every other must answer ${rule.status}`,
    };
  return undefined;
}
