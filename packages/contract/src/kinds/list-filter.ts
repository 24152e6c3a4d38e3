// The `list-filter` rule kind: every item of every page a filtered list answers belongs to the
// filter's value, whoever created it (an organization's property list holds only that
// organization's properties). Its rule read from the spec, and a pure oracle over one page.
// The sandbox filters its lists with code of its own.
import { rulesOfKind, type OpenApiDocument, type Rule } from '@roomkit/openapi';

export type ListFilterRule = Extract<Rule, { kind: 'list-filter' }>;

/** The spec's `list-filter` rule that covers the list operation, if any. */
export function listFilterRule(doc: OpenApiDocument, operationId: string): ListFilterRule | undefined {
  return rulesOfKind(doc, 'list-filter').find((r) => r.operations.includes(operationId));
}

/**
 * The first item of a page that names another value than `wanted` in `field` (the item and the
 * value it names), or undefined when every item belongs. An item without the field, or one that
 * is not an object, is left to the schema check. One item is proof enough.
 */
export function strangerIn(
  items: readonly unknown[],
  field: string,
  wanted: string,
): { item: Record<string, unknown>; value: unknown } | undefined {
  for (const item of items) {
    if (item === null || typeof item !== 'object' || !(field in item)) continue;
    const value = (item as Record<string, unknown>)[field];
    if (value === undefined || String(value) === wanted) continue;
    return { item: item as Record<string, unknown>, value };
  }
  return undefined;
}
