// The `sole-item` kind: an item with the field at the value must be the array's only item.
import type { ObjectRuleKind, Obj } from './object-kind.js';

export const soleItem: ObjectRuleKind<'sole-item'> = {
  kind: 'sole-item',
  judge(_doc, rule, obj) {
    const items = obj[rule.array];
    if (!Array.isArray(items) || items.length <= 1) return undefined;
    const holder = items.findIndex((i) => i && typeof i === 'object' && (i as Obj)[rule.field] === rule.value);
    if (holder < 0) return undefined;
    return `${rule.array}[${holder}] has ${rule.field} ${JSON.stringify(rule.value)} but ${rule.array} has ${items.length} items; it must be the only one`;
  },
};
