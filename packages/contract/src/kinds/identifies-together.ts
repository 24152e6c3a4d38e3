// The `identifies-together` rule kind: fields that name one thing together (Room Retrieve's
// hotel_id with channel_hotel_id): a request that takes one of them from another known thing
// names nothing, and is refused with the rule's status, never answered with either's data. Its
// rules and status read from the spec, the requests that mix two known things, and a pure verdict
// on the answer. The paired-ids property (room-retrieve/paired-ids.ts) sends them.
import { rulesOfKind, type IdentifiesTogetherRule, type OpenApiDocument } from '@roomkit/openapi';
import { refusalVerdict, type RefusalVerdict } from './verdict.js';

/** The spec's `identifies-together` rules that cover the operation. */
export function identifiesTogetherRules(doc: OpenApiDocument, operationId: string): IdentifiesTogetherRule[] {
  return rulesOfKind(doc, 'identifies-together').filter((r) => r.operations.includes(operationId));
}

/**
 * The body that mixes two known things for a rule: `own`'s fields with `field` taken from `other`;
 * undefined when the two share that field's value (two hotels of one channel: there is no mix).
 */
export function mixedBody(
  own: Readonly<Record<string, string>>,
  other: Readonly<Record<string, string>>,
  field: string,
): Record<string, string> | undefined {
  const lent = other[field];
  if (lent === undefined || lent === own[field]) return undefined;
  return { ...own, [field]: lent };
}

/** The verdict on the answer to a mixed request: refused with the rule's status, or broken. */
export function mixedVerdict(rule: IdentifiesTogetherRule, status: number | undefined): RefusalVerdict | undefined {
  return refusalVerdict([rule.status], status);
}
