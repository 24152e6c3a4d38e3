// The `no-op-update` rule kind: an update that changes nothing (an item renamed to the name it
// has) is an ordinary update, accepted with the rule's status, and the item reads back unchanged;
// uniqueness never counts an item against itself. Its rule and status read from the spec, and a
// pure verdict on the status that answered such an update. The no-op-writes property and the
// model-based property's renames to an item's own name ask it.
import { rulesOfKind, type OpenApiDocument, type Rule } from '@roomkit/openapi';

export type NoOpUpdateRule = Extract<Rule, { kind: 'no-op-update' }>;

/** The spec's `no-op-update` rule that covers the update operation, if any. */
export function noOpUpdateRule(doc: OpenApiDocument, operationId: string): NoOpUpdateRule | undefined {
  return rulesOfKind(doc, 'no-op-update').find((r) => r.operations.includes(operationId));
}

/**
 * The verdict on the status answering an update that changes nothing: the rule and the status it
 * expects when the answer is another (a refusal, or another success), undefined when it is the
 * rule's, when no rule covers the operation, or when no answer came or a 5xx did (the checks that
 * judge every answer report those).
 */
export function noOpVerdict(
  doc: OpenApiDocument,
  operationId: string,
  status: number | undefined,
): { rule: NoOpUpdateRule; expected: number } | undefined {
  const rule = noOpUpdateRule(doc, operationId);
  if (rule === undefined || status === undefined || status >= 500 || status === rule.status) return undefined;
  return { rule, expected: rule.status };
}
