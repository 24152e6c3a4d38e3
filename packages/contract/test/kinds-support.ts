// What the rule kinds' tests share: items of the state model, and a spec with one rule changed.
import type { OpenApiDocument } from '@roomkit/openapi';
import type { ModelItem } from '../src/kinds/state.js';

/** An item of the state model, named `name` (its id when not given). */
export function modelItem(collection: string, id: string, parentId: string, name = id): ModelItem {
  return { collection, id, parentId, fields: { name } };
}

/** The document with one `x-roomkit-rules` entry changed (`undefined` takes it out). */
export function withRule(
  doc: OpenApiDocument,
  name: string,
  change: ((entry: Record<string, unknown>) => Record<string, unknown>) | undefined,
): OpenApiDocument {
  const rules = { ...(doc['x-roomkit-rules'] as Record<string, Record<string, unknown>>) };
  if (change === undefined) delete rules[name];
  else rules[name] = change(rules[name]!);
  return { ...doc, 'x-roomkit-rules': rules };
}
