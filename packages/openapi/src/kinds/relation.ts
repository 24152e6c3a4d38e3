// The `relation` kind: two numeric fields of one object compare as the rule says
// (`adults <= max_guests`). A field left out counts as its schema default.
import { deref, type OpenApiDocument } from '../document.js';
import type { ObjectRuleKind, Obj } from './object-kind.js';

const compare: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
};

/** A field's value, or its schema default when absent (the vendor applies defaults). */
function fieldValue(doc: OpenApiDocument, obj: Obj, schema: Obj, field: string): unknown {
  if (obj[field] !== undefined) return obj[field];
  const prop = deref<Obj>(doc, ((schema.properties ?? {}) as Obj)[field], '').value;
  return prop && typeof prop === 'object' ? prop.default : undefined;
}

export const relation: ObjectRuleKind<'relation'> = {
  kind: 'relation',
  judge(doc, rule, obj, schema) {
    const left = fieldValue(doc, obj, schema, rule.left);
    const right = fieldValue(doc, obj, schema, rule.right);
    if (typeof left !== 'number' || typeof right !== 'number') return undefined; // schema checks report types
    if (compare[rule.operator]!(left, right)) return undefined;
    return `${rule.left} (${left}) must be ${rule.operator} ${rule.right} (${right})`;
  },
};
