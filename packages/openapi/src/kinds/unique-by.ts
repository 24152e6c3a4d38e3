// The `unique-by` kind: no two items of an array share the field's value.
import type { ObjectRuleKind, Obj } from './object-kind.js';

export const uniqueBy: ObjectRuleKind<'unique-by'> = {
  kind: 'unique-by',
  judge(_doc, rule, obj) {
    const items = obj[rule.array];
    if (!Array.isArray(items)) return undefined;
    const seen = new Set<unknown>();
    for (const item of items) {
      const v = item && typeof item === 'object' ? (item as Obj)[rule.field] : undefined;
      if (seen.has(v)) return `${rule.field} ${JSON.stringify(v)} repeats within ${rule.array}`;
      seen.add(v);
    }
    return undefined;
  },
};
