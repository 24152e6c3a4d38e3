// The `exactly-one` kind: of a non-empty array, exactly one item has the field at the value
// (one default bed configuration).
import type { ObjectRuleKind, Obj } from './object-kind.js';

export const exactlyOne: ObjectRuleKind<'exactly-one'> = {
  kind: 'exactly-one',
  judge(_doc, rule, obj) {
    const items = obj[rule.array];
    if (!Array.isArray(items) || items.length === 0) return undefined;
    const count = items.filter((i) => i && typeof i === 'object' && (i as Obj)[rule.field] === rule.value).length;
    if (count === 1) return undefined;
    return `exactly one of ${rule.array} must have ${rule.field} = ${JSON.stringify(rule.value)}, found ${count}`;
  },
};
