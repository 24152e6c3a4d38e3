// The `update-persists` rule kind: an update the target acknowledged shows in every later read (a
// vendor may show it a little later, within the consistency wait). Its rule read from the spec,
// and a pure verdict on the read after an acknowledged update: what it shows that the update did
// not set. The hierarchy and lifecycle properties ask it.
import { ruleOf, type OpenApiDocument, type Rule } from '@roomkit/openapi';

export type UpdatePersistsRule = Extract<Rule, { kind: 'update-persists' }>;

/** The spec's `update-persists` rule (hospitality has one). */
export function updatePersistsRule(doc: OpenApiDocument): UpdatePersistsRule {
  return ruleOf(doc, 'update-persists');
}

/** A read as the verdict sees it: whether it succeeded, its status, and its body. */
export interface ReadView {
  readonly ok: boolean;
  readonly status?: number;
  readonly body?: unknown;
}

/**
 * What breaks the rule in the read after an acknowledged update that set `sent`: the read refused
 * (`answers <status>`: the item is gone or unreadable after an update), or the first sent field it
 * shows otherwise (`shows <field> <value>`); undefined when the read shows every field as sent.
 */
export function unpersisted(sent: Readonly<Record<string, unknown>>, read: ReadView): string | undefined {
  if (!read.ok) return `answers ${read.status ?? 'nothing'}`;
  const body = (read.body ?? {}) as Record<string, unknown>;
  for (const [field, value] of Object.entries(sent))
    if (body[field] !== value) return `shows ${field} ${JSON.stringify(body[field])}`;
  return undefined;
}
